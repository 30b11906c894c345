package io.textlstm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.BadInputException;
import io.textlstm.data.LabelSet;
import io.textlstm.export.ExportResult;
import io.textlstm.export.ModelExport;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.text.Vocabulary;
import io.textlstm.train.Checkpoint;
import io.textlstm.train.InterruptionNotice;
import io.textlstm.train.RunConfig;
import io.textlstm.train.RunFolder;
import io.textlstm.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code textlstm export --checkpoint RUN_DIR}: exports a SavedModel from an earlier (or interrupted) training run. */
@Command(
        name = "export",
        description = "Export a SavedModel from a run folder: its final weights, or the last completed epoch of an interrupted run.")
public final class ExportCommand implements Callable<Integer> {

    // --version names the SavedModel version to write (docs/cli.md), so only --help comes from picocli here
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--checkpoint", required = true, paramLabel = "RUN_DIR", description = "A run folder written by 'textlstm train'.")
    Path runDir;

    @Option(names = "--export", paramLabel = "BASE_PATH", description = "Base path of the export (default: savedmodel/<name>, "
            + "with <name> the run folder's name without its timestamp).")
    Path export;

    @Option(names = "--version", paramLabel = "N", description = "Version to write (default: highest existing + 1).")
    Long version;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (version != null && version < 0) {
            throw new BadInputException("--version must not be negative, got " + version);
        }
        if (!Files.isRegularFile(runDir.resolve(RunFolder.METRICS)) && !Files.isRegularFile(runDir.resolve(RunConfig.FILE))) {
            throw new BadInputException(runDir + " is not a textlstm run folder: it has neither " + RunFolder.METRICS
                    + " (written when a run ends) nor " + RunConfig.FILE + " (written when it starts)");
        }
        requireFile(runDir.resolve(RunFolder.VOCAB));
        requireFile(runDir.resolve(RunFolder.LABELS));
        Map<String, Object> metrics;
        ModelConfig config;
        if (Files.isRegularFile(runDir.resolve(RunFolder.METRICS))) {
            metrics = RunFolder.readMetrics(runDir);
            try {
                config = new ObjectMapper().convertValue(metrics.get("model"), ModelConfig.class);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(runDir.resolve(RunFolder.METRICS) + ": field 'model' is not a model configuration: "
                        + e.getMessage(), e);
            }
        } else {
            // an interrupted run: metrics.json comes at the end, config.json at the start
            RunConfig run = RunConfig.read(runDir).orElseThrow();
            int epochs = InterruptionNotice.completedEpochs(runDir.resolve("checkpoint"));
            if (epochs == 0 && !Files.exists(runDir.resolve(RunFolder.FINAL_WEIGHTS))) {
                throw new BadInputException(runDir + " has no completed epoch to export (it stopped in epoch 1); continue it "
                        + "with: textlstm train --resume " + runDir);
            }
            config = run.model();
            metrics = new LinkedHashMap<>();
            metrics.put("model", config);
            metrics.put("options", run.options());
            metrics.put("interrupted_after_epoch", epochs);
        }
        Path finalWeights = runDir.resolve(RunFolder.FINAL_WEIGHTS);
        ModelWeights weights;
        String source;
        if (Files.exists(finalWeights)) {
            Map<String, float[]> w = new LinkedHashMap<>(Checkpoint.read(finalWeights));
            weights = new ModelWeights(w);
            source = "final weights";
        } else {
            weights = Trainer.latestWeights(runDir.resolve("checkpoint"));
            source = "last completed epoch (the run did not finish)";
        }
        Vocabulary vocab = Vocabulary.load(runDir.resolve(RunFolder.VOCAB));
        LabelSet labels = LabelSet.load(runDir.resolve(RunFolder.LABELS));
        Path base = export != null ? export : Path.of("savedmodel", runName());
        ExportResult result = ModelExport.export(base, version == null ? OptionalLong.empty() : OptionalLong.of(version),
                config, weights, vocab.tokens(), labels.labels(), vocab.sha256(), metrics);
        out.printf("Exported %s of %s to %s%n", source, runDir, TrainCommand.displayPath(result.directory()));
        out.flush();
        return 0;
    }

    private String runName() {
        String dir = runDir.toAbsolutePath().normalize().getFileName().toString();
        return dir.replaceFirst("-\\d{8}-\\d{6}(-\\d+)?$", "");
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.getParent() + " is not a textlstm run folder: " + file.getFileName() + " is missing");
        }
    }
}
