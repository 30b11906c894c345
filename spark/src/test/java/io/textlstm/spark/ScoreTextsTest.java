package io.textlstm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ScoreTexts job end to end on real files, in the tests' local Spark. */
class ScoreTextsTest {

    @TempDir
    Path tmp;

    private record Run(int status, String err) {}

    private static Run run(String... args) {
        CommandLine cli = ScoreTexts.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        SparkTests.spark(); // the shared session; the job uses it and leaves it running
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void csvInCsvOutKeepsTheColumnsAndAddsLabelAndOneProbabilityPerClass() throws Exception {
        Path in = tmp.resolve("reviews.csv");
        Files.writeString(in, "id,review\n1,\"I loved it, the cast is wonderful\"\n2,Dull. A waste of two hours.\n"
                + "3,\n4,\"Multi\nline \"\"quoted\"\" text, great fun\"\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("scored.csv");
        Run r = run("--model", SparkTests.shippedModel().toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.status(), r.err());
        SparkSession spark = SparkTests.spark();
        List<Row> rows = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(out.toString()).orderBy("id").collectAsList();
        assertEquals(List.of("id", "review", "prediction", "probability_negative", "probability_positive"),
                List.of(rows.get(0).schema().fieldNames()));
        assertEquals(4, rows.size());
        assertEquals("positive", rows.get(0).getString(2));
        assertEquals("negative", rows.get(1).getString(2));
        assertEquals(null, rows.get(2).get(2)); // an empty CSV field is null in Spark: no text, no answer
        assertEquals("Multi\nline \"quoted\" text, great fun", rows.get(3).getString(1));
        double pNeg = Double.parseDouble(rows.get(0).getString(3));
        double pPos = Double.parseDouble(rows.get(0).getString(4));
        assertEquals(1.0, pNeg + pPos, 1e-6);
        assertTrue(pPos > 0.5);
    }

    @Test
    void jsonLinesInParquetOut() throws Exception {
        Path in = tmp.resolve("tickets.jsonl");
        Files.writeString(in, "{\"n\": 1, \"body\": \"I loved it\"}\n{\"n\": 2, \"body\": \"Dull.\"}\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("scored");
        Run r = run("--model", SparkTests.shippedModel().resolve("1").toString(), "--input", in.toString(),
                "--output", out.toString(), "--text-column", "body", "--prediction-column", "label",
                "--probability-column", "p", "--batch-size", "1", "--partitions", "2");
        assertEquals(0, r.status(), r.err());
        List<Row> rows = SparkTests.spark().read().parquet(out.toString()).orderBy("n").collectAsList();
        assertEquals(List.of("body", "n", "label", "p"), List.of(rows.get(0).schema().fieldNames()));
        assertEquals("positive", rows.get(0).getAs("label"));
        assertEquals("negative", rows.get(1).getAs("label"));
        assertEquals(2, rows.get(0).getList(3).size());
    }

    @Test
    void badInputIsOneLineAndExitStatus2() throws Exception {
        Path in = tmp.resolve("reviews.csv");
        Files.writeString(in, "review\nfine\n", StandardCharsets.UTF_8);
        Path missing = tmp.resolve("nowhere/imdb_lstm");
        Run r = run("--model", missing.toString(), "--input", in.toString(), "--output", tmp.resolve("o").toString());
        assertEquals(2, r.status());
        assertEquals("error: model folder " + missing + " does not exist", r.err().strip());

        r = run("--model", SparkTests.shippedModel().toString(), "--input", in.toString(), "--output",
                tmp.resolve("o").toString(), "--text-column", "body");
        assertEquals(2, r.status());
        assertTrue(r.err().strip().startsWith("error: input column 'body' is not in the data"), r.err());

        r = run("--model", SparkTests.shippedModel().toString(), "--input", tmp.resolve("texts.txt").toString(),
                "--output", tmp.resolve("o").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("give --input-format"), r.err());
    }
}
