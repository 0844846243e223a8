package io.cryptostream.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a JSON tree back to text with one member or element replaced by raw text: none (deleted), one (changed)
 * or two (duplicated, which a tree cannot hold). Raw text may be anything, including tokens that are not JSON
 * ({@code NaN}) and numbers no Java type holds, because codecs read the wire text, not a parsed tree.
 */
record JsonEdit(List<Object> path, Function<JsonNode, List<String>> replacement) {

    /** Reads numbers with their exact digits, so an undamaged frame writes back to the same values. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static final JsonEdit UNCHANGED = new JsonEdit(null, null);

    /** Where in a tree: field names and array indexes from the root. */
    record At(List<Object> path) {
        JsonEdit replaceWith(Function<JsonNode, List<String>> replacement) {
            return new JsonEdit(path, replacement);
        }
    }

    /** The frame as a tree, or empty when it is not exactly one JSON document. */
    static Optional<JsonNode> parse(String text) {
        try {
            return Optional.of(JSON.readTree(text));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<At> pick(JsonNode root, Predicate<JsonNode> which, Random random) {
        List<At> candidates = new ArrayList<>();
        collect(root, new ArrayList<>(), (node, parent) -> which.test(node), candidates);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    static Optional<At> pickMember(JsonNode root, Random random) {
        List<At> candidates = new ArrayList<>();
        collect(root, new ArrayList<>(), (node, parent) -> parent.isObject(), candidates);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    /** An object member or a scalar in an array (a positional field); never a whole element of a list of trades. */
    static Optional<At> pickMemberOrScalarElement(JsonNode root, Random random) {
        List<At> candidates = new ArrayList<>();
        collect(root, new ArrayList<>(), (node, parent) -> parent.isObject() || node.isValueNode(), candidates);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private interface Position {
        boolean test(JsonNode node, JsonNode parent);
    }

    private static void collect(JsonNode node, List<Object> path, Position which, List<At> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                List<Object> at = append(path, member.getKey());
                if (which.test(member.getValue(), node)) {
                    into.add(new At(at));
                }
                collect(member.getValue(), at, which, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> at = append(path, i);
                if (which.test(node.get(i), node)) {
                    into.add(new At(at));
                }
                collect(node.get(i), at, which, into);
            }
        }
    }

    String render(JsonNode root) {
        StringBuilder out = new StringBuilder();
        write(root, List.of(), out);
        return out.toString();
    }

    private void write(JsonNode node, List<Object> at, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                for (String value : values(member.getValue(), append(at, member.getKey()))) {
                    out.append(first ? "" : ",").append(quote(member.getKey())).append(':').append(value);
                    first = false;
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (int i = 0; i < node.size(); i++) {
                for (String value : values(node.get(i), append(at, i))) {
                    out.append(first ? "" : ",").append(value);
                    first = false;
                }
            }
            out.append(']');
        } else if (node.isBigDecimal()) {
            out.append(node.decimalValue().toPlainString());
        } else {
            out.append(json(node));
        }
    }

    private List<String> values(JsonNode node, List<Object> at) {
        if (at.equals(path)) {
            return replacement.apply(node);
        }
        StringBuilder out = new StringBuilder();
        write(node, at, out);
        return List.of(out.toString());
    }

    /** A node written as JSON unchanged, numbers with their exact digits. */
    static String text(JsonNode node) {
        return UNCHANGED.render(node);
    }

    static String quote(String s) {
        return json(s);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }
}
