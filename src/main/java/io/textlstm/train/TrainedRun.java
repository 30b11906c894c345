package io.textlstm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.data.LabelSet;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run folder holds for an export (docs/training-runs.md): its model, the final weights or, for a run that was
 * interrupted, those of its last completed epoch, the vocabulary and labels it was trained with, and its metrics (for
 * an unfinished run: its options and how far it got).
 *
 * @param name          the run folder's name without its timestamp (the model's default export name)
 * @param weightsSource which weights these are, in words for the user
 */
public record TrainedRun(Path dir, String name, ModelConfig model, ModelWeights weights, Vocabulary vocabulary,
        LabelSet labels, Map<String, Object> metrics, String weightsSource) {

    /** Reads {@code runDir}; anything missing or unreadable is a {@link BadInputException} naming the file. */
    public static TrainedRun read(Path runDir) {
        RunFolder run = new RunFolder(runDir);
        Path metricsFile = run.file(RunFolder.METRICS);
        if (!Files.isRegularFile(metricsFile) && !Files.isRegularFile(run.file(RunConfig.FILE))) {
            throw new BadInputException(runDir + " is not a textlstm run folder: it has neither " + RunFolder.METRICS
                    + " (written when a run ends) nor " + RunConfig.FILE + " (written when it starts)");
        }
        requireFile(run.file(RunFolder.VOCAB));
        requireFile(run.file(RunFolder.LABELS));
        boolean finished = Files.exists(run.file(RunFolder.FINAL_WEIGHTS));
        Map<String, Object> metrics;
        ModelConfig model;
        if (Files.isRegularFile(metricsFile)) {
            metrics = readMetrics(runDir);
            try {
                model = new ObjectMapper().convertValue(metrics.get("model"), ModelConfig.class);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(metricsFile + ": field 'model' is not a model configuration: " + e.getMessage(), e);
            }
        } else {
            // an interrupted run: metrics.json comes at the end, config.json at the start
            RunConfig config = RunConfig.read(runDir).orElseThrow();
            int epochs = run.checkpoint().completedEpochs();
            if (epochs == 0 && !finished) {
                throw new BadInputException(runDir + " has no completed epoch to export (it stopped in epoch 1); resume "
                        + "the run first");
            }
            model = config.model();
            metrics = new LinkedHashMap<>();
            metrics.put("model", model);
            metrics.put(config.settings() != null ? "settings" : "options", config.startedWith());
            metrics.put("interrupted_after_epoch", epochs);
        }
        ModelWeights weights = finished ? new ModelWeights(new LinkedHashMap<>(StateFile.read(run.file(RunFolder.FINAL_WEIGHTS))))
                : run.checkpoint().latestWeights();
        return new TrainedRun(runDir, run.name(), model, weights, Vocabulary.load(run.file(RunFolder.VOCAB)),
                LabelSet.load(run.file(RunFolder.LABELS)), metrics,
                finished ? "final weights" : "last completed epoch (the run did not finish)");
    }

    private static Map<String, Object> readMetrics(Path runDir) {
        try {
            return RunFolder.readMetrics(runDir);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + runDir.resolve(RunFolder.METRICS) + ": " + DurableFiles.cause(e), e);
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.getParent() + " is not a textlstm run folder: " + file.getFileName() + " is missing");
        }
    }
}
