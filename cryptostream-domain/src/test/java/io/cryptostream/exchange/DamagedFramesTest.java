package io.cryptostream.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.exchange.bitstamp.BitstampCodec;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedCodec;
import io.cryptostream.exchange.coinbase.CoinbaseCodec;
import io.cryptostream.exchange.cryptocompare.CryptoCompareCodec;
import io.cryptostream.exchange.kraken.KrakenCodec;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test over every venue codec: real captured frames, damaged in every way a network, a buggy venue or an
 * attacker could (truncation, flipped bytes, deleted and duplicated fields, numbers turned into strings, objects,
 * NaN, huge or negative values, type swaps, unicode, deep nesting), never make a codec throw, and every damaged
 * trade frame is either counted (Malformed or Unhandled, which ingest counts) or decodes to trades as the property
 * of its mutation allows. The random seed is fixed so a failure repeats; {@code -Dcryptostream.fuzz.seed=N} tries
 * others.
 */
class DamagedFramesTest {

    private static final int FRAMES_PER_FILE = 3_000;
    private static final int TRADE_FRAMES = 120;
    private static final int OTHER_FRAMES = 40;
    private static final int MUTANTS_PER_FRAME = 40;
    private static final Instant RECEIVED_AT = Instant.parse("2026-11-30T00:00:00Z");
    private static final FrameMutation[] MUTATIONS = FrameMutation.values();

