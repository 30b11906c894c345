package io.textlstm.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local Spark shared by the module's tests (starting Spark costs seconds; the tests only read from it). */
final class SparkTests {
    private SparkTests() {}

    private static SparkSession spark;

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("textlstm-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** The repository root (the module lives in its {@code spark/} folder). */
    static Path repositoryRoot() {
        return Path.of(System.getProperty("textlstm.root", "..")).toAbsolutePath().normalize();
    }

    /** The reference model the repository ships. */
    static Path shippedModel() {
        return repositoryRoot().resolve("savedmodel").resolve("imdb_lstm");
    }
}
