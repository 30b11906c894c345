package io.textlstm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static void check(String text, String... expected) {
        assertEquals(List.of(expected), Tokenizer.tokenize(text), "tokenize(" + text + ")");
        assertEquals(List.of(expected), Tokenizer.tokenizeWithRegex(text), "tokenizeWithRegex(" + text + ")");
    }

    @Test
    void htmlBreaksBecomeSpaces() {
        check("one<br />two<br/>three<br>four<BR  />five<bR\t\n/>six", "one", "two", "three", "four", "five", "six");
        // not a break: the letters survive as tokens
        check("a<b>c<brx>", "a", "b", "c", "brx");
        check("end<br /", "end", "br");
    }

    @Test
    void apostrophesStayInsideTokens() {
        check("Don't stop, it's the 80's 'classic'", "don't", "stop", "it's", "the", "80's", "'classic'");
    }

    @Test
    void unicodeLettersAreLowercasedAndKept() {
        check("Café NAÏVE Straße ΣΟΦΊΑ 東京 Привет", "café", "naïve", "straße", "σοφία", "東京", "привет");
        // supplementary letters (mathematical bold A: a letter without a lowercase form) are kept; emoji separate
        check("\uD835\uDC00bc\uD83D\uDE00x", "\uD835\uDC00bc", "x");
        check("\uD801\uDC00", "\uD801\uDC28"); // Deseret capital long I lowercases to its small form
    }

    @Test
    void digitsOfAllKindsAreTokenCharacters() {
        check("10/10 in 2009, x² Ⅻ ٣", "10", "10", "in", "2009", "x²", "ⅻ", "٣");
    }

    @Test
    void punctuationSeparates() {
        check("Wow!!!...great—really?(yes)\"quoted\" a-b_c", "wow", "great", "really", "yes", "quoted", "a", "b", "c");
    }

    @Test
    void emptyAndBlankTextGiveNoTokens() {
        check("");
        check("   \t\n ");
        check("!!! ... ---");
        check("<br /><br />");
    }

    @Test
    void regexesCompileAndAreTheDocumentedOnes() {
        assertEquals("(?i)<br[ \\t\\n\\x0B\\f\\r]*/?>", Tokenizer.HTML_BREAK_REGEX);
        assertEquals("[^\\p{L}\\p{N}']+", Tokenizer.NON_TOKEN_REGEX);
        assertTrue(Pattern.compile(Tokenizer.HTML_BREAK_REGEX).matcher("<BR />").matches());
        // docs/data.md's whitespace is Java's \s, which includes the vertical tab (RE2's does not): the spelled-out class keeps it
        assertTrue(Pattern.compile(Tokenizer.HTML_BREAK_REGEX).matcher("<br\u000B/>").matches());
        assertTrue(Pattern.compile("<br\\s*/?>").matcher("<br\u000B/>").matches());
    }

    @Test
    void fastPathEqualsTheRegexesOnGeneratedText() {
        String[] pool = {"a", "B", "z", "0", "9", "'", " ", "\t", "\n", "\r", "\f", "\u000B", "<", ">", "/", "b", "r",
            "R", "<br", "<BR", "/>", "é", "İ", "Σ", "ß", "²", "Ⅻ", "٣", "東", "\uD835\uDC00", "\uD83D\uDE00", "\uD800",
            "\uDC00", "-", ".", "_", "\u00A0", "\u2028", "ǅ", "ʰ", "\u0301"};
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(30);
            for (int i = 0; i < len; i++) {
                sb.append(pool[random.nextInt(pool.length)]);
            }
            String text = sb.toString();
            assertEquals(Tokenizer.tokenizeWithRegex(text), Tokenizer.tokenize(text), () -> "text: " + escape(text));
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 32 || c > 126 ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return sb.toString();
    }
}
