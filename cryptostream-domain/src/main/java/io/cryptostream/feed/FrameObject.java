package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One JSON object of a frame, read in one pass: its scalar fields as their token text (so numbers keep their wire
 * digits, {@code "P":32500.12} stays 32500.12), its object fields read the same way, and its array fields, which
 * are skipped unless the codec names a reader for them. The one place where a codec's frame stops being text.
 */
public final class FrameObject {

    private static final FrameObject EMPTY = new FrameObject();

    /** Reads one array field, the parser standing on its {@code START_ARRAY}; returns after its {@code END_ARRAY}. */
    @FunctionalInterface
    public interface ArrayReader {
        Object read(JsonParser p) throws IOException;
    }

    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, JsonToken> tokens = new HashMap<>();
    private final Map<String, FrameObject> objects = new HashMap<>();
    private final Map<String, Object> arrays = new HashMap<>();

    private FrameObject() {
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
        try (JsonParser p = FrameJson.FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            FrameObject top = readObject(p, arrayReaders);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the object");
            }
            return top;
        }
    }

    private static FrameObject readObject(JsonParser p, Map<String, ArrayReader> arrayReaders) throws IOException {
        FrameObject o = new FrameObject();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                o.objects.put(name, readObject(p, Map.of()));
            } else if (value == JsonToken.START_ARRAY) {
                ArrayReader reader = arrayReaders.get(name);
                if (reader == null) {
                    p.skipChildren();
                    o.arrays.put(name, null);
                } else {
                    o.arrays.put(name, reader.read(p));
                }
            } else {
                o.tokens.put(name, value);
                o.texts.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
        return o;
    }

    /** Whether {@code name} is a scalar field, JSON null included. */
    public boolean has(String name) {
        return tokens.containsKey(name);
    }

    /** The token text of scalar field {@code name}; null when it is absent, JSON null, an object or an array. */
    public String text(String name) {
        return texts.get(name);
    }

    /** The text of {@code name} only when it is a JSON string: where a name is expected, {@code false} is damage. */
    public String string(String name) {
        return tokens.get(name) == JsonToken.VALUE_STRING ? texts.get(name) : null;
    }

    /** The token of scalar field {@code name}, null when it is no scalar. */
    public JsonToken token(String name) {
        return tokens.get(name);
    }

    /** Object field {@code name}, null when it is no object. */
    public FrameObject object(String name) {
        return objects.get(name);
    }

    /** Object field {@code name}, or an object without fields when it is no object. */
    public FrameObject objectOrEmpty(String name) {
        return objects.getOrDefault(name, EMPTY);
    }

    /** Whether {@code name} is an array field. */
    public boolean hasArray(String name) {
        return arrays.containsKey(name);
    }

    /** What the codec's reader made of array field {@code name}, or {@code absent} when there was no such array. */
    @SuppressWarnings("unchecked")
    public <T> T array(String name, T absent) {
        Object value = arrays.get(name);
        return value == null ? absent : (T) value;
    }
}
