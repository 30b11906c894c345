package io.textlstm.cli;

import io.textlstm.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options as strings a user could type (what a run folder's {@code config.json} stores), back to a parsed
 * command, and the check that a command line does not contradict them. Which options are stored and which may
 * change is the caller's; see {@code docs/training-runs.md}.
 */
final class StoredOptions {
    private StoredOptions() {}

    /**
     * Every option of {@code spec} except {@code skip}: paths absolute, flags that are set as {@code true}, options
     * without a value left out; {@code resolved} replaces the value of an option (a default that depends on the
     * machine or the data).
     */
    static Map<String, String> of(CommandSpec spec, List<String> skip, Map<String, Object> resolved) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (skip.contains(name)) {
                continue;
            }
            Object value = resolved.containsKey(name) ? resolved.get(name) : o.getValue();
            if (value == null || Boolean.FALSE.equals(value)) {
                continue;
            }
            options.put(name, value instanceof Path p ? p.toAbsolutePath().normalize().toString() : String.valueOf(value));
        }
        return options;
    }

    /** Parses stored options into {@code command} (a fresh instance of the command that stored them). */
    static <T> T parse(Map<String, String> stored, T command, String source) {
        CommandLine cli = new CommandLine(command);
        List<String> args = new ArrayList<>();
        stored.forEach((name, value) -> {
            OptionSpec o = cli.getCommandSpec().findOption(name);
            if (o != null && (o.type() == boolean.class || o.type() == Boolean.class)) {
                if (Boolean.parseBoolean(value)) {
                    args.add(name);
                }
            } else {
                args.add(name + "=" + value);
            }
        });
        try {
            cli.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("the options in " + source + " do not parse: " + e.getMessage(), e);
        }
        return command;
    }

    /**
     * Refuses the options given on {@code given}'s command line whose values differ from {@code stored}'s, naming every
     * one of them with both values in one message; options in {@code mayChange} and {@code notStored} are not compared.
     */
    static void requireNoContradiction(CommandSpec given, CommandSpec stored, List<String> mayChange, List<String> notStored,
            String what) {
        CommandLine.ParseResult parsed = given.commandLine().getParseResult();
        List<String> contradictions = new ArrayList<>();
        for (OptionSpec o : given.options()) {
            String name = o.longestName();
            if (!parsed.hasMatchedOption(o) || mayChange.contains(name) || notStored.contains(name)
                    || stored.findOption(name) == null) {
                continue;
            }
            Object mine = comparable(o.getValue());
            Object theirs = comparable(stored.findOption(name).getValue());
            if (!Objects.equals(mine, theirs)) {
                contradictions.add(name + " " + mine + " contradicts the run's " + name + " "
                        + (theirs == null ? "(not set)" : theirs));
            }
        }
        if (!contradictions.isEmpty()) {
            boolean one = contradictions.size() == 1;
            throw new BadInputException(what + ": " + String.join("; ", contradictions) + "; leave "
                    + (one ? "it" : "them") + " out to continue with the stored value" + (one ? "" : "s") + " (only "
                    + String.join(", ", mayChange) + " may change)");
        }
    }

    private static Object comparable(Object value) {
        return value instanceof Path p ? p.toAbsolutePath().normalize() : value;
    }
}
