package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/** The export loads where TF Serving would load it: the C++ SavedModel loader, a fresh process, no textlstm code. */
class ServabilityTest {

    @TempDir Path tmp;

    @Test
    @Tag("slow") // starts a JVM
    void freshJvmWithOnlyTensorFlowGivesBitwiseEqualProbabilities() throws Exception {
        List<String> texts = new ArrayList<>(TestCorpus.texts());
        texts.addAll(ExportRequest.DEFAULT_WARMUP_TEXTS);
        ExportResult export = new SavedModelExporter().export(ExportFixtures.binary(tmp.resolve("imdb_lstm"))
                .warmupTexts(texts).build());
        float[][] exportSession = export.warmupProbabilities();

        String out = ChildJvm.freshJvmLoad(tmp, export.directory(), texts);

        List<String> rows = out.lines().filter(l -> l.startsWith("row ")).toList();
        List<String> classify = out.lines().filter(l -> l.startsWith("classify ")).toList();
        List<String> regress = out.lines().filter(l -> l.startsWith("regress ")).toList();
        assertEquals(texts.size(), rows.size(), out);
        assertEquals(texts.size(), classify.size(), out);
        assertEquals(texts.size(), regress.size(), out);
        try (TextClassifier c = TextClassifier.load(export.directory())) {
            List<Prediction> inProcess = c.predict(texts);
            for (int i = 0; i < texts.size(); i++) {
                String[] f = rows.get(i).split(" ");
                int got = (int) Long.parseLong(f[1], 16);
                assertEquals(Float.floatToRawIntBits(exportSession[i][0]), got, "text " + i + " vs export session");
                assertEquals(Float.floatToRawIntBits(inProcess.get(i).probabilities()[0]), got, "text " + i + " vs client");
                assertEquals(inProcess.get(i).classId(), Integer.parseInt(f[2]));
                assertEquals(inProcess.get(i).label(), f[3]);
                // classify's scores are P(negative), P(positive); regress gives P(positive)
                String[] s = classify.get(i).split(" ");
                assertEquals(Float.floatToRawIntBits(1f - exportSession[i][0]), (int) Long.parseLong(s[1], 16), "classify " + i);
                assertEquals(got, (int) Long.parseLong(s[2], 16), "classify " + i);
                assertEquals(got, (int) Long.parseLong(regress.get(i).split(" ")[1], 16), "regress " + i);
            }
        }
        Set<String> sigs = out.lines().filter(l -> l.startsWith("signature ")).collect(Collectors.toSet());
        assertEquals(Set.of("signature serving_default tensorflow/serving/predict",
                "signature predict_ids tensorflow/serving/predict", "signature classify tensorflow/serving/classify",
                "signature regress tensorflow/serving/regress"), sigs, out);
    }

    /**
     * A poller like TF Serving's: loads every numeric folder the moment it appears, while exports run. It must
     * never see an incomplete model.
     */
    @Test
    void pollerNeverSeesAnIncompleteModel() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("polled"));
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> loaded = new ConcurrentLinkedQueue<>();
        Thread poller = new Thread(() -> {
            Set<String> seen = new java.util.HashSet<>();
            while (!stop.get() || seen.size() < 3) {
                try (Stream<Path> s = Files.list(base)) {
                    for (Path p : s.toList()) {
                        String name = p.getFileName().toString();
                        if (ExportLayout.isVersionName(name) && seen.add(name)) {
                            try (SavedModelBundle b = SavedModelBundle.load(p.toString(), "serve");
                                    TString in = TString.vectorOf("probe text");
                                    var r = b.function("serving_default").call(java.util.Map.of("text", in))) {
                                ((TFloat32) r.get("probabilities").orElseThrow()).getFloat(0, 0);
                                for (String f : List.of("assets/vocab.txt", "assets/labels.txt", "assets.extra/model.json",
                                        "assets.extra/tf_serving_warmup_requests")) {
                                    if (!Files.isRegularFile(p.resolve(f))) {
                                        failures.add(name + ": " + f + " missing");
                                    }
                                }
                                loaded.add(name);
                            } catch (Throwable t) {
                                failures.add(name + ": " + t);
                            }
                        }
                    }
                } catch (Exception e) {
                    failures.add("listing: " + e);
                }
                if (stop.get() && seen.size() < 3 && failures.size() > 0) {
                    return;
                }
            }
        });
        poller.start();
        for (int i = 0; i < 3; i++) {
            ExportFixtures.exportBinary(base);
        }
        stop.set(true);
        poller.join(60_000);
        assertEquals(List.of(), new ArrayList<>(failures));
        assertEquals(Set.of("1", "2", "3"), Set.copyOf(loaded));
    }
}
