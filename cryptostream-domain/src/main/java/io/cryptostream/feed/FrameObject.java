package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * One JSON object of a frame, read in one pass: its scalar fields as their token text (so numbers keep their wire
 * digits, {@code "P":32500.12} stays 32500.12), its object fields read the same way, and its array fields, which
 * are skipped unless the codec names a reader for them. The one place where a codec's frame stops being text.
 *
 * <p>A scalar is kept as where its characters lie in the frame, not as a String: a codec parses numbers and times
 * straight from those characters ({@link #decimal}, {@link #parse}), so a trade costs no String per field.
 */
public final class FrameObject {

    private static final FrameObject EMPTY = new FrameObject(null, null);
    /** A span of a field whose text is not one in the frame (no scalar, escaped, a literal): {@link #values} holds it. */
    private static final long NO_SPAN = -1;
    private static final int FIELDS = 16;

    /** Reads one array field, the parser standing on its {@code START_ARRAY}; returns after its {@code END_ARRAY}. */
    @FunctionalInterface
    public interface ArrayReader {
        /** {@code frame} and {@code chars}, its characters, are for {@link FrameObject#read(JsonParser, String, char[])}. */
        Object read(JsonParser p, String frame, char[] chars) throws IOException;
    }

    /** Parses a scalar from its characters {@code text[begin, end)}, throwing as the String-taking parse would. */
    @FunctionalInterface
    public interface TextParser<T> {
        T parse(CharSequence text, int begin, int end);
    }

    private final String frame;
    private final char[] chars;
    private int size;
    private String[] names = new String[FIELDS];
    /** The names' hash codes, so that a look-up compares ints before Strings. */
    private int[] hashes = new int[FIELDS];
    /** A field's token: a scalar's, or START_OBJECT and START_ARRAY for object and array fields. */
    private JsonToken[] tokens = new JsonToken[FIELDS];
    /** Where a scalar's characters lie in the frame, {@code start << 32 | length}, else {@link #NO_SPAN}. */
    private long[] spans = new long[FIELDS];
    /** A scalar's String once made, an object field's FrameObject, an array field's reader result. */
    private Object[] values = new Object[FIELDS];

    private FrameObject(String frame, char[] chars) {
        this.frame = frame;
        this.chars = chars;
    }

    /**
     * What {@code frame} means to a codec: {@code meaning} of its object, or {@link FeedEvent.Malformed} when the
     * frame is not exactly one JSON object. Top-level arrays named in {@code arrayReaders} are read by them.
     */
    public static FeedEvent decode(String frame, Map<String, ArrayReader> arrayReaders,
                                   Function<FrameObject, FeedEvent> meaning) {
        FrameObject top;
        try {
            top = read(frame, arrayReaders);
        } catch (IOException | RuntimeException e) {
            return new FeedEvent.Malformed("not a JSON object: " + e.getMessage(), frame);
        }
        if (top == null) {
            return new FeedEvent.Malformed("not a JSON object", frame);
        }
        return meaning.apply(top);
    }

    /** What an object that names its message kind in {@code kindField} means; {@link FeedEvent.Malformed} without one. */
    @FunctionalInterface
    public interface KindMeaning {
        FeedEvent of(FrameObject object, String kind);
    }

    /** {@link #decode(String, Map, Function)} of a venue whose every message names its kind in {@code kindField}. */
    public static FeedEvent decodeKind(String frame, String kindField, Map<String, ArrayReader> arrayReaders,
                                       KindMeaning meaning) {
        return decode(frame, arrayReaders, object -> {
            String kind = object.text(kindField);
            return kind == null ? new FeedEvent.Malformed("no " + kindField + " field", frame) : meaning.of(object, kind);
        });
    }

    /** {@link #decode(String, Map, Function)} for codecs that read no arrays. */
    public static FeedEvent decode(String frame, Function<FrameObject, FeedEvent> meaning) {
        return decode(frame, Map.of(), meaning);
    }

    /** The object in {@code frame}, null when the frame starts with anything else; throws on bad or trailing JSON. */
    private static FrameObject read(String frame, Map<String, ArrayReader> arrayReaders) throws IOException {
        // Parsed from a char[] of our own, the parser's token characters are spans of it: see #put.
        char[] chars = frame.toCharArray();
        try (JsonParser p = FrameJson.FACTORY.createParser(chars)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            FrameObject top = readObject(p, frame, chars, arrayReaders);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the object");
            }
            return top;
        }
    }

    /**
     * The object the parser stands on ({@code START_OBJECT}), for an {@link ArrayReader} whose elements are objects;
     * returns after its {@code END_OBJECT}. Its arrays are skipped.
     */
    public static FrameObject read(JsonParser p, String frame, char[] chars) throws IOException {
        return readObject(p, frame, chars, Map.of());
    }

    private static FrameObject readObject(JsonParser p, String frame, char[] chars,
                                          Map<String, ArrayReader> arrayReaders) throws IOException {
        FrameObject o = new FrameObject(frame, chars);
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                o.add(name, value, NO_SPAN, readObject(p, frame, chars, Map.of()));
            } else if (value == JsonToken.START_ARRAY) {
                ArrayReader reader = arrayReaders.isEmpty() ? null : arrayReaders.get(name);
                if (reader == null) {
                    skip(p);
                    o.add(name, value, NO_SPAN, null);
                } else {
                    o.add(name, value, NO_SPAN, reader.read(p, frame, chars));
                }
            } else if (value != JsonToken.VALUE_NULL && p.getTextCharacters() == chars) {
                o.add(name, value, ((long) p.getTextOffset() << 32) | p.getTextLength(), null);
            } else {
                o.add(name, value, NO_SPAN, value == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
        return o;
    }

    /**
     * Skips the object or array the parser stands on, refusing a field name given twice in any object within;
     * returns after its end.
     */
    public static void skip(JsonParser p) throws IOException {
        JsonToken token;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            FieldNames names = new FieldNames();
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                if (p.nextToken().isStructStart()) {
                    skip(p);
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("unexpected " + token);
            }
        } else {
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new IOException("unterminated array");
                }
                if (token.isStructStart()) {
                    skip(p);
                }
            }
        }
    }

    /** Adds a field; a name given twice is refused (names are interned: see {@link FieldNames}). */
    private void add(String name, JsonToken token, long span, Object value) throws IOException {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                throw new IOException("duplicate field '" + name + "'");
            }
        }
        if (size == names.length) {
            int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            tokens = Arrays.copyOf(tokens, capacity);
            spans = Arrays.copyOf(spans, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        hashes[size] = name.hashCode();
        tokens[size] = token;
        spans[size] = span;
        values[size] = value;
        size++;
    }

    /** The field's index, -1 when absent. */
    private int index(String name) {
        int hash = name.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && (names[i] == name || names[i].equals(name))) {
                return i;
            }
        }
        return -1;
    }

    private int scalar(String name) {
        int i = index(name);
        return i >= 0 && tokens[i].isScalarValue() ? i : -1;
    }

    private int valued(String name) {
        int i = index(name);
        return i >= 0 && tokens[i].isScalarValue() && tokens[i] != JsonToken.VALUE_NULL ? i : -1;
    }

    /** Whether {@code name} is a scalar field, JSON null included. */
    public boolean has(String name) {
        return scalar(name) >= 0;
    }

    /** Whether {@code name} is a scalar field other than JSON null: whether {@link #text} has a text for it. */
    public boolean hasValue(String name) {
        return valued(name) >= 0;
    }

    /** The token text of scalar field {@code name}; null when it is absent, JSON null, an object or an array. */
    public String text(String name) {
        int i = valued(name);
        if (i < 0) {
            return null;
        }
        if (values[i] == null) {
            values[i] = new String(chars, (int) (spans[i] >>> 32), (int) spans[i]);
        }
        return (String) values[i];
    }

    /** The text of {@code name} only when it is a JSON string: where a name is expected, {@code false} is damage. */
    public String string(String name) {
        return token(name) == JsonToken.VALUE_STRING ? text(name) : null;
    }

    /** The token of scalar field {@code name}, null when it is no scalar. */
    public JsonToken token(String name) {
        int i = scalar(name);
        return i < 0 ? null : tokens[i];
    }

    /** Whether scalar field {@code name}'s text is {@code text}, compared without making a String of it. */
    public boolean textIs(String name, String text) {
        int i = valued(name);
        if (i < 0) {
            return false;
        }
        return spans[i] == NO_SPAN ? text.equals(values[i]) : spanIs(spans[i], text);
    }

    /**
     * Scalar field {@code name} as {@code new BigDecimal(text(name))} would make it, digits and scale alike, but
     * from the frame's characters; null when it is absent or JSON null. Throws {@link NumberFormatException} as
     * that constructor does.
     */
    public BigDecimal decimal(String name) {
        int i = valued(name);
        if (i < 0) {
            return null;
        }
        return spans[i] == NO_SPAN ? new BigDecimal((String) values[i])
                : new BigDecimal(chars, (int) (spans[i] >>> 32), (int) spans[i]);
    }

    /** Scalar field {@code name} parsed from its characters by {@code parser}; null when it is absent or JSON null. */
    public <T> T parse(String name, TextParser<T> parser) {
        int i = valued(name);
        if (i < 0) {
            return null;
        }
        if (spans[i] == NO_SPAN) {
            String text = (String) values[i];
            return parser.parse(text, 0, text.length());
        }
        int start = (int) (spans[i] >>> 32);
        return parser.parse(frame, start, start + (int) spans[i]);
    }

    /**
     * Where scalar field {@code name}'s characters lie in {@link #frame()}: {@code start << 32 | length}, or -1
     * when they are no span of it (absent, JSON null, escaped or a literal).
     */
    public long span(String name) {
        int i = valued(name);
        return i < 0 ? NO_SPAN : spans[i];
    }

    /** Whether the characters of {@code span} (from {@link #span}) are {@code text}. */
    public boolean spanIs(long span, String text) {
        int length = (int) span;
        if (span == NO_SPAN || length != text.length()) {
            return false;
        }
        for (int i = 0, at = (int) (span >>> 32); i < length; i++, at++) {
            if (chars[at] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The frame this object was read from. */
    public String frame() {
        return frame;
    }

    /** Object field {@code name}, null when it is no object. */
    public FrameObject object(String name) {
        int i = index(name);
        return i >= 0 && tokens[i] == JsonToken.START_OBJECT ? (FrameObject) values[i] : null;
    }

    /** Object field {@code name}, or an object without fields when it is no object. */
    public FrameObject objectOrEmpty(String name) {
        FrameObject o = object(name);
        return o == null ? EMPTY : o;
    }

    /** Whether {@code name} is an array field. */
    public boolean hasArray(String name) {
        int i = index(name);
        return i >= 0 && tokens[i] == JsonToken.START_ARRAY;
    }

    /** What the codec's reader made of array field {@code name}, or {@code absent} when there was no such array. */
    @SuppressWarnings("unchecked")
    public <T> T array(String name, T absent) {
        int i = index(name);
        return i < 0 || tokens[i] != JsonToken.START_ARRAY || values[i] == null ? absent : (T) values[i];
    }
}
