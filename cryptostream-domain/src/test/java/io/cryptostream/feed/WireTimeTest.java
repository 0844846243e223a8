package io.cryptostream.feed;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each parse of {@link WireTime} against its String-based reference, over many generated texts, valid and not:
 * the same instant or number, or the same kind of exception. Each text is also parsed from inside a longer one,
 * as it lies in a frame.
 */
class WireTimeTest {

    private static final long RANDOM_SEED = 20261130L;
    private static final int CASES = 20_000;

    private final Random random = new Random(RANDOM_SEED);

    @Test
    void iso_timestamps_parse_as_offset_date_time_does() {
        List<String> texts = new ArrayList<>(List.of("2025-01-01T00:01:00.719999Z", "2024-02-29T23:59:59Z",
                "2023-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z",
                "2025-01-01T00:00:60Z", "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-01-00T00:00:00Z",
                "2025-01-01t00:00:00z", "2025-01-01T00:00Z", "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00.1234567891Z",
                "2025-01-01T00:00:00+05:30:15", "2025-01-01T00:00:00+0530", "2025-01-01T00:00:00+05",
                "2025-01-01T00:00:00+18:00", "2025-01-01T00:00:00-18:00", "2025-01-01T00:00:00+18:01",
                "2025-01-01T00:00:00-00:00", "2025-01-01T00:00:00+19:00", "2025-01-01T00:00:00+05:60",
                "+12025-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2025-01-01T00:00:00ZZ", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z", "", "2025",
                "2025-01-01T00:00:00.123456789+01:00", "１０２５-01-01T00:00:00Z"));
        for (int i = 0; i < CASES; i++) {
            texts.add(randomIso());
        }
        for (String text : texts) {
            assertSameOutcome(text, WireTime::iso, t -> OffsetDateTime.parse(t).toInstant());
        }
    }

    @Test
    void epoch_millis_parse_as_long_parse_long_does() {
        List<String> texts = new ArrayList<>(List.of("0", "1735689600123", "-1", "007", "9223372036854775807",
                "9223372036854775808", "-9223372036854775808", "123456789012345678", "1234567890123456789", "",
                "1.5", "1e3", "+5", "12a"));
        for (int i = 0; i < CASES; i++) {
            texts.add(randomWhole());
        }
        for (String text : texts) {
            assertSameOutcome(text, WireTime::epochMillis, t -> Instant.ofEpochMilli(Long.parseLong(t)));
        }
    }

    @Test
    void whole_numbers_and_epoch_times_parse_as_big_decimal_long_value_exact_does() {
        List<String> texts = new ArrayList<>(List.of("0", "1700000000123456", "1e3", "1E+3", "7.0", "7.5", "-3",
                "000000000000000000001", "999999999999999999", "9999999999999999999", "9223372036854775808", "",
                "-", "1.", ".5", "12a", "1e400"));
        for (int i = 0; i < CASES; i++) {
            texts.add(random.nextBoolean() ? randomWhole() : randomDecimal());
        }
        for (String text : texts) {
            assertSameOutcome(text, WireTime::longExact, t -> new BigDecimal(t).longValueExact());
            assertSameOutcome(text, WireTime::epochSeconds, t -> Instant.ofEpochSecond(new BigDecimal(t).longValueExact()));
            assertSameOutcome(text, WireTime::epochMicros, t -> {
                long us = new BigDecimal(t).longValueExact();
                return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
            });
        }
    }

    @Test
    void seconds_with_a_fraction_parse_exactly_as_their_big_decimal() {
        List<String> texts = new ArrayList<>(List.of("1618678150.826417", "1618678150", "1618678150.1234567891",
                "1618678150.1234567890", "0.000000001", "-1.5", "1e3", ".5", "5.", "0001618678150.5", "", "x",
                "31556889864403199.999999999", "31556889864403200.0"));
        for (int i = 0; i < CASES; i++) {
            texts.add(random.nextBoolean() ? randomDecimal() : random.nextInt(2_000_000_000) + "."
                    + digits(1 + random.nextInt(11)));
        }
        for (String text : texts) {
            assertSameOutcome(text, WireTime::epochSecondsWithFraction, t -> {
                BigDecimal value = new BigDecimal(t);
                BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
                int nanos = value.subtract(seconds).movePointRight(9).intValueExact();
                return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
            });
        }
    }

    private static <T> void assertSameOutcome(String text, FrameObject.TextParser<T> parse, Function<String, T> reference) {
        Object expected = outcome(() -> reference.apply(text));
        assertThat(outcome(() -> parse.parse(text, 0, text.length()))).as("'%s'", text).isEqualTo(expected);
        String inFrame = "{\"x\":\"" + text + "\"}";
        assertThat(outcome(() -> parse.parse(inFrame, 6, 6 + text.length()))).as("'%s' in a frame", text)
                .isEqualTo(expected);
    }

    /** The value, or the class of what was thrown. */
    private static Object outcome(java.util.function.Supplier<?> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private String randomIso() {
        int year = random.nextInt(10) == 0 ? random.nextInt(10_000) : 1970 + random.nextInt(130);
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", year,
                1 + random.nextInt(random.nextInt(20) == 0 ? 13 : 12), 1 + random.nextInt(random.nextInt(20) == 0 ? 31 : 28),
                random.nextInt(random.nextInt(20) == 0 ? 25 : 24), random.nextInt(random.nextInt(20) == 0 ? 61 : 60),
                random.nextInt(random.nextInt(20) == 0 ? 61 : 60)));
        int fraction = random.nextInt(12);
        if (fraction > 0) {
            text.append('.').append(digits(fraction - 1 + (random.nextInt(30) == 0 ? 2 : 0)));
        }
        switch (random.nextInt(6)) {
            case 0, 1, 2 -> text.append('Z');
            case 3 -> text.append(random.nextBoolean() ? '+' : '-')
                    .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
            case 4 -> text.append(random.nextBoolean() ? "z" : "+0100");
            default -> text.append(random.nextBoolean() ? "" : "Z ");
        }
        return text.toString();
    }

    private String randomWhole() {
        String sign = random.nextInt(10) == 0 ? "-" : "";
        return sign + (random.nextInt(10) == 0 ? "0" : "") + digits(1 + random.nextInt(21));
    }

    private String randomDecimal() {
        StringBuilder text = new StringBuilder(random.nextInt(8) == 0 ? "-" : "");
        text.append(digits(random.nextInt(12)));
        if (random.nextBoolean()) {
            text.append('.').append(digits(random.nextInt(12)));
        }
        if (random.nextInt(5) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "+").append(random.nextInt(25));
        }
        return text.toString();
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
