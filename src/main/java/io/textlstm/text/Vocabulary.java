package io.textlstm.text;

import io.textlstm.BadInputException;
import io.textlstm.data.DataSettings;
import io.textlstm.data.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Token ids of docs/data.md (Keras {@code imdb.load_data} layout): 0 = padding, 1 = start marker, 2 = out of
 * vocabulary, 3.. = words of the training split by count descending, ties by word ascending ({@link
 * String#compareTo}, i.e. UTF-16 code-unit order), keeping only ids below {@code numWords}.
 *
 * <p>Saved as {@code vocab.txt}: UTF-8, one token per line, line n (0-based) = id n, {@code \n} line ends.
 */
public final class Vocabulary {

    public static final int PAD_ID = 0;
    public static final int START_ID = 1;
    public static final int OOV_ID = 2;
    /** First id given to a word. */
    public static final int FIRST_WORD_ID = 3;

    public static final String PAD_TOKEN = "<pad>";
    public static final String START_TOKEN = "<start>";
    public static final String OOV_TOKEN = "<unk>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token '" + tokens.get(i) + "' at id " + i);
            }
        }
    }

    /** Counts the tokens of the training texts (in parallel) and keeps the ids below {@code numWords}. */
    public static Vocabulary build(Iterable<String> trainTexts, int numWords) {
        return fromCounts(countTokens(trainTexts), numWords);
    }

    /** Token counts of {@code texts} under {@link Tokenizer}; parallel, deterministic. */
    public static Map<String, Long> countTokens(Iterable<String> texts) {
        var stream = texts instanceof Collection<String> c
                ? c.parallelStream()
                : StreamSupport.stream(texts.spliterator(), true);
        HashMap<String, long[]> counts = stream.collect(
                () -> new HashMap<String, long[]>(1 << 16),
                (map, text) -> {
                    for (String token : Tokenizer.tokenize(text)) {
                        long[] n = map.get(token);
                        if (n == null) {
                            map.put(token, new long[] {1});
                        } else {
                            n[0]++;
                        }
                    }
                },
                (left, right) -> right.forEach((k, v) -> {
                    long[] n = left.putIfAbsent(k, v);
                    if (n != null) {
                        n[0] += v[0];
                    }
                }));
        Map<String, Long> result = new HashMap<>(counts.size() * 2);
        counts.forEach((k, v) -> result.put(k, v[0]));
        return result;
    }

    /** Ranks the counted tokens (count descending, then word ascending) and keeps ids below {@code numWords}. */
    public static Vocabulary fromCounts(Map<String, Long> counts, int numWords) {
        DataSettings.requireNumWords(numWords);
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> {
            int byCount = Long.compare(b.getValue(), a.getValue());
            return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
        });
        int keep = Math.min(ranked.size(), numWords - FIRST_WORD_ID);
        List<String> tokens = new ArrayList<>(FIRST_WORD_ID + keep);
        tokens.add(PAD_TOKEN);
        tokens.add(START_TOKEN);
        tokens.add(OOV_TOKEN);
        for (int i = 0; i < keep; i++) {
            tokens.add(ranked.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    /** The id of {@code token}, or {@link #OOV_ID} when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? OOV_ID : id;
    }

    /** Whether {@code token} has its own id (is not out of vocabulary). */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The tokens by id (index = id), special tokens included; size = min(numWords, 3 + distinct words). */
    public List<String> tokens() {
        return tokens;
    }

    /** Number of ids, special tokens included. */
    public int size() {
        return tokens.size();
    }

    /** The file content of {@code vocab.txt}. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(tokens.size() * 8);
        for (String t : tokens) {
            sb.append(t).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code vocab.txt} (line n = id n), atomically and durably. */
    public void save(Path vocabTxt) throws IOException {
        io.textlstm.DurableFiles.write(vocabTxt, toBytes());
    }

    /** Reads a {@code vocab.txt} written by {@link #save}. */
    public static Vocabulary load(Path vocabTxt) {
        List<String> lines = TextFiles.readLines(vocabTxt, "the vocabulary");
        if (lines.size() < FIRST_WORD_ID
                || !lines.get(PAD_ID).equals(PAD_TOKEN)
                || !lines.get(START_ID).equals(START_TOKEN)
                || !lines.get(OOV_ID).equals(OOV_TOKEN)) {
            throw new BadInputException(vocabTxt + ": lines 1-3 must be " + PAD_TOKEN + ", " + START_TOKEN + ", "
                    + OOV_TOKEN + " (ids 0, 1, 2); this is not a textlstm vocab.txt");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i);
            if (t.isEmpty()) {
                throw new BadInputException(vocabTxt + ": line " + (i + 1) + " is empty; expected one token per line");
            }
            Integer before = seen.put(t, i);
            if (before != null) {
                throw new BadInputException(vocabTxt + ": line " + (i + 1) + ": token '" + t
                        + "' already on line " + (before + 1) + "; expected each token once");
            }
        }
        return new Vocabulary(lines);
    }

    /** SHA-256 (lowercase hex) of the {@code vocab.txt} content: identifies the vocabulary in model.json. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
