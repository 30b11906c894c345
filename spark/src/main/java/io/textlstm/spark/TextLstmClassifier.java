package io.textlstm.spark;

import io.textlstm.BadInputException;
import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Classifies a text column with a textlstm SavedModel: a Spark ML {@link Transformer} that appends the predicted
 * label (a string) and the class probabilities (an ML vector, index = class id) to every row.
 *
 * <pre>{@code
 * Dataset<Row> scored = new TextLstmClassifier()
 *         .setModelPath("hdfs:///models/imdb_lstm")   // base path (highest version) or version folder
 *         .setInputCol("review")
 *         .transform(reviews);                       // + columns "prediction" and "probability"
 * }</pre>
 *
 * <p>The model path is resolved to one version folder on the driver when {@link #transform} is called; each executor
 * JVM then loads that folder once and shares it among its tasks. Texts go through the export's
 * {@code serving_default} signature as raw text, so the tokenizer is the one TF Serving runs. A null text gives null
 * label and probabilities; an empty text is scored like any other (the model's answer for an empty review). Saved
 * and loaded like other Spark ML stages, alone or inside a {@code Pipeline}. Contract: docs/spark.md.
 */
public final class TextLstmClassifier extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** Texts per {@code serving_default} call unless {@link #setBatchSize} says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntParam batchSize;

    public TextLstmClassifier() {
        this(Identifiable$.MODULE$.randomUID("textLstmClassifier"));
    }

    /** Used by Spark's reader to restore a saved stage under its uid. */
    public TextLstmClassifier(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath",
                "SavedModel base path (highest numeric version) or version folder, on any Hadoop file system");
        inputCol = new Param<>(this, "inputCol", "string column with the text to classify");
        predictionCol = new Param<>(this, "predictionCol", "output column: the predicted label (string)");
        probabilityCol = new Param<>(this, "probabilityCol", "output column: class probabilities (vector, index = class id)");
        batchSize = new IntParam(this, "batchSize", "texts per serving_default call (> 0)");
        setDefault(inputCol, "text");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(batchSize, DEFAULT_BATCH_SIZE);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() { return modelPath; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public IntParam batchSize() { return batchSize; }

    public TextLstmClassifier setModelPath(String value) { set(modelPath, value); return this; }
    public TextLstmClassifier setInputCol(String value) { set(inputCol, value); return this; }
    public TextLstmClassifier setPredictionCol(String value) { set(predictionCol, value); return this; }
    public TextLstmClassifier setProbabilityCol(String value) { set(probabilityCol, value); return this; }

    public TextLstmClassifier setBatchSize(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + value);
        }
        set(batchSize, value);
        return this;
    }

    public String getModelPath() { return isDefined(modelPath) ? $(modelPath) : null; }
    public String getInputCol() { return $(inputCol); }
    public String getPredictionCol() { return $(predictionCol); }
    public String getProbabilityCol() { return $(probabilityCol); }
    public int getBatchSize() { return (Integer) $(batchSize); }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in);
        SparkSession spark = dataset.sparkSession();
        ModelLocation model = ModelLocation.resolve(getModelPath(), spark.sparkContext().hadoopConfiguration());
        PartitionScorer scorer = new PartitionScorer(model,
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()),
                in.fieldIndex(getInputCol()), getBatchSize());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String input = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(input)) {
            throw new BadInputException("input column '" + input + "' is not in the data; its columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        if (!DataTypes.StringType.equals(schema.apply(input).dataType())) {
            throw new BadInputException("input column '" + input + "' must hold strings, it holds "
                    + schema.apply(input).dataType().simpleString());
        }
        for (String col : new String[] {getPredictionCol(), getProbabilityCol()}) {
            if (Arrays.asList(schema.fieldNames()).contains(col)) {
                throw new BadInputException("output column '" + col + "' already exists in the data; choose another name");
            }
        }
        return schema
                .add(new StructField(getPredictionCol(), DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()))
                .add(new StructField(getProbabilityCol(), SQLDataTypes.VectorType(), true, org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public TextLstmClassifier copy(ParamMap extra) {
        return (TextLstmClassifier) defaultCopy(extra);
    }

    /** Reads a stage written by {@code write().save(path)} (Spark finds this through the class name). */
    public static MLReader<TextLstmClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a stage saved with {@code write().save(path)} or {@code save(path)}. */
    public static TextLstmClassifier load(String path) {
        return read().load(path);
    }
}
