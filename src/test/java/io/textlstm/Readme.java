package io.textlstm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's README.md as the tests that check it read it: sections by heading, fenced blocks with their
 * language and the prose that follows each one.
 */
public final class Readme {
    private static final Pattern FENCE = Pattern.compile("(?s)```([a-z]*)\\n(.*?)```");

    /**
     * One fenced block.
     *
     * @param language the fence's info string ({@code java}, {@code json}, or empty)
     * @param body     the lines between the fences, each ending with a line break
     * @param after    the text up to the next fence (or the section's end): "prints" says the next block is this one's output
     */
    public record Block(String language, String body, String after) {}

    private Readme() {}

    public static String text() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section that starts with {@code heading} ("## Name"), up to the next heading of that level. */
    public static String section(String heading) {
        String readme = text();
        int from = readme.indexOf("\n" + heading + "\n");
        assertTrue(from >= 0, "README has no '" + heading + "'");
        int to = readme.indexOf("\n## ", from + heading.length() + 1);
        return readme.substring(from + 1, to < 0 ? readme.length() : to + 1);
    }

    /** The fenced blocks of {@code text}, in order. */
    public static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        List<int[]> spans = new ArrayList<>();
        List<String[]> found = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            found.add(new String[] {m.group(1), m.group(2)});
        }
        for (int i = 0; i < found.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            out.add(new Block(found.get(i)[0], found.get(i)[1], text.substring(spans.get(i)[1], end)));
        }
        return out;
    }

    /** Every fenced block of the whole README. */
    public static List<Block> blocks() {
        return blocks(text());
    }
}
