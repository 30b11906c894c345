package io.textlstm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextLstmClassifier in a real local Spark (local[2]) on real SavedModels; nothing is mocked. */
class TextLstmClassifierTest {

    private static final StructType ID_TEXT = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("text", DataTypes.StringType, true);

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Path threeClasses;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTests.spark();
        threeClasses = TinyExports.threeClasses(tmp.resolve("three")).directory();
    }

    private static Dataset<Row> frame(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        // contiguous slices, the same on every call (repartition() would not promise that)
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                ID_TEXT);
    }

    /**
     * What TextClassifier answers when called on the same batches as the transformer: the LSTM kernel's float sums
     * depend on which rows share a batch (docs/spark.md), so bitwise equality holds batch for batch.
     */
    private static Prediction[] expectedInSameBatches(Dataset<Row> data, int batchSize, Path model) {
        List<List<Row>> partitions = data.javaRDD().glom().collect();
        int n = partitions.stream().mapToInt(List::size).sum();
        Prediction[] out = new Prediction[n];
        try (TextClassifier classifier = TextClassifier.load(model)) {
            for (List<Row> partition : partitions) {
                for (int from = 0; from < partition.size(); from += batchSize) {
                    List<Row> batch = partition.subList(from, Math.min(partition.size(), from + batchSize));
                    List<Row> scored = batch.stream().filter(r -> !r.isNullAt(1)).toList();
                    List<Prediction> p = classifier.predict(scored.stream().map(r -> r.getString(1)).toList());
                    for (int i = 0; i < scored.size(); i++) {
                        out[scored.get(i).getInt(0)] = p.get(i);
                    }
                }
            }
        }
        return out;
    }

    /** Rows by id: repartitioning shuffles them. */
    private static Row[] byId(Dataset<Row> scored, int n) {
        Row[] out = new Row[n];
        for (Row r : scored.collectAsList()) {
            out[r.getInt(0)] = r;
        }
        return out;
    }

    /** The expected probability vector: one per class; a binary model's P becomes [1 - P, P] in float. */
    private static double[] expectedVector(Prediction p) {
        float[] row = p.probabilities();
        if (row.length == 1) {
            return new double[] {1f - row[0], row[0]};
        }
        double[] d = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            d[i] = row[i];
        }
        return d;
    }

    @Test
    void imdbPredictionsEqualTextClassifierBitwise() {
        List<LabeledText> test = DatasetLoader.load(DataSettings.defaults()).test();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) { // both classes: the split is 12,500 negative, then 12,500 positive
            texts.add(test.get(i).text());
            texts.add(test.get(test.size() - 1 - i).text());
        }
        Dataset<Row> data = frame(texts, 3);
        List<Prediction> expected = Arrays.asList(expectedInSameBatches(data, 300, SparkTests.shippedModel()));
        Dataset<Row> scored = new TextLstmClassifier()
                .setModelPath(SparkTests.shippedModel().toString())
                .setBatchSize(300)
                .transform(data);
        Row[] rows = byId(scored, texts.size());
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), rows[i].getString(1));
            assertEquals(expected.get(i).label(), rows[i].getString(2), "label of review " + i);
            double[] got = ((Vector) rows[i].get(3)).toArray();
            assertTrue(Arrays.equals(expectedVector(expected.get(i)), got),
                    "probabilities of review " + i + ": " + Arrays.toString(got) + " vs " + expected.get(i));
            labels.add(rows[i].getString(2));
        }
        assertEquals(Set.of("negative", "positive"), labels);
    }

    @Test
    void multiClassExportYieldsItsStringLabels() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            StringBuilder t = new StringBuilder();
            for (int w = 0; w <= i % 9; w++) {
                t.append(TinyExports.WORDS.get((i * 7 + w * 3) % TinyExports.WORDS.size())).append(' ');
            }
            texts.add(t.toString());
        }
        Dataset<Row> data = frame(texts, 2);
        List<Prediction> expected = Arrays.asList(expectedInSameBatches(data, 7, threeClasses));
        Row[] rows = byId(new TextLstmClassifier()
                .setModelPath(threeClasses.getParent().toString()) // base path: version 1 is the highest
                .setInputCol("text").setPredictionCol("section").setProbabilityCol("p")
                .setBatchSize(7)
                .transform(data), texts.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected.get(i).label(), rows[i].getAs("section"));
            Vector p = rows[i].getAs("p");
            assertEquals(3, p.size());
            assertTrue(Arrays.equals(expectedVector(expected.get(i)), p.toArray()));
            assertEquals(TinyExports.THREE_LABELS.get(p.argmax()), rows[i].getAs("section"));
            seen.add(rows[i].getAs("section"));
        }
        assertTrue(seen.size() >= 2, "the fixture should spread texts over classes, got " + seen);
        assertTrue(TinyExports.THREE_LABELS.containsAll(seen));
    }

    @Test
    void nullTextGivesNullsAndEmptyTextIsScored() {
        List<String> texts = Arrays.asList("I loved it", null, "", "   ", "Dull.", null);
        Dataset<Row> data = frame(texts, 1);
        Prediction[] expected = expectedInSameBatches(data, 2, SparkTests.shippedModel());
        Row[] rows = byId(new TextLstmClassifier()
                .setModelPath(SparkTests.shippedModel().toString())
                .setBatchSize(2)
                .transform(data), texts.size());
        assertEquals(texts.size(), rows.length);
        for (int i : new int[] {1, 5}) {
            assertNull(rows[i].get(2));
            assertNull(rows[i].get(3));
        }
        for (int i : new int[] {0, 2, 3, 4}) {
            assertEquals(expected[i].label(), rows[i].getString(2));
            assertTrue(Arrays.equals(expectedVector(expected[i]), ((Vector) rows[i].get(3)).toArray()));
        }
        assertEquals("positive", rows[0].getString(2));
        assertEquals("negative", rows[4].getString(2));
    }

    @Test
    void savedPipelineGivesTheSameOutput() throws Exception {
        List<String> texts = List.of("I loved it, the cast is wonderful", "Dull. A waste of two hours.",
                "<b>Great</b> fun", "the worst plot");
        Dataset<Row> data = frame(texts, 2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new SQLTransformer().setStatement("SELECT id, text, trim(text) AS review FROM __THIS__"),
            new TextLstmClassifier().setModelPath(SparkTests.shippedModel().toString())
                    .setInputCol("review").setPredictionCol("sentiment").setProbabilityCol("p").setBatchSize(3)});
        PipelineModel fitted = pipeline.fit(data);
        Path saved = tmp.resolve("pipeline");
        fitted.write().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());

        TextLstmClassifier stage = (TextLstmClassifier) loaded.stages()[1];
        assertEquals(SparkTests.shippedModel().toString(), stage.getModelPath());
        assertEquals("review", stage.getInputCol());
        assertEquals(3, stage.getBatchSize());
        Row[] before = byId(fitted.transform(data), texts.size());
        Row[] after = byId(loaded.transform(data), texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(before[i], after[i]);
            assertEquals(5, after[i].length());
        }
        // the stage alone round-trips as well
        stage.write().save(tmp.resolve("stage").toString());
        TextLstmClassifier alone = TextLstmClassifier.load(tmp.resolve("stage").toString());
        assertEquals(stage.uid(), alone.uid());
        assertEquals("sentiment", alone.getPredictionCol());
    }

    @Test
    void modelOnAnotherFileSystemIsCopiedToALocalFolderOnce() {
        spark.sparkContext().hadoopConfiguration().set("fs." + OtherSchemeFileSystem.SCHEME + ".impl",
                OtherSchemeFileSystem.class.getName());
        String remote = OtherSchemeFileSystem.SCHEME + "://" + threeClasses.getParent().toAbsolutePath();
        ModelLocation location = ModelLocation.resolve(remote, spark.sparkContext().hadoopConfiguration());
        assertTrue(!location.local() && location.version() == 1 && location.folder().startsWith("other:/"), location.toString());
        assertEquals(TinyExports.THREE_LABELS, location.labels());

        List<String> texts = List.of("the movie was great", "dull plot", "", "worst actors");
        Dataset<Row> data = frame(texts, 2);
        int before = ExecutorModels.loadedCount();
        Row[] rows = byId(new TextLstmClassifier().setModelPath(remote).setBatchSize(2).transform(data), texts.size());
        assertEquals(before + 1, ExecutorModels.loadedCount(), "one copy per JVM, shared by both tasks");
        Prediction[] expected = expectedInSameBatches(data, 2, threeClasses);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected[i].label(), rows[i].getString(2));
            assertTrue(Arrays.equals(expectedVector(expected[i]), ((Vector) rows[i].get(3)).toArray()));
        }
        new TextLstmClassifier().setModelPath(remote).transform(data).collectAsList();
        assertEquals(before + 1, ExecutorModels.loadedCount(), "the second job reuses the loaded model");

        BadInputException e = assertThrows(BadInputException.class,
                () -> new TextLstmClassifier().setModelPath(remote + "-missing").transform(data));
        assertEquals("model folder " + remote + "-missing does not exist", e.getMessage());
    }

    @Test
    void badModelPathFailsWithAMessageNamingIt() throws Exception {
        Dataset<Row> data = frame(List.of("I loved it"), 1);
        String missing = tmp.resolve("no-such-model").toString();
        BadInputException e = assertThrows(BadInputException.class,
                () -> new TextLstmClassifier().setModelPath(missing).transform(data).collectAsList());
        assertTrue(e.getMessage().contains(missing), e.getMessage());

        Path notAModel = Files.createDirectories(tmp.resolve("empty-base"));
        e = assertThrows(BadInputException.class,
                () -> new TextLstmClassifier().setModelPath(notAModel.toString()).transform(data));
        assertTrue(e.getMessage().contains(notAModel.toString()) && e.getMessage().contains("not a SavedModel"),
                e.getMessage());

        e = assertThrows(BadInputException.class,
                () -> new TextLstmClassifier().setInputCol("review").setModelPath(missing).transform(data));
        assertTrue(e.getMessage().contains("'review'"), e.getMessage());
    }
}
