package io.cryptostream.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * JSON of the venues' REST trade-history bodies, numbers kept exact: a float is read as the {@link BigDecimal} of its
 * digits, never through a double.
 */
public final class HistoryJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private HistoryJson() {
    }

    /** The body as a tree; {@link IllegalArgumentException} naming the damage when it is not one JSON value. */
    public static JsonNode read(String body) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException("empty body");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of our own did not serialize", e);
        }
    }

    /** The field's text, string or number, exactly as sent; {@link IllegalArgumentException} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    /** The field as an exact decimal, from a JSON string or number. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(text(node, field));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number: " + node.get(field));
        }
    }

    /** An array element or a value as an exact decimal, from a JSON string or number; {@code what} names it in an error. */
    public static BigDecimal number(JsonNode value, String what) {
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(what + " is not a number: " + value);
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: " + value);
        }
    }

    /** An array element or a value as a whole number, from a JSON integer or a string of digits. */
    public static long integer(JsonNode value, String what) {
        if (value != null && value.isIntegralNumber()) {
            return value.longValue();
        }
        try {
            if (value != null && value.isTextual()) {
                return Long.parseLong(value.asText());
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(what + " is not a whole number: " + value);
    }

    /** The start of a body, for an error message. */
    public static String excerpt(String body) {
        return body.length() <= 120 ? body : body.substring(0, 120) + "…";
    }
}
