package io.cryptostream.exchange;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * One way of damaging a real frame, and what a codec must make of the damaged frame when the original held
 * trades. Structural damage (a field deleted, a scalar replaced by an object, NaN, null) must be counted
 * (Malformed or Unhandled) unless the field was one the codec does not read, in which case the trades are
 * exactly those of the undamaged frame. Damage that may leave a different but well-formed message (a flipped
 * byte, a huge or negative number) must be counted or decode to as many trades as the original held.
 */
enum FrameMutation {

    TRUNCATE(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return text.substring(0, random.nextInt(text.length()));
        }
    },
    FLIP_CHARACTER(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            StringBuilder flipped = new StringBuilder(text);
            flipped.setCharAt(random.nextInt(text.length()), (char) (32 + random.nextInt(95)));
            return flipped.toString();
        }
    },
    FLIP_BIT(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            return new String(bytes, StandardCharsets.UTF_8);
        }
    },
    INSERT_UNICODE(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            int at = random.nextInt(text.length() + 1);
            return text.substring(0, at) + randomUnicode(random) + text.substring(at);
        }
    },
    UNICODE_IN_STRING(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pick(frame, JsonNode::isTextual, random)
                    .map(at -> at.replaceWith(value -> {
                        String s = value.textValue();
                        int i = random.nextInt(s.length() + 1);
                        return List.of(JsonEdit.quote(s.substring(0, i) + randomUnicode(random) + s.substring(i)));
                    }).render(frame))
                    .orElse(null);
        }
    },
    DELETE_FIELD(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pickMemberOrScalarElement(frame, random)
                    .map(at -> at.replaceWith(value -> List.of()).render(frame)).orElse(null);
        }
    },
    DUPLICATE_FIELD(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pickMember(frame, random)
                    .map(at -> at.replaceWith(value -> List.of(JsonEdit.text(value), JsonEdit.text(value))).render(frame))
                    .orElse(null);
        }
    },
    DUPLICATE_FIELD_WITH_NULL(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pickMember(frame, random)
                    .map(at -> at.replaceWith(value -> random.nextBoolean()
                            ? List.of(JsonEdit.text(value), "null") : List.of("null", JsonEdit.text(value))).render(frame))
                    .orElse(null);
        }
    },
    NUMBER_AS_STRING(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pick(frame, JsonNode::isNumber, random)
                    .map(at -> at.replaceWith(value -> List.of(JsonEdit.quote(value.asText()))).render(frame))
                    .orElse(null);
        }
    },
    NUMBER_AS_OBJECT(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pick(frame, FrameMutation::isNumeric, random)
                    .map(at -> at.replaceWith(value -> List.of(random.nextBoolean()
                            ? "{\"value\":" + JsonEdit.text(value) + "}" : "[" + JsonEdit.text(value) + "]")).render(frame))
                    .orElse(null);
        }
    },
    NOT_A_NUMBER(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            List<String> notNumbers = List.of("NaN", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "Infinity", "\"\"", "\" \"");
            return JsonEdit.pick(frame, FrameMutation::isNumeric, random)
                    .map(at -> at.replaceWith(value -> List.of(notNumbers.get(random.nextInt(notNumbers.size())))).render(frame))
                    .orElse(null);
        }
    },
    HUGE_NUMBER(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            List<String> huge = List.of("1" + "0".repeat(1_200), "1e2147483648", "1e999999999", "-1e999999999",
                    "1e-999999999", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890.5");
            return JsonEdit.pick(frame, FrameMutation::isNumeric, random)
                    .map(at -> at.replaceWith(value -> {
                        String number = huge.get(random.nextInt(huge.size()));
                        return List.of(value.isTextual() ? JsonEdit.quote(number) : number);
                    }).render(frame))
                    .orElse(null);
        }
    },
    NEGATIVE_NUMBER(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pick(frame, FrameMutation::isNumeric, random)
                    .map(at -> at.replaceWith(value -> {
                        String negative = "-" + value.asText().replaceFirst("^-", "");
                        return List.of(value.isTextual() ? JsonEdit.quote(negative) : negative);
                    }).render(frame))
                    .orElse(null);
        }
    },
    SCALAR_AS_OTHER_TYPE(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            List<String> others = List.of("true", "false", "null", "{}", "[]", "{\"a\":[1,{\"b\":null}]}");
            List<String> notBooleans = others.subList(2, others.size());
            return JsonEdit.pick(frame, JsonNode::isValueNode, random)
                    .map(at -> at.replaceWith(value -> {
                        List<String> swaps = value.isBoolean() ? notBooleans : others;
                        return List.of(swaps.get(random.nextInt(swaps.size())));
                    }).render(frame))
                    .orElse(null);
        }
    },
    STRING_AS_NUMBER(Expectation.SAME_TRADE_COUNT_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            return JsonEdit.pick(frame, JsonNode::isTextual, random)
                    .map(at -> at.replaceWith(value -> List.of(isNumeric(value) ? value.textValue()
                            : String.valueOf(random.nextInt(1_000_000)))).render(frame))
                    .orElse(null);
        }
    },
    DEEP_NESTING(Expectation.SAME_TRADES_OR_COUNTED) {
        @Override
        String apply(JsonNode frame, String text, Random random) {
            int depth = random.nextBoolean() ? 5_000 : 1 + random.nextInt(300);
            if (random.nextInt(4) == 0) {
                return "[".repeat(depth) + text + "]".repeat(depth);
            }
            return JsonEdit.pick(frame, JsonNode::isValueNode, random)
                    .map(at -> at.replaceWith(value -> List.of("[".repeat(depth) + JsonEdit.text(value) + "]".repeat(depth)))
                            .render(frame))
                    .orElse(null);
        }
    };

    /** What a codec must make of a damaged trade frame. */
    enum Expectation {
        /** Malformed or Unhandled, or exactly the trades of the undamaged frame (the damage hit a field it ignores). */
        SAME_TRADES_OR_COUNTED,
        /** Malformed or Unhandled, or as many trades as the undamaged frame held. */
        SAME_TRADE_COUNT_OR_COUNTED
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    final Expectation expectation;

    FrameMutation(Expectation expectation) {
        this.expectation = expectation;
    }

    /** The damaged frame, or null when {@code frame} has nothing this mutation can damage. */
    abstract String apply(JsonNode frame, String text, Random random);

    static boolean isNumeric(JsonNode node) {
        return node.isNumber() || node.isTextual() && NUMBER.matcher(node.textValue()).matches();
    }

    /** Control characters, a lone surrogate, zero-width and right-to-left marks, an emoji, a BOM, CJK. */
    static String randomUnicode(Random random) {
        String[] pieces = {"\u0000", "\u0007", "\u001b[31m", "\ud800", "\udfff", "\u200b", "\u202e", "\ufeff",
                "\ud83d\ude80", "\u6bd4\u7279\u5e01", "\\u0000", "\"", "\\", "\n", "\u2028", "\uffff"};
        StringBuilder out = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            out.append(random.nextInt(3) == 0 ? Character.toString(random.nextInt(0x10FFFF))
                    : pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
