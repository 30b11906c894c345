package io.textlstm.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text-to-tokens rules of docs/data.md, shared by training (here, in Java) and serving (in the TF graph).
 *
 * <p>The pipeline, in this exact order:
 * <ol>
 *   <li>lowercase with {@link String#toLowerCase(Locale)} and {@link Locale#ROOT} (Unicode full case mapping;
 *       the graph uses {@code StringLower(encoding="utf-8")});</li>
 *   <li>replace every match of {@link #HTML_BREAK_REGEX} with one space ({@code RegexReplace(pattern,
 *       " ", replace_global=true)});</li>
 *   <li>replace every match of {@link #NON_TOKEN_REGEX} with one space (same op);</li>
 *   <li>split on the space character and drop empty tokens ({@code StringSplit(delimiter=" ",
 *       skip_empty=true)}).</li>
 * </ol>
 *
 * <p>Both regexes are written in the common subset of {@link java.util.regex} and RE2 (which TF's
 * {@code RegexReplace} uses) and mean the same thing in both engines:
 * <ul>
 *   <li>{@code (?i)} is case-insensitive matching; it only concerns the ASCII letters {@code b r}.</li>
 *   <li>{@code [\t\n\f\r ]} is spelled out instead of {@code \s} because {@code \s} differs between the
 *       engines: Java's includes the vertical tab U+000B, RE2's does not. The explicit class is RE2's
 *       {@code \s}, so the graph may also use {@code \s}.</li>
 *   <li>{@code \p{L}} (any letter, general category L*) and {@code \p{N}} (any number: Nd, Nl, No) are
 *       Unicode properties in both engines and match whole code points (Java works on code points of the
 *       UTF-16 string, RE2 on UTF-8).</li>
 * </ul>
 * After step 3 the only separator left is U+0020, so splitting on it is exact.
 */
public final class Tokenizer {

    /** Step 2: an HTML line break such as {@code <br />}, {@code <br/>}, {@code <BR>}; the whitespace set is Java's {@code \s} (with vertical tab) spelled out so RE2 matches the same. */
    public static final String HTML_BREAK_REGEX = "(?i)<br[ \\t\\n\\x0B\\f\\r]*/?>";

    /** Step 3: a run of characters that are neither letters, digits nor apostrophes (RE2 and Java syntax). */
    public static final String NON_TOKEN_REGEX = "[^\\p{L}\\p{N}']+";

    /** What both regexes are replaced with. */
    public static final String REPLACEMENT = " ";

    private static final Pattern HTML_BREAK = Pattern.compile(HTML_BREAK_REGEX);
    private static final Pattern NON_TOKEN = Pattern.compile(NON_TOKEN_REGEX);

    private Tokenizer() {}

    /**
     * Returns the tokens of {@code text}; an empty list for empty or blank text.
     *
     * <p>This is a single-pass implementation of the regex pipeline (same result as {@link #tokenizeWithRegex},
     * which the tests check on every IMDB review and on generated text): after lowercasing, an HTML break
     * starting at {@code <} is a separator, letters ({@link Character#isLetter(int)} = {@code \p{L}}), numbers
     * (general category Nd, Nl or No = {@code \p{N}}) and {@code '} are token characters, and everything else
     * (unpaired surrogates included) separates tokens.
     */
    public static List<String> tokenize(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        int n = s.length();
        List<String> tokens = new ArrayList<>(Math.max(4, n / 6));
        int start = -1;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int width = 1;
            boolean tokenChar;
            if (c < 128) {
                if (c == '<') {
                    int end = htmlBreakEnd(s, i);
                    if (end > 0) {
                        width = end - i;
                    }
                    tokenChar = false;
                } else {
                    tokenChar = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || (c >= 'A' && c <= 'Z');
                }
            } else {
                int cp = s.codePointAt(i);
                width = Character.charCount(cp);
                tokenChar = isTokenCodePoint(cp);
            }
            if (tokenChar) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                tokens.add(s.substring(start, i));
                start = -1;
            }
            i += width;
        }
        if (start >= 0) {
            tokens.add(s.substring(start));
        }
        return tokens;
    }

    /** The reference implementation: the regexes of docs/data.md applied literally (slower; used by tests). */
    public static List<String> tokenizeWithRegex(String text) {
        String normalized = normalize(text);
        List<String> tokens = new ArrayList<>();
        for (String t : normalized.split(" ")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    /** {@code \p{L}}, {@code \p{N}} or the apostrophe. */
    static boolean isTokenCodePoint(int cp) {
        if (cp == '\'' || Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** End index (exclusive) of an {@link #HTML_BREAK_REGEX} match starting at {@code i}, or -1. */
    private static int htmlBreakEnd(String s, int i) {
        int n = s.length();
        int j = i + 1;
        if (j + 1 >= n || (s.charAt(j) | 0x20) != 'b' || (s.charAt(j + 1) | 0x20) != 'r') {
            return -1;
        }
        j += 2;
        while (j < n) {
            char c = s.charAt(j);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                j++;
            } else {
                break;
            }
        }
        if (j < n && s.charAt(j) == '/') {
            j++;
        }
        return j < n && s.charAt(j) == '>' ? j + 1 : -1;
    }

    /** Steps 1–3: the text with every separator turned into a space (exposed for graph-parity tests). */
    public static String normalize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String noBreaks = HTML_BREAK.matcher(lower).replaceAll(REPLACEMENT);
        return NON_TOKEN.matcher(noBreaks).replaceAll(REPLACEMENT);
    }
}
