package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** SPEC 4: every command has --help, which prints its usage and exits 0 even when required options are missing. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"data", "train", "evaluate", "predict", "export", "inspect"})
    void everyCommandHasHelp(String command) {
        CommandLine cli = TextLstm.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(command, "--help");
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("Usage: textlstm " + command), out.toString());
    }
}
