package io.textlstm.cli;

import io.textlstm.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code textlstm} command line: dispatches to one subcommand per user journey. */
@Command(
        name = "textlstm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train LSTM text classifiers with TensorFlow Java and export SavedModels for TF Serving.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ExportCommand.class,
            PredictCommand.class,
            InspectCommand.class,
            ServeCommand.class,
        })
public final class TextLstm implements Runnable {

    /** Exit code for bad usage or bad input (SPEC 4). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Builds the command line with the project's error handling: clear messages, no stack traces. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TextLstm());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = System.getenv("TEXTLSTM_DEBUG") != null;
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            if (ex instanceof BadInputException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (!debug) {
                commandLine.getErr().println("(set TEXTLSTM_DEBUG=1 for the stack trace)");
            }
            return EXIT_FAILURE;
        });
        // picocli also asks this mapper for bad usage (ParameterException): that is exit 2 as well (SPEC 4)
        cli.setExitCodeExceptionMapper(ex -> ex instanceof BadInputException || ex instanceof CommandLine.ParameterException
                ? EXIT_BAD_INPUT : EXIT_FAILURE);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
