package io.textlstm.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hand-made texts that stress the tokenizer: markup, apostrophes, scripts, case, digits, emoji, control chars. */
final class TestCorpus {
    private TestCorpus() {}

    static List<String> texts() {
        List<String> t = new ArrayList<>(List.of(
                "I loved it",
                "Dull.",
                "",
                " ",
                "   \t\n  ",
                "Great film!<br /><br />Really great.<BR>Again<br/>and<Br   />again<br\t/>end",
                "<br>",
                "<br />only breaks<br />",
                "It's the director's cut, isn't it? 'Quoted' words '' and '''",
                "ÉCOLE école Ärger ÜBER straße STRASSE İstanbul ΣΊΣΥΦΟΣ ΟΔΟΣ",
                "Москва ПРИВЕТ мир — Ελληνικά, 日本語のテキスト, 中文电影很好, العربية, עברית, हिन्दी, 한국어",
                "Numbers 1984 2001: a space odyssey, ٣ ٤ Ⅻ ½ 10/10 7.5 3rd",
                "Emoji 😀😀 👍🏽 ❤️ 🎬movie🎬 and flags 🇫🇷",
                "Control\u0000chars\u0001here\u0007and\u001Bthere\u007F\u0085nel\u00A0nbsp\u2028ls",
                "vertical\u000Btab<br\u000B/>after<br\t\n />x",
                "Tabs\tand\nnewlines\r\nand\fform feeds",
                "ÀÅÆ àåæ ǅ ǆ Ǆ ﬁ ﬂ ŉ",
                "a",
                "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z a b c d e f g h i j k l m n o p q r s t u v w x y z",
                "don't DON'T Don’t (curly) rock'n'roll",
                "MiXeD CaSe WoRdS with UPPER and lower",
                "<p>html <b>tags</b> & entities &amp; &#39;</p>"));
        StringBuilder longReview = new StringBuilder(1 << 20);
        Random r = new Random(3);
        String[] words = {"the", "movie", "was", "great", "bad", "plot", "actors", "Ébène", "<br />", "zzqx", "9",
            "isn't", "😀", "日本"};
        while (longReview.length() < 1_000_000) {
            longReview.append(words[r.nextInt(words.length)]).append(r.nextInt(7) == 0 ? ", " : " ");
        }
        t.add(longReview.toString());
        return t;
    }

    /** The corpus vocabulary as the Java side's {@link io.textlstm.text.Vocabulary}. */
    static io.textlstm.text.Vocabulary javaVocabulary() {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("vocab", ".txt");
            java.nio.file.Files.write(f, vocabulary(), java.nio.charset.StandardCharsets.UTF_8);
            io.textlstm.text.Vocabulary v = io.textlstm.text.Vocabulary.load(f);
            java.nio.file.Files.delete(f);
            return v;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Vocabulary for the corpus: the reserved ids, then some of its tokens (others stay unknown). */
    static List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(List.of("<pad>", "<start>", "<unk>"));
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (String text : texts()) {
            if (text.length() > 10_000) {
                continue;
            }
            seen.addAll(io.textlstm.text.Tokenizer.tokenize(text));
        }
        int i = 0;
        for (String w : seen) {
            if (i++ % 5 != 4) {
                vocab.add(w);
            }
        }
        vocab.addAll(List.of("movie", "great", "plot", "ébène", "9"));
        return new ArrayList<>(new java.util.LinkedHashSet<>(vocab));
    }
}