    record Venue(String name, Supplier<ExchangeCodec> codec, Supplier<List<String>> frames) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Venue> venues() {
        return Stream.of(
                new Venue("CryptoCompare", CryptoCompareCodec::new, () -> CaptureFrames.cryptoCompare(FRAMES_PER_FILE,
                        "ws/cryptocompare/ptracker_captured_2022-03-29.jsonl", "ws/cryptocompare/official_docs_control_examples.jsonl")),
                new Venue("Bitstamp", BitstampCodec::new, () -> CaptureFrames.of(FRAMES_PER_FILE, "ws/cryptofeed/BITSTAMP.ws.1.0",
                        "ws/crypto-msg-parser/bitstamp.jsonl", "ws/gocryptotrader/bitstamp_inline_test_messages.jsonl")),
                new Venue("Coinbase", CoinbaseCodec::new, () -> CaptureFrames.of(FRAMES_PER_FILE,
                        "ws/cryptofeed/COINBASE.ws.28.0", "ws/crypto-msg-parser/coinbase_pro.jsonl")),
                new Venue("Coinbase Advanced", CoinbaseAdvancedCodec::new, () -> CaptureFrames.coinbaseAdvanced(FRAMES_PER_FILE,
                        "ws/cryptofeed/COINBASE.ws.28.0", "ws/crypto-msg-parser/coinbase_pro.jsonl")),
                new Venue("Binance spot", () -> new BinanceCodec(BinanceVenue.SPOT), () -> CaptureFrames.of(FRAMES_PER_FILE,
                        "ws/binance_hftbacktest/spot_btcusdt_20240808.gz", "ws/cryptofeed/BINANCE.ws.1.0")),
                new Venue("Binance USD-M", () -> new BinanceCodec(BinanceVenue.USDM_FUTURES), () -> CaptureFrames.of(FRAMES_PER_FILE,
                        "ws/binance_hftbacktest/usdm_btcusdt_20240808.gz", "ws/crypto-msg-parser/binance.jsonl")),
                new Venue("Kraken v2", KrakenCodec::new, () -> CaptureFrames.krakenV2(FRAMES_PER_FILE,
                        "ws/cryptofeed/KRAKEN.ws.48.0", "ws/crypto-msg-parser/kraken.jsonl", "ws/gocryptotrader/kraken_wsAllTrades.json")),
                new Venue("Kraken v1", KrakenCodec::new, () -> CaptureFrames.of(FRAMES_PER_FILE,
                        "ws/cryptofeed/KRAKEN.ws.48.0", "ws/crypto-msg-parser/kraken.jsonl", "ws/gocryptotrader/kraken_wsAllTrades.json")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void damagedFramesNeverThrowAndEveryBadTradeFrameIsCounted(Venue venue) {
        long seed = Long.getLong("cryptostream.fuzz.seed", 7_919L);
        Random random = new Random(seed ^ venue.name().hashCode());
        ExchangeCodec codec = venue.codec().get();
        List<Sample> samples = samples(codec, venue.frames().get());
        assertThat(samples).as("trade frames of %s in the captures", venue).anyMatch(s -> s.undamaged() instanceof FeedEvent.Trades);

        List<String> failures = new ArrayList<>();
        Map<FrameMutation, int[]> tried = new EnumMap<>(FrameMutation.class);
        for (Sample sample : samples) {
            for (int i = 0; i < MUTANTS_PER_FRAME; i++) {
                FrameMutation mutation = MUTATIONS[random.nextInt(MUTATIONS.length)];
                String damaged = mutation.apply(sample.tree(), sample.text(), random);
                if (damaged == null || damaged.equals(sample.text())) {
                    continue;
                }
                tried.computeIfAbsent(mutation, m -> new int[1])[0]++;
                String problem;
                try {
                    problem = problem(codec.decode(damaged, RECEIVED_AT), damaged, sample.undamaged(), mutation.expectation);
                } catch (Throwable thrown) {
                    problem = "threw " + thrown;
                }
                if (problem != null) {
                    failures.add(mutation + ": " + problem + "\n    frame:   " + abbreviate(sample.text())
                            + "\n    damaged: " + abbreviate(damaged));
                }
            }
        }
        assertThat(tried).as("mutations applied to %s", venue).containsOnlyKeys(MUTATIONS);
        assertThat(failures).as("%s, random seed %d: %d of the damaged frames", venue, seed, failures.size())
                .isEmpty();
    }

    /** A captured frame, its tree, and what it decodes to undamaged. */
    record Sample(String text, JsonNode tree, FeedEvent undamaged) {
    }

    /** Up to {@link #TRADE_FRAMES} trade frames and {@link #OTHER_FRAMES} others, spread over the captures. */
    private static List<Sample> samples(ExchangeCodec codec, List<String> frames) {
        List<Sample> trades = new ArrayList<>();
        List<Sample> others = new ArrayList<>();
        for (String frame : frames) {
            JsonNode tree = JsonEdit.parse(frame).orElseThrow(() -> new AssertionError("a captured frame is not JSON: " + frame));
            String text = JsonEdit.text(tree);
            Sample sample = new Sample(text, tree, codec.decode(text, RECEIVED_AT));
            (sample.undamaged() instanceof FeedEvent.Trades ? trades : others).add(sample);
        }
        List<Sample> chosen = new ArrayList<>(spread(trades, TRADE_FRAMES));
        chosen.addAll(spread(others, OTHER_FRAMES));
        return chosen;
    }

    private static List<Sample> spread(List<Sample> samples, int count) {
        if (samples.size() <= count) {
            return samples;
        }
        List<Sample> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(samples.get(i * samples.size() / count));
        }
        return chosen;
    }

    /** What is wrong with {@code event} as the decoding of {@code damaged}, or null when nothing is. */
    private static String problem(FeedEvent event, String damaged, FeedEvent undamaged, FrameMutation.Expectation expectation) {
        if (event == null) {
            return "decoded to null";
        }
        if (event instanceof FeedEvent.Malformed malformed) {
            if (malformed.reason() == null || malformed.reason().isBlank() || !damaged.equals(malformed.frame())) {
                return "Malformed without a reason or without the frame: " + malformed.reason();
            }
            return null;
        }
        if (JsonEdit.parse(damaged).isEmpty()) {
            return "not JSON, yet decoded to " + abbreviate(String.valueOf(event));
        }
        if (event instanceof FeedEvent.Unhandled unhandled) {
            return unhandled.type() == null ? "Unhandled without a type" : null;
        }
        if (!(undamaged instanceof FeedEvent.Trades original)) {
            return null;
        }
        if (!(event instanceof FeedEvent.Trades decoded)) {
            return "a damaged trade frame decoded to " + abbreviate(event.toString());
        }
        return switch (expectation) {
            case SAME_TRADES_OR_COUNTED -> sameFacts(decoded, original) ? null
                    : "decoded to other trades, not counted: " + abbreviate(decoded.toString());
            case SAME_TRADE_COUNT_OR_COUNTED -> decoded.trades().size() == original.trades().size() ? null
                    : "decoded to " + decoded.trades().size() + " trades instead of " + original.trades().size();
        };
    }

    /**
     * The same trades as far as a candle can tell: market, taker side, price and quantity (by value: a venue's
     * second copy of a number may have other trailing zeros). Event times may differ, within the second, where a
     * venue sends a coarser fallback time next to the precise one.
     */
    private static boolean sameFacts(FeedEvent.Trades decoded, FeedEvent.Trades original) {
        if (decoded.trades().size() != original.trades().size()) {
            return false;
        }
        for (int i = 0; i < decoded.trades().size(); i++) {
            Trade d = decoded.trades().get(i);
            Trade o = original.trades().get(i);
            if (!d.market().equals(o.market()) || d.side() != o.side() || d.price().compareTo(o.price()) != 0
                    || d.quantity().compareTo(o.quantity()) != 0
                    || !d.eventTime().truncatedTo(ChronoUnit.SECONDS).equals(o.eventTime().truncatedTo(ChronoUnit.SECONDS))) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " chars)";
    }
}
