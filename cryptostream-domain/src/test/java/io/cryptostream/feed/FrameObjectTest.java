package io.cryptostream.feed;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A frame's fields read from their characters give what their token text gives, exactly. */
class FrameObjectTest {

    private static final long RANDOM_SEED = 20261130L;
    private static final int CASES = 20_000;

    private final Random random = new Random(RANDOM_SEED);

    @Test
    void a_decimal_read_from_the_frame_equals_big_decimal_of_its_text_scale_included() {
        List<String> numbers = new ArrayList<>(List.of("0", "-0", "0.00", "1e-8", "1E+8", "-1.50e-3", "32500.12",
                "1e999999999", "-1e-999999999", "123456789012345678901234567890.123456789012345678901234567890"));
        for (int i = 0; i < CASES; i++) {
            numbers.add(randomJsonNumber());
        }
        for (String number : numbers) {
            FrameObject f = object("{\"n\":" + number + ",\"s\":\"" + number + "\"}");
            assertThat(f.decimal("n")).as(number).isEqualTo(new BigDecimal(f.text("n")));
            assertThat(f.decimal("n").scale()).as(number).isEqualTo(new BigDecimal(number).scale());
            assertThat(f.decimal("s")).as(number).isEqualTo(new BigDecimal(number));
        }
    }

    @Test
    void a_decimal_string_that_is_no_number_is_refused_as_big_decimal_refuses_it() {
        List<String> texts = new ArrayList<>(List.of("", " 1", "1 ", "1..2", "--1", "+-1", "1e", "e5", "0x10", "NaN",
                "Infinity", "1,5", "١٢", "1e99999999999", "00012.5000", "+12", ".5", "5."));
        for (int i = 0; i < CASES; i++) {
            texts.add(randomDamagedDecimal());
        }
        for (String text : texts) {
            FrameObject f = object("{\"s\":\"" + text + "\"}");
            assertThat(outcome(() -> f.decimal("s"))).as("'%s'", text).isEqualTo(outcome(() -> new BigDecimal(text)));
        }
    }

    @Test
    void escaped_strings_literals_and_nulls_read_as_their_text() {
        FrameObject f = object("{\"e\":\"\\u0031.5\",\"t\":true,\"z\":null,\"q\":\"a\\\"b\"}");
        assertThat(f.decimal("e")).isEqualTo(new BigDecimal("1.5"));
        assertThat(f.textIs("e", "1.5")).isTrue();
        assertThat(f.text("t")).isEqualTo("true");
        assertThat(f.textIs("t", "true")).isTrue();
        assertThat(f.has("z")).isTrue();
        assertThat(f.hasValue("z")).isFalse();
        assertThat(f.decimal("z")).isNull();
        assertThat(f.text("q")).isEqualTo("a\"b");
        assertThat(f.span("q")).isEqualTo(-1);
        assertThat(f.decimal("absent")).isNull();
    }

    @Test
    void a_field_given_twice_anywhere_makes_the_frame_malformed() {
        for (String frame : List.of("{\"a\":1,\"a\":1}", "{\"a\":1,\"b\":null,\"a\":null}", "{\"o\":{\"x\":1,\"x\":2}}",
                "{\"skipped\":[{\"x\":1},{\"y\":[{\"z\":1,\"z\":1}]}]}")) {
            assertThat(FrameObject.decode(frame, o -> new FeedEvent.Unhandled("read"))).as(frame)
                    .isInstanceOf(FeedEvent.Malformed.class);
        }
        assertThat(FrameObject.decode("{\"skipped\":[{\"x\":1},{\"x\":2}],\"o\":{\"x\":1}}",
                o -> new FeedEvent.Unhandled("read"))).isEqualTo(new FeedEvent.Unhandled("read"));
    }

    @Test
    void a_market_cache_finds_a_market_only_by_the_same_string_texts() {
        MarketCache cache = new MarketCache();
        Market btc = new Market("Coinbase", "BTC", "USD");
        assertThat(cache.find(object("{\"p\":\"BTC-USD\"}"), "p")).isNull();
        cache.add(btc, "BTC-USD");
        assertThat(cache.find(object("{\"x\":1,\"p\":\"BTC-USD\"}"), "p")).isSameAs(btc);
        assertThat(cache.find(object("{\"p\":\"BTC-USDT\"}"), "p")).isNull();
        assertThat(cache.find(object("{\"p\":\"btc-usd\"}"), "p")).isNull();
        assertThat(cache.find(object("{\"q\":\"BTC-USD\"}"), "p")).isNull();

        Market pair = new Market("Binance", "ETH", "BTC");
        cache.add(pair, "Binance", "ETH", "BTC");
        assertThat(cache.find(object("{\"M\":\"Binance\",\"F\":\"ETH\",\"T\":\"BTC\"}"), "M", "F", "T")).isSameAs(pair);
        assertThat(cache.find(object("{\"M\":\"Binance\",\"F\":\"ETH\",\"T\":\"USD\"}"), "M", "F", "T")).isNull();
        cache.add(new Market("X", "1", "2"), "1");
        assertThat(cache.find(object("{\"p\":1}"), "p")).as("a number is no name").isNull();
    }

    private static FrameObject object(String frame) {
        AtomicReference<FrameObject> read = new AtomicReference<>();
        FeedEvent event = FrameObject.decode(frame, o -> {
            read.set(o);
            return new FeedEvent.Unhandled("read");
        });
        assertThat(event).as(frame).isEqualTo(new FeedEvent.Unhandled("read"));
        return read.get();
    }

    private static Object outcome(java.util.function.Supplier<?> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /** A number as JSON writes it: sign, no leading zeros, up to 60 digits, fraction and exponent optional. */
    private String randomJsonNumber() {
        StringBuilder n = new StringBuilder(random.nextInt(5) == 0 ? "-" : "");
        int whole = random.nextInt(random.nextInt(10) == 0 ? 60 : 19);
        n.append(whole == 0 ? "0" : (char) ('1' + random.nextInt(9)) + digits(whole - 1));
        if (random.nextBoolean()) {
            n.append('.').append(digits(1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 19)));
        }
        if (random.nextInt(4) == 0) {
            n.append(random.nextBoolean() ? 'e' : 'E').append(List.of("", "+", "-").get(random.nextInt(3)))
                    .append(random.nextInt(random.nextBoolean() ? 30 : 400));
        }
        return n.toString();
    }

    /** A decimal with leading zeros or a character inserted, deleted or swapped. */
    private String randomDamagedDecimal() {
        StringBuilder text = new StringBuilder(randomJsonNumber());
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(4)) {
            case 0 -> text.insert(0, "000".substring(random.nextInt(3)));
            case 1 -> text.insert(at, "+-.eE x1".charAt(random.nextInt(8)));
            case 2 -> {
                if (at < text.length()) {
                    text.deleteCharAt(at);
                }
            }
            default -> {
                if (at < text.length()) {
                    text.setCharAt(at, "+-.eE0".charAt(random.nextInt(6)));
                }
            }
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
