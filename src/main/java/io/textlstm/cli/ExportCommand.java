package io.textlstm.cli;

import io.textlstm.export.ExportResult;
import io.textlstm.export.ExportedModel;
import io.textlstm.export.ModelExport;
import io.textlstm.train.TrainedRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code textlstm export --checkpoint RUN_DIR}: exports a SavedModel from an earlier (or interrupted) training run;
 * {@code --savedmodel DIR}: exports an existing export again with this version's exporter (its signatures).
 */
@Command(
        name = "export",
        description = {"Export a SavedModel from a run folder: its final weights, or the last completed epoch of an interrupted run.",
            "Or export an existing SavedModel version again (--savedmodel), as the next version of its base path, with",
            "this version's signatures (classify and regress included)."})
public final class ExportCommand implements Callable<Integer> {

    // --version names the SavedModel version to write (docs/cli.md), so only --help comes from picocli here
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", description = "A run folder written by 'textlstm train'.")
    Path runDir;

    @Option(names = "--savedmodel", paramLabel = "VERSION_DIR",
            description = "A textlstm export's version folder (e.g. savedmodel/imdb_lstm/1) to export again; the base path "
                    + "defaults to its parent.")
    Path savedModel;

    @Mixin ExportOptions exported = new ExportOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OptionalLong version = exported.version();
        if ((runDir == null) == (savedModel == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give one of --checkpoint RUN_DIR and --savedmodel VERSION_DIR");
        }
        if (savedModel != null) {
            ExportedModel m = ExportedModel.read(savedModel);
            Path base = exported.base != null ? exported.base : savedModel.toAbsolutePath().normalize().getParent();
            ExportResult result = ModelExport.export(base, version, m.config(), m.weights(), m.vocabulary(), m.labels(),
                    m.vocabularySha256(), m.metrics(), exported.exampleFeature);
            out.printf("Exported %s again to %s%n", savedModel, TrainCommand.displayPath(result.directory()));
            out.flush();
            return 0;
        }
        TrainedRun run = TrainedRun.read(runDir);
        ExportResult result = ModelExport.export(exported.base(run.name()), version, run.model(), run.weights(), run.vocabulary().tokens(), run.labels().labels(), run.vocabulary().sha256(),
                run.metrics(), exported.exampleFeature);
        out.printf("Exported %s of %s to %s%n", run.weightsSource(), runDir, TrainCommand.displayPath(result.directory()));
        out.flush();
        return 0;
    }
}
