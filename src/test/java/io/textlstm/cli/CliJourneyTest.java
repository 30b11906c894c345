package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train → evaluate → predict → export --checkpoint → inspect, through the command line, on a small CSV. */
class CliJourneyTest {
    @TempDir Path tmp;

    /** Three genres told apart by keywords anywhere in the text. */
    private Path csv(int rows) throws Exception {
        Random r = new Random(5);
        String[] filler = {"the", "a", "movie", "plot", "actor", "scene", "film", "story", "was", "is", "and", "of"};
        String[][] keywords = {{"spaceship", "alien"}, {"detective", "murder"}, {"kiss", "wedding"}};
        String[] genres = {"scifi", "crime", "romance"};
        List<String> lines = new ArrayList<>();
        lines.add("text,genre");
        for (int i = 0; i < rows; i++) {
            int g = r.nextInt(3);
            StringBuilder text = new StringBuilder();
            int len = 6 + r.nextInt(10);
            int at = r.nextInt(len);
            for (int t = 0; t < len; t++) {
                text.append(t == at ? keywords[g][r.nextInt(2)] : filler[r.nextInt(filler.length)]).append(' ');
            }
            lines.add(text.toString().trim() + "," + genres[g]);
        }
        Path file = tmp.resolve("genres.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void trainEvaluatePredictExportInspect() throws Exception {
        Path data = csv(600);
        Path base = tmp.resolve("savedmodel").resolve("genres");
        Path runs = tmp.resolve("runs");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--text-column", "text", "--label-column", "genre",
                "--runs-dir", runs.toString(), "--export", base.toString(), "--max-length", "20", "--num-words", "50",
                "--embedding-dim", "8", "--units", "16", "--epochs", "6", "--batch-size", "16", "--learning-rate", "0.01",
                "--quiet");
        assertEquals(0, train.exit(), train.err() + train.out());
        assertTrue(Files.isRegularFile(base.resolve("1").resolve("saved_model.pb")), train.out());

        CliRun evaluate = CliRun.of("evaluate", "--model", base.toString(), "--data", data.toString(), "--text-column", "text",
                "--label-column", "genre");
        assertEquals(0, evaluate.exit(), evaluate.err());
        double accuracy = Double.parseDouble(evaluate.out().replaceAll("(?s).*accuracy ([0-9.]+)%.*", "$1"));
        assertTrue(accuracy >= 90, evaluate.out());
        assertTrue(evaluate.out().contains("romance"), "confusion matrix names the labels: " + evaluate.out());

        CliRun predict = CliRun.of("predict", "--model", base.toString(), "an alien spaceship film", "the detective and the murder");
        assertEquals(0, predict.exit(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertTrue(lines.get(0).contains("scifi") && lines.get(1).contains("crime"), predict.out());

        Path runDir;
        try (Stream<Path> s = Files.list(runs)) {
            runDir = s.findFirst().orElseThrow();
        }
        CliRun export = CliRun.of("export", "--checkpoint", runDir.toString(), "--export", base.toString());
        assertEquals(0, export.exit(), export.err());
        assertTrue(Files.isRegularFile(base.resolve("2").resolve("saved_model.pb")), export.out());

        CliRun inspect = CliRun.of("inspect", base.resolve("2").toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("serving_default") && inspect.out().contains("predict_ids"), inspect.out());

        CliRun sigmoidForThree = CliRun.of("train", "--data", data.toString(), "--text-column", "text", "--label-column", "genre",
                "--runs-dir", runs.toString(), "--head", "sigmoid", "--no-export");
        assertEquals(2, sigmoidForThree.exit());
        assertTrue(sigmoidForThree.err().contains("--head: a sigmoid head needs exactly 2 classes, got 3"), sigmoidForThree.err());

        CliRun notARun = CliRun.of("export", "--checkpoint", tmp.toString());
        assertEquals(2, notARun.exit());
        assertTrue(notARun.err().contains("is not a textlstm run folder: it has neither metrics.json"), notARun.err());
    }
}
