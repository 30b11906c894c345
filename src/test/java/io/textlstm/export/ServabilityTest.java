package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/** The export loads where TF Serving would load it: the C++ SavedModel loader, a fresh process, no textlstm code. */
class ServabilityTest {

    @TempDir Path tmp;

    /** TF Java and what it needs (JavaCPP, protobuf, ndarray, natives) from this JVM's class path, nothing else. */
    static String tensorflowOnlyClassPath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("tensorflow-core-") || name.startsWith("ndarray-") || name.startsWith("javacpp-")
                    || name.startsWith("protobuf-java-")) {
                keep.add(entry);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void freshJvmWithOnlyTensorFlowGivesBitwiseEqualProbabilities() throws Exception {
        List<String> texts = new ArrayList<>(TestCorpus.texts());
        texts.addAll(ExportRequest.DEFAULT_WARMUP_TEXTS);
        ExportResult export = new SavedModelExporter().export(ExportFixtures.binary(tmp.resolve("imdb_lstm"))
                .warmupTexts(texts).build());
        float[][] exportSession = export.warmupProbabilities();

        // compile the probe on its own, with TF Java only on the class path: proves it needs nothing else
        Path classes = Files.createDirectories(tmp.resolve("probe-classes"));
        Path src = Path.of("src/test/java/io/textlstm/export/FreshJvmLoad.java");
        String cp = tensorflowOnlyClassPath();
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-cp", cp, "-d",
                classes.toString(), src.toString()));
        Path input = tmp.resolve("texts.hex");
        Files.write(input, texts.stream().map(t -> HexFormat.of().formatHex(t.getBytes(StandardCharsets.UTF_8))).toList());
        String out = run(List.of(javaBin(), "-cp", cp + File.pathSeparator + classes, FreshJvmLoad.class.getName(),
                export.directory().toString(), input.toString()));

        List<String> rows = out.lines().filter(l -> l.startsWith("row ")).toList();
        assertEquals(texts.size(), rows.size(), out);
        try (TextClassifier c = TextClassifier.load(export.directory())) {
            List<Prediction> inProcess = c.predict(texts);
            for (int i = 0; i < texts.size(); i++) {
                String[] f = rows.get(i).split(" ");
                int got = (int) Long.parseLong(f[1], 16);
                assertEquals(Float.floatToRawIntBits(exportSession[i][0]), got, "text " + i + " vs export session");
                assertEquals(Float.floatToRawIntBits(inProcess.get(i).probabilities()[0]), got, "text " + i + " vs client");
                assertEquals(inProcess.get(i).classId(), Integer.parseInt(f[2]));
                assertEquals(inProcess.get(i).label(), f[3]);
            }
        }
        Set<String> sigs = out.lines().filter(l -> l.startsWith("signature ")).collect(Collectors.toSet());
        assertEquals(Set.of("signature serving_default tensorflow/serving/predict",
                "signature predict_ids tensorflow/serving/predict"), sigs, out);
    }

    static String run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
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
