package io.cryptostream.exchange.kraken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.cryptostream.feed.FrameJson;
import io.cryptostream.feed.FrameObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON document as {@code Map<String, Object>}, {@code List<Object>} and {@link Scalar}s. Kraken mixes arrays
 * (v1) and objects (v2) and nests its trades, so a tree reads more plainly than a token loop; scalars keep their
 * token text so that numbers such as {@code "price":85772.4} keep their exact wire digits. A scalar holds where its
 * characters lie in the frame and makes a String of them only when asked.
 */
final class JsonTree {

    private static final JsonFactory JSON = FrameJson.FACTORY;

    /** A string, number, boolean or null token: its text (null for JSON null) and whether it was a JSON string. */
    static final class Scalar {
        private final char[] chars;
        private final String frame;
        private final int start;
        private final int length;
        private final boolean isString;
        private String text;

        private Scalar(String text, boolean isString) {
            this(null, null, 0, 0, isString);
            this.text = text;
        }

        private Scalar(char[] chars, String frame, int start, int length, boolean isString) {
            this.chars = chars;
            this.frame = frame;
            this.start = start;
            this.length = length;
            this.isString = isString;
        }

        boolean isString() {
            return isString;
        }

        /** The token text, null for JSON null. */
        String text() {
            if (text == null && chars != null) {
                text = new String(chars, start, length);
            }
            return text;
        }

        /** {@code new BigDecimal(text())}, from the characters; throws as that constructor does (null text too). */
        BigDecimal decimal() {
            return chars == null ? new BigDecimal(text) : new BigDecimal(chars, start, length);
        }

        /** {@link #text()} parsed by {@code parser} from the characters. */
        <T> T parse(FrameObject.TextParser<T> parser) {
            return chars == null ? parser.parse(text, 0, text.length()) : parser.parse(frame, start, start + length);
        }
    }

    private JsonTree() {
    }

    /** The document in {@code text}; throws on anything but exactly one JSON value. */
    static Object read(String text) throws IOException {
        // Parsed from a char[] of our own, the parser's token characters are spans of it.
        char[] chars = text.toCharArray();
        try (JsonParser p = JSON.createParser(chars)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty frame");
            }
            Object value = value(p, first, text, chars);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken token, String frame, char[] chars) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (object.put(name, value(p, p.nextToken(), frame, chars)) != null) {
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
                    array.add(value(p, next, frame, chars));
                }
                return array;
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                boolean isString = token == JsonToken.VALUE_STRING;
                return p.getTextCharacters() == chars
                        ? new Scalar(chars, frame, p.getTextOffset(), p.getTextLength(), isString)
                        : new Scalar(p.getText(), isString);
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

    /** Whether member {@code name} is a scalar other than JSON null. */
    static boolean hasText(Map<String, Object> object, String name) {
        return object.get(name) instanceof Scalar scalar && (scalar.chars != null || scalar.text != null);
    }

    /** The scalar member {@code name}; throws when it is none. */
    static Scalar scalar(Map<String, Object> object, String name) {
        return (Scalar) object.get(name);
    }
}
