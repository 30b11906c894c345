package io.textlstm.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.FileTrees;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassifierTest {

    @TempDir static Path shared;
    static ExportResult model;

    @TempDir Path tmp;

    @BeforeAll
    static void export() throws Exception {
        model = ExportFixtures.exportBinary(shared.resolve("imdb_lstm"));
    }

    @Test
    void loadsABasePathAsItsHighestVersion() throws Exception {
        Path base = tmp.resolve("m");
        FileTrees.copy(model.directory(), base.resolve("2"));
        FileTrees.copy(model.directory(), base.resolve("10"));
        Files.createDirectories(base.resolve(".tmp-11-abc"));
        try (TextClassifier c = TextClassifier.load(base)) {
            assertEquals(10, c.version());
            assertEquals(List.of("negative", "positive"), c.labels());
            assertEquals(ExportFixtures.MAX_LENGTH, c.maxLength());
        }
    }

    @Test
    void emptyAndOddTextsGetADefinedAnswer() {
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_000_000) {
            big.append("A long, long review with words and more words. ");
        }
        try (TextClassifier c = TextClassifier.load(model.directory())) {
            int[] startOnly = new int[c.maxLength()];
            startOnly[c.maxLength() - 1] = 1;
            float[] empty = c.predictIds(new int[][] {startOnly})[0];
            List<Prediction> ps = c.predict("", " ", "\t\n\r", "😀👍", "\u0000\u0001\u0007", "日本語 Русский ΕΛΛΗΝΙΚΆ",
                    big.toString());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(empty, ps.get(i).probabilities(), "whitespace text " + i + " = ids [0..0, 1]");
            }
            assertArrayEquals(empty, ps.get(3).probabilities(), "emoji only: no tokens");
            assertArrayEquals(empty, ps.get(4).probabilities(), "control characters only: no tokens");
            for (Prediction p : ps) {
                float pr = p.probabilities()[0];
                assertTrue(pr >= 0 && pr <= 1 && !Float.isNaN(pr), p.toString());
                assertTrue(p.probability() >= 0.5f, "predicted class is the more likely one: " + p);
            }
            assertEquals(List.of(), c.predict());
        }
    }

    @Test
    void predictIdsValidatesBeforeTensorFlowSeesTheIds() {
        try (TextClassifier c = TextClassifier.load(model.directory())) {
            int n = c.maxLength();
            int[] ok = new int[n];
            ok[n - 1] = 1;
            int[] tooBig = ok.clone();
            tooBig[3] = c.vocabularySize();
            BadInputException e = assertThrows(BadInputException.class, () -> c.predictIds(new int[][] {ok, tooBig}));
            assertTrue(e.getMessage().contains("id " + c.vocabularySize() + " at row 1, position 3 is out of range"), e.getMessage());
            int[] negative = ok.clone();
            negative[0] = -1;
            assertThrows(BadInputException.class, () -> c.predictIds(new int[][] {negative}));
            assertThrows(BadInputException.class, () -> c.predictIds(new int[][] {new int[n + 1]}));
            int[] maxId = ok.clone();
            maxId[0] = c.vocabularySize() - 1;
            assertEquals(1, c.predictIds(new int[][] {maxId}).length);
        }
    }

    @Test
    void eightThreadsGiveTheSameAnswersAsOne() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("review " + i + ": the plot was " + (i % 3 == 0 ? "great" : "bad") + " and the movie " + i % 7);
        }
        try (TextClassifier c = TextClassifier.load(model.directory())) {
            List<Prediction> single = new ArrayList<>();
            for (String t : texts) {
                single.add(c.predict(t).get(0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<List<Prediction>>> jobs = new ArrayList<>();
                for (int th = 0; th < 8; th++) {
                    int seed = th;
                    jobs.add(() -> {
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < texts.size(); i++) {
                            order.add(i);
                        }
                        Collections.shuffle(order, new java.util.Random(seed));
                        Prediction[] out = new Prediction[texts.size()];
                        for (int i = 0; i < order.size(); i += 1 + seed % 4) {
                            List<String> batch = new ArrayList<>();
                            List<Integer> idx = new ArrayList<>();
                            for (int j = i; j < Math.min(order.size(), i + 1 + seed % 4); j++) {
                                batch.add(texts.get(order.get(j)));
                                idx.add(order.get(j));
                            }
                            List<Prediction> got = c.predict(batch);
                            for (int j = 0; j < idx.size(); j++) {
                                out[idx.get(j)] = got.get(j);
                            }
                        }
                        return List.of(out);
                    });
                }
                for (Future<List<Prediction>> f : pool.invokeAll(jobs)) {
                    assertEquals(single, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closedClassifierFailsCleanly() {
        TextClassifier c = TextClassifier.load(model.directory());
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.predict("x"));
    }

    @Test
    void brokenFoldersGiveClearErrors() throws Exception {
        assertMessage(tmp.resolve("nope"), "does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessage(empty, "no saved_model.pb and no numeric version folders");

        Path noVars = FileTrees.copy(model.directory(), tmp.resolve("a/1"));
        FileTrees.delete(noVars.resolve("variables"));
        assertMessage(tmp.resolve("a"), "variables/variables.index (the trained weights) is missing");

        Path noLabels = FileTrees.copy(model.directory(), tmp.resolve("b/1"));
        Files.delete(noLabels.resolve("assets/labels.txt"));
        assertMessage(noLabels, "assets/labels.txt (the class names) is missing");

        Path noPb = FileTrees.copy(model.directory(), tmp.resolve("c/1"));
        Files.delete(noPb.resolve("saved_model.pb"));
        Files.createDirectories(noPb.resolve("x"));
        assertMessage(noPb, "no saved_model.pb");

        Path foreign = FileTrees.copy(model.directory(), tmp.resolve("d/1"));
        Files.delete(foreign.resolve("assets.extra/model.json"));
        assertMessage(foreign, "not a textlstm export");

        Path otherJson = FileTrees.copy(model.directory(), tmp.resolve("e/1"));
        Files.writeString(otherJson.resolve("assets.extra/model.json"), "{\"hello\": 1}");
        assertMessage(otherJson, "not a textlstm export");

        Path truncated = FileTrees.copy(model.directory(), tmp.resolve("f/1"));
        byte[] pb = Files.readAllBytes(truncated.resolve("saved_model.pb"));
        Files.write(truncated.resolve("saved_model.pb"), java.util.Arrays.copyOf(pb, pb.length / 2));
        assertMessage(truncated, "cannot load the SavedModel");

        Path truncatedVars = FileTrees.copy(model.directory(), tmp.resolve("g/1"));
        try (Stream<Path> s = Files.list(truncatedVars.resolve("variables"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().contains("data")).toList()) {
                Files.write(p, new byte[3]);
            }
        }
        assertMessage(truncatedVars, "cannot load the SavedModel");
    }

    @Test
    void readsTheFormatVersion1ModelJsonOfOlderExports() throws Exception {
        // older exports (savedmodel/imdb_lstm/1) keep the exporter's facts under "export"; see docs/savedmodel.md
        Path legacy = FileTrees.copy(model.directory(), tmp.resolve("legacy/1"));
        Path json = legacy.resolve("assets.extra/model.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode current =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode old = mapper.createObjectNode();
        old.put("format", "textlstm-savedmodel/1");
        old.set("metrics", current.get("metrics"));
        current.remove("metrics");
        current.put("format_version", 1);
        old.set("export", current);
        Files.writeString(json, mapper.writeValueAsString(old));
        try (TextClassifier c = TextClassifier.load(legacy); TextClassifier now = TextClassifier.load(model.directory())) {
            assertEquals(ExportFixtures.MAX_LENGTH, c.maxLength());
            assertEquals(now.vocabularySize(), c.vocabularySize());
            assertArrayEquals(now.predict("fine").get(0).probabilities(), c.predict("fine").get(0).probabilities());
        }
        Files.writeString(json, mapper.writeValueAsString(mapper.createObjectNode().set("export",
                mapper.createObjectNode().put("format", "something-else"))));
        assertMessage(legacy, "not a textlstm export");
    }

    private static void assertMessage(Path p, String fragment) {
        BadInputException e = assertThrows(BadInputException.class, () -> TextClassifier.load(p).close());
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
}
