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

    /** The top-level help lists each command with the first line of its description: a whole sentence, not a cut one. */
    @org.junit.jupiter.api.Test
    void theCommandListShowsOneWholeSentencePerCommand() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit(), r.err());
        String list = r.out().substring(r.out().indexOf("Commands:\n") + "Commands:\n".length());
        java.util.Map<String, String> summaries = new java.util.LinkedHashMap<>();
        String current = null;
        for (String line : list.lines().toList()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  (\\S+)\\s+(.*)$").matcher(line);
            if (m.matches()) {
                current = m.group(1);
                summaries.put(current, m.group(2));
            } else if (current != null && !line.isBlank()) {
                summaries.merge(current, " " + line.strip(), String::concat);
            }
        }
        assertEquals(java.util.Set.of("help", "data", "train", "evaluate", "export", "predict", "inspect", "serve"),
                summaries.keySet(), r.out());
        summaries.forEach((command, summary) -> assertTrue(summary.endsWith("."), command + ": '" + summary + "'"));
    }
}
