package io.textlstm.train;

import io.textlstm.eval.ConfusionMatrixPlot;
import io.textlstm.eval.ClassificationMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code runs/<name>-<timestamp>/}: what one training run leaves behind — {@code metrics.json},
 * {@code history.csv}, {@code training.png}, the vocabulary and labels it was trained with, and
 * {@code checkpoint/} for {@code --resume} and {@code export --checkpoint}.
 */
public final class RunFolder {
    public static final String METRICS = "metrics.json";
    public static final String HISTORY = "history.csv";
    public static final String PLOT = "training.png";
    public static final String CONFUSION = "confusion_matrix.csv";
    public static final String CONFUSION_PLOT = "confusion_matrix.png";
    public static final String VOCAB = "vocab.txt";
    public static final String LABELS = "labels.txt";
    public static final String FINAL_WEIGHTS = "final.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A new folder {@code parent/<name>-<yyyyMMdd-HHmmss>} (suffixed when two runs start in the same second). */
    public static RunFolder create(Path parent, String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(parent);
            Path dir = parent.resolve(name + "-" + stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = parent.resolve(name + "-" + stamp + "-" + i);
            }
            Files.createDirectory(dir);
            return new RunFolder(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create a run folder in " + parent + ": " + DurableFiles.cause(e), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The name the run was created with: the folder's name without the timestamp {@link #create} appended. */
    public String name() {
        return dir.toAbsolutePath().normalize().getFileName().toString().replaceFirst("-\\d{8}-\\d{6}(-\\d+)?$", "");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoint");
    }

    /** The run's checkpoint, which {@link Trainer#fit} keeps current after every epoch. */
    public Checkpoint checkpoint() {
        return new Checkpoint(checkpointDir());
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** metrics.json from a map, written whole (atomically and durably, as every file of the run folder). */
    public void writeMetrics(Map<String, Object> metrics) {
        try {
            DurableFiles.write(dir.resolve(METRICS), JSON.writeValueAsBytes(metrics));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(METRICS) + ": " + DurableFiles.cause(e), e);
        }
    }

    public static Map<String, Object> readMetrics(Path runDir) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(runDir.resolve(METRICS).toFile(), LinkedHashMap.class);
        return m;
    }

    /**
     * history.csv (one row per epoch, Keras' CSVLogger columns), training.png, and the confusion matrix of the
     * final weights as CSV and PNG.
     */
    public void writeHistory(List<EpochRecord> history, ClassificationMetrics finalEval, List<String> labels, String evalName) {
        try {
            StringBuilder w = new StringBuilder();
            w.append("epoch,loss,accuracy,val_loss,val_accuracy,val_precision,val_recall,val_f1,val_roc_auc,seconds,ms_per_step\n");
            for (EpochRecord r : history) {
                ClassificationMetrics m = r.eval();
                w.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%s,%.2f,%.1f%n", r.epoch(), r.trainLoss(),
                        r.trainAccuracy(), m.loss(), m.accuracy(), m.precision(), m.recall(), m.f1(),
                        Double.isNaN(m.rocAuc()) ? "" : String.format(Locale.ROOT, "%.6f", m.rocAuc()), r.seconds(),
                        r.medianStepMillis()));
            }
            DurableFiles.write(dir.resolve(HISTORY), w.toString().getBytes(StandardCharsets.UTF_8));
            TrainingPlot.write(history, evalName, dir.resolve(PLOT));
            writeConfusion(finalEval.confusion(), labels, dir.resolve(CONFUSION));
            ConfusionMatrixPlot.write(finalEval.confusion(), labels, dir.resolve(CONFUSION_PLOT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run history in " + dir + ": " + DurableFiles.cause(e), e);
        }
    }

    /** Rows are true labels, columns predicted labels. */
    static void writeConfusion(int[][] confusion, List<String> labels, Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("true\\predicted," + String.join(",", labels.stream().map(RunFolder::csvField).toList()));
        for (int i = 0; i < confusion.length; i++) {
            StringBuilder row = new StringBuilder(csvField(labels.get(i)));
            for (int v : confusion[i]) {
                row.append(',').append(v);
            }
            lines.add(row.toString());
        }
        DurableFiles.write(csv, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
