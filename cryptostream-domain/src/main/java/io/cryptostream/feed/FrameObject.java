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
    private static final int SCALAR = 0;
    private static final int OBJECT = 1;
    private static final int ARRAY = 2;
    /** {@link #starts} of a scalar whose text is not a span of the frame (escaped, or a literal): its String is kept. */
    private static final int NO_SPAN = -1;

    /** Reads one array field, the parser standing on its {@code START_ARRAY}; returns after its {@code END_ARRAY}. */
    @FunctionalInterface
    public interface ArrayReader {
        /** @param frame the frame's characters, for {@link FrameObject#read(JsonParser, String, char[])} */
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
    private String[] names = new String[8];
    private int[] kinds = new int[8];
    private JsonToken[] tokens = new JsonToken[8];
    private int[] starts = new int[8];
    private int[] lengths = new int[8];
    /** A scalar's String once made, an object field's FrameObject, an array field's reader result. */
    private Object[] values = new Object[8];

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
                o.add(name, OBJECT, null, NO_SPAN, 0, readObject(p, frame, chars, Map.of()));
            } else if (value == JsonToken.START_ARRAY) {
                ArrayReader reader = arrayReaders.isEmpty() ? null : arrayReaders.get(name);
                if (reader == null) {
                    p.skipChildren();
                    o.add(name, ARRAY, null, NO_SPAN, 0, null);
                } else {
                    o.add(name, ARRAY, null, NO_SPAN, 0, reader.read(p, frame, chars));
                }
            } else if (value == JsonToken.VALUE_NULL) {
                o.add(name, SCALAR, value, NO_SPAN, 0, null);
            } else if (p.getTextCharacters() == chars) {
                o.add(name, SCALAR, value, p.getTextOffset(), p.getTextLength(), null);
            } else {
                o.add(name, SCALAR, value, NO_SPAN, 0, p.getText());
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
        return o;
    }

    private void add(String name, int kind, JsonToken token, int start, int length, Object value) {
        if (size == names.length) {
            int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            tokens = Arrays.copyOf(tokens, capacity);
            starts = Arrays.copyOf(starts, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        kinds[size] = kind;
        tokens[size] = token;
        starts[size] = start;
        lengths[size] = length;
        values[size] = value;
        size++;
    }

    /** The field's index, -1 when absent. The parser refuses a name given twice, so the first match is the only one. */
    private int index(String name) {
        for (int i = 0; i < size; i++) {
            // Field names come canonicalized (interned) from the parser: == finds a literal name without comparing.
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int scalar(String name) {
        int i = index(name);
        return i >= 0 && kinds[i] == SCALAR ? i : -1;
    }

    /** Whether {@code name} is a scalar field, JSON null included. */
    public boolean has(String name) {
        return scalar(name) >= 0;
    }

    /** Whether {@code name} is a scalar field other than JSON null: whether {@link #text} has a text for it. */
    public boolean hasValue(String name) {
        int i = scalar(name);
        return i >= 0 && tokens[i] != JsonToken.VALUE_NULL;
    }

    /** The token text of scalar field {@code name}; null when it is absent, JSON null, an object or an array. */
    public String text(String name) {
        int i = scalar(name);
        if (i < 0 || tokens[i] == JsonToken.VALUE_NULL) {
            return null;
        }
        if (values[i] == null) {
            values[i] = new String(chars, starts[i], lengths[i]);
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
        int i = scalar(name);
        if (i < 0 || tokens[i] == JsonToken.VALUE_NULL) {
            return false;
        }
        if (starts[i] == NO_SPAN) {
            return text.equals(values[i]);
        }
        return lengths[i] == text.length() && frame.regionMatches(starts[i], text, 0, lengths[i]);
    }

    /**
     * Scalar field {@code name} as {@code new BigDecimal(text(name))} would make it, digits and scale alike, but
     * from the frame's characters; null when it is absent or JSON null. Throws {@link NumberFormatException} as
     * that constructor does.
     */
    public BigDecimal decimal(String name) {
        int i = scalar(name);
        if (i < 0 || tokens[i] == JsonToken.VALUE_NULL) {
            return null;
        }
        return starts[i] == NO_SPAN ? new BigDecimal((String) values[i]) : new BigDecimal(chars, starts[i], lengths[i]);
    }

    /** Scalar field {@code name} parsed from its characters by {@code parser}; null when it is absent or JSON null. */
    public <T> T parse(String name, TextParser<T> parser) {
        int i = scalar(name);
        if (i < 0 || tokens[i] == JsonToken.VALUE_NULL) {
            return null;
        }
        if (starts[i] == NO_SPAN) {
            String text = (String) values[i];
            return parser.parse(text, 0, text.length());
        }
        return parser.parse(frame, starts[i], starts[i] + lengths[i]);
    }

    /**
     * Where scalar field {@code name}'s characters lie in {@link #frame()}: {@code (start << 32) | length}, or -1
     * when they are no span of it (absent, JSON null, escaped or a literal).
     */
    public long span(String name) {
        int i = scalar(name);
        return i < 0 || starts[i] == NO_SPAN ? -1 : ((long) starts[i] << 32) | lengths[i];
    }

    /** The frame this object was read from. */
    public String frame() {
        return frame;
    }

    /** Object field {@code name}, null when it is no object. */
    public FrameObject object(String name) {
        int i = index(name);
        return i >= 0 && kinds[i] == OBJECT ? (FrameObject) values[i] : null;
    }

    /** Object field {@code name}, or an object without fields when it is no object. */
    public FrameObject objectOrEmpty(String name) {
        FrameObject o = object(name);
        return o == null ? EMPTY : o;
    }

    /** Whether {@code name} is an array field. */
    public boolean hasArray(String name) {
        int i = index(name);
        return i >= 0 && kinds[i] == ARRAY;
    }

    /** What the codec's reader made of array field {@code name}, or {@code absent} when there was no such array. */
    @SuppressWarnings("unchecked")
    public <T> T array(String name, T absent) {
        int i = index(name);
        return i < 0 || kinds[i] != ARRAY || values[i] == null ? absent : (T) values[i];
    }
}
