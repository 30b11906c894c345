package io.textlstm.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SPEC 1's text-to-ids steps written out in plain Java, for tests that must not depend on the data branch.
 * The real one is {@code io.textlstm.text}; {@code ImdbTokenizerParityTest} checks the graph against that.
 */
final class ReferenceTokenizer {
    private static final Pattern BR = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NON_TOKEN = Pattern.compile("[^\\p{L}\\p{N}']+");

    private ReferenceTokenizer() {}

    static List<String> tokenize(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        s = BR.matcher(s).replaceAll(" ");
        s = NON_TOKEN.matcher(s).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String t : s.split(" ")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static int[] encode(String text, Map<String, Integer> vocab, int maxLength) {
        List<String> tokens = tokenize(text);
        int[] seq = new int[tokens.size() + 1];
        seq[0] = 1;
        for (int i = 0; i < tokens.size(); i++) {
            seq[i + 1] = vocab.getOrDefault(tokens.get(i), 2);
        }
        int[] out = new int[maxLength];
        int n = Math.min(maxLength, seq.length);
        System.arraycopy(seq, seq.length - n, out, maxLength - n, n);
        return out;
    }
}
