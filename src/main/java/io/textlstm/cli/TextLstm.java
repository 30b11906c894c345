package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.train.TrainingInterruptedException;
import java.util.Locale;
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

    /** Exit code for bad usage or bad input (docs/cli.md). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code when training stopped for a signal (128 + SIGINT; the JVM exits with the signal's own code anyway). */
    static final int EXIT_INTERRUPTED = 130;

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
            if (ex instanceof TrainingInterruptedException) {
                return EXIT_INTERRUPTED; // the interruption notice said where the run stopped and how to continue
            }
            if (ex instanceof BadInputException bad) {
                commandLine.getErr().println("error: " + message(bad, commandLine));
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (!debug) {
                commandLine.getErr().println("(set TEXTLSTM_DEBUG=1 for the stack trace)");
            }
            return EXIT_FAILURE;
        });
        // picocli also asks this mapper for bad usage (ParameterException): that is exit 2 as well (docs/cli.md)
        cli.setExitCodeExceptionMapper(ex -> ex instanceof BadInputException || ex instanceof CommandLine.ParameterException
                ? EXIT_BAD_INPUT : EXIT_FAILURE);
        return cli;
    }

    /**
     * The library names a bad setting by its Java name ({@code testFraction}); the user knows it as this
     * command's option ({@code --test-fraction}), so the message starts with that option when there is one.
     */
    static String message(BadInputException ex, CommandLine commandLine) {
        if (ex instanceof BadSettingException bad) {
            String option = "--" + bad.setting().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            if (commandLine.getCommandSpec().findOption(option) != null) {
                return option + ": " + ex.getMessage();
            }
        }
        return ex.getMessage();
    }

    /** Where a command prints what the library tells the user on the side (a download starting): standard error. */
    static java.util.function.Consumer<String> noticesTo(java.io.PrintWriter err) {
        return notice -> {
            err.println("textlstm: " + notice);
            err.flush();
        };
    }

    /**
     * How the user started this program, for commands we suggest: {@code $TEXTLSTM_COMMAND}, which
     * {@code tools/textlstm} sets to its own path as typed, else {@code textlstm}.
     */
    static String commandName() {
        String name = System.getenv("TEXTLSTM_COMMAND");
        return name == null || name.isBlank() ? "textlstm" : name;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
