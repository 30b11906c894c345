package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/cli.md: every command has --help, which prints its usage and exits 0 even when required options are missing. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"data", "train", "evaluate", "predict", "export", "inspect", "serve"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: textlstm " + command), r.out());
    }
}
