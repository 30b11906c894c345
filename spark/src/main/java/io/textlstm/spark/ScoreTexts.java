package io.textlstm.spark;

import io.textlstm.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark job: reads texts (CSV, JSON lines or Parquet), classifies one column with {@link TextLstmClassifier} and
 * writes the original columns plus the predicted label and the class probabilities (Parquet or CSV).
 *
 * <pre>
 * spark-submit --class io.textlstm.spark.ScoreTexts --jars ... textlstm-spark.jar \
 *     --model hdfs:///models/imdb_lstm --input reviews.csv --output scored.parquet
 * </pre>
 *
 * Exit status 0 on success, 2 for bad input or usage (a one-line message), 1 otherwise. Details: docs/spark.md.
 */
@Command(name = "score-texts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Classify a text column with a textlstm SavedModel on Spark; writes the input's columns plus "
                + "the predicted label and the class probabilities.")
public final class ScoreTexts implements Callable<Integer> {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;

    enum InputFormat { auto, csv, json, parquet }

    enum OutputFormat { auto, parquet, csv }

    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "SavedModel base path or version folder: local, HDFS, S3 (s3a://) or any file system Spark reads.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "File or folder of texts.")
    String input;

    @Option(names = "--input-format", defaultValue = "auto", paramLabel = "F",
            description = "auto (from the name: .csv, .json/.jsonl/.ndjson, .parquet), csv (header row, RFC 4180 quotes), "
                    + "json (JSON lines) or parquet (default: ${DEFAULT-VALUE}).")
    InputFormat inputFormat;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output folder (Spark writes part files).")
    String output;

    @Option(names = "--output-format", defaultValue = "auto", paramLabel = "F",
            description = "auto (csv when the name ends in .csv, else parquet), parquet or csv (default: ${DEFAULT-VALUE}). "
                    + "Parquet keeps the probabilities as one array column; CSV writes one column per class.")
    OutputFormat outputFormat;

    @Option(names = "--text-column", defaultValue = "review", paramLabel = "NAME",
            description = "Column with the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--prediction-column", defaultValue = "prediction", paramLabel = "NAME",
            description = "Output column with the predicted label (default: ${DEFAULT-VALUE}).")
    String predictionColumn;

    @Option(names = "--probability-column", defaultValue = "probability", paramLabel = "NAME",
            description = "Output column with the class probabilities; for CSV the prefix of one column per class "
                    + "(default: ${DEFAULT-VALUE}).")
    String probabilityColumn;

    @Option(names = "--batch-size", paramLabel = "N", description = "Texts per model call (default: "
            + TextLstmClassifier.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Repartition the input into N partitions first (default: as read).")
    Integer partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2]; omit under spark-submit, which sets it.")
    String master;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    @Override
    public Integer call() {
        // a local model folder and the input's format are checked before Spark starts (seconds, and pages of its log)
        ModelLocation location = ModelLocation.isLocal(model) ? ModelLocation.resolve(model, null) : null;
        InputFormat format = inputFormat();
        SparkSession.Builder builder = SparkSession.builder().appName("textlstm-score");
        if (master != null) {
            builder.master(master);
        }
        // a session that exists already (a notebook, a test) is the caller's to stop
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = builder.getOrCreate();
        try {
            long start = System.nanoTime();
            Dataset<Row> texts = read(spark, format);
            if (partitions != null) {
                texts = texts.repartition(partitions);
            }
            // resolved once: the labels named in the CSV header and the version scored are the same folder's
            if (location == null) {
                location = ModelLocation.resolve(model, spark.sparkContext().hadoopConfiguration());
            }
            TextLstmClassifier classifier = new TextLstmClassifier()
                    .setModelPath(location.folder())
                    .setInputCol(textColumn)
                    .setPredictionCol(predictionColumn)
                    .setProbabilityCol(probabilityColumn);
            if (batchSize != null) {
                classifier.setBatchSize(batchSize);
            }
            Dataset<Row> scored = classifier.transform(texts);
            boolean csv = outputFormat == OutputFormat.csv
                    || (outputFormat == OutputFormat.auto && output.toLowerCase(Locale.ROOT).endsWith(".csv"));
            Column vector = functions.col(probabilityColumn);
            // rows with null text have a null vector, which vector_to_array refuses
            Column probabilities = functions.when(vector.isNull(), functions.lit(null))
                    .otherwise(org.apache.spark.ml.functions.vector_to_array(vector, "float64"));
            if (csv) {
                List<String> labels = location.labels();
                for (int i = 0; i < labels.size(); i++) {
                    scored = scored.withColumn(probabilityColumn + "_" + labels.get(i), functions.element_at(probabilities, i + 1));
                }
                scored = scored.drop(probabilityColumn);
            } else {
                scored = scored.withColumn(probabilityColumn, probabilities);
            }
            var writer = scored.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            if (csv) {
                writer.option("header", "true").option("escape", "\"").csv(output);
            } else {
                writer.parquet(output);
            }
            long rows = csv ? spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"").csv(output).count()
                    : spark.read().parquet(output).count();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "Scored %d rows with %s (version %d) in %.1fs: %s (%s)%n",
                    rows, location.folder(), location.version(), seconds, output, csv ? "csv" : "parquet");
            return 0;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** The input format given, or told from the input's name. */
    private InputFormat inputFormat() {
        if (inputFormat != InputFormat.auto) {
            return inputFormat;
        }
        String name = input.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".csv")) {
            return InputFormat.csv;
        } else if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return InputFormat.json;
        } else if (name.endsWith(".parquet")) {
            return InputFormat.parquet;
        }
        throw new BadInputException("cannot tell the format of " + input + " from its name; give --input-format csv, json or parquet");
    }

    private Dataset<Row> read(SparkSession spark, InputFormat format) {
        // FAILFAST: a malformed record stops the job instead of becoming a row of nulls
        DataFrameReader reader = spark.read().option("mode", "FAILFAST");
        return switch (format) {
            case csv -> reader.option("header", "true").option("multiLine", "true").option("escape", "\"").csv(input);
            case json -> reader.json(input);
            case parquet -> reader.parquet(input);
            case auto -> throw new IllegalStateException();
        };
    }

    /** The command line with the project's error handling: one clear line, no stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ScoreTexts()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (System.getenv("TEXTLSTM_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            BadInputException bad = badInput(ex);
            if (bad != null) {
                commandLine.getErr().println("error: " + bad.getMessage());
                return EXIT_BAD_INPUT;
            }
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            // Spark's messages (a missing input path, a malformed CSV record) are clear but long: first line only
            commandLine.getErr().println("error: " + message.lines().findFirst().orElse(message));
            return ex instanceof org.apache.spark.sql.AnalysisException ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
        cli.setExitCodeExceptionMapper(ex -> ex instanceof CommandLine.ParameterException ? EXIT_BAD_INPUT : EXIT_FAILURE);
        return cli;
    }

    /** A BadInputException anywhere in the cause chain: an executor's failure reaches the driver wrapped by Spark. */
    private static BadInputException badInput(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
