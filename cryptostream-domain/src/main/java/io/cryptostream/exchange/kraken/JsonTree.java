package io.cryptostream.exchange.kraken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.cryptostream.feed.FrameJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON document as {@code Map<String, Object>}, {@code List<Object>} and {@link Scalar}s. Kraken mixes arrays
 * (v1) and objects (v2) and nests its trades, so a tree reads more plainly than a token loop; scalars keep their
 * token text so that numbers such as {@code "price":85772.4} keep their exact wire digits.
 */
final class JsonTree {

    private static final JsonFactory JSON = FrameJson.FACTORY;

    /** A string, number, boolean or null token: its text (null for JSON null) and whether it was a JSON string. */
    record Scalar(String text, boolean isString) {
    }

    private JsonTree() {
    }

    /** The document in {@code text}; throws on anything but exactly one JSON value. */
    static Object read(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty frame");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (object.put(name, value(p, p.nextToken())) != null) {
                        throw new IOException("duplicate field '" + name + "'");
                    }
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + next + " in an object");
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new IOException("unterminated array");
                    }
                    array.add(value(p, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), true);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getText(), false);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false);
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    /** The text of a scalar member, or null when it is absent, null or not a scalar. */
    static String text(Map<String, Object> object, String name) {
        return object.get(name) instanceof Scalar scalar ? scalar.text() : null;
    }

    static String text(Object value) {
        return value instanceof Scalar scalar ? scalar.text() : null;
    }
}
