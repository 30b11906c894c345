package io.textlstm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.eval.ConfusionMatrixPlot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** Held by the process that trains the run, holding its process id (docs/training-runs.md). */
    public static final String LOCK = "train.lock";
    /** What a run writes when it ends; a finished run continued to more epochs loses them until it ends again. */
    static final List<String> RESULTS = List.of(METRICS, FINAL_WEIGHTS, HISTORY, PLOT, CONFUSION, CONFUSION_PLOT);
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

    /**
     * Takes the run folder's lock ({@value #LOCK}, an operating-system file lock released when the process ends, however
     * it ends), so that two processes never train one run at once.
     *
     * @throws BadInputException when another process holds it, naming that process's id
     */
    public Lock lock() {
        Path file = dir.resolve(LOCK);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process holds it already
            }
            if (lock == null) {
                channel.close();
                throw new BadInputException(dir + " is being trained by process " + holder(file) + " (it holds " + file
                        + "); wait for that process to end, or stop it, before resuming the run");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new Lock(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BadInputException("cannot lock " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The process id a lock file names; it is written just after the lock is taken, so look twice. */
    private static String holder(Path file) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!pid.isEmpty()) {
                    return pid;
                }
                Thread.sleep(50);
            } catch (IOException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "(unknown id)";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
        }
    }

    /** A held run-folder lock; closing releases it (the file stays, so no process can lock a file another removed). */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
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
            throw new BadInputException("cannot write " + dir.resolve(METRICS) + ": " + DurableFiles.cause(e), e);
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
            throw new BadInputException("cannot write run history in " + dir + ": " + DurableFiles.cause(e), e);
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
