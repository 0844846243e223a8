package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic-looking trades made cheaply: trade {@code i} belongs to market {@code i mod markets} and
 * takes its price and size from small precomputed pools, so generating one costs little next to what is measured.
 * Within a market, ids go up by one and event times advance so that each window holds {@code tradesPerWindow}
 * trades.
 */
final class SyntheticTrades {

    private static final int POOL = 4096;
    static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final List<Market> markets;
    private final BigDecimal[][] prices;
    private final BigDecimal[] quantities = new BigDecimal[POOL];
    private final TakerSide[] sides = new TakerSide[POOL];
    private final Instant start;
    private final Duration window;
    private final long tradesPerWindow;

    SyntheticTrades(List<Market> markets, Instant start, Duration window, long tradesPerWindow) {
        if (tradesPerWindow < 1) {
            throw new IllegalArgumentException("tradesPerWindow must be at least 1, was " + tradesPerWindow);
        }
        this.markets = List.copyOf(markets);
        this.start = start;
        this.window = window;
        this.tradesPerWindow = tradesPerWindow;
        SplittableRandom random = new SplittableRandom(42);
        prices = new BigDecimal[markets.size()][POOL];
        for (int m = 0; m < markets.size(); m++) {
            double price = 60_000 * (1 + 0.01 * m);
            for (int i = 0; i < POOL; i++) {
                price *= Math.exp(0.0004 * random.nextGaussian());
                prices[m][i] = BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_EVEN);
            }
        }
        for (int i = 0; i < POOL; i++) {
            quantities[i] = BigDecimal.valueOf(0.005 * Math.exp(1.3 * random.nextGaussian()))
                    .setScale(8, RoundingMode.HALF_EVEN).max(new BigDecimal("0.00000001"));
            double side = random.nextDouble();
            sides[i] = side < 0.02 ? TakerSide.UNKNOWN : side < 0.51 ? TakerSide.SELL : TakerSide.BUY;
        }
    }

    List<Market> markets() {
        return markets;
    }

    /** The index of trade {@code i}'s market: with one partition per market, the partition to write it to. */
    int marketIndex(long i) {
        return (int) (i % markets.size());
    }

    Market market(long i) {
        return markets.get((int) (i % markets.size()));
    }

    /** Trade {@code i} with its synthetic event time; received at that event time. */
    Trade trade(long i) {
        Instant eventTime = eventTime(i / markets.size());
        return trade(i, eventTime, eventTime);
    }

    Trade trade(long i, Instant eventTime, Instant receiveTime) {
        int m = (int) (i % markets.size());
        long j = i / markets.size();
        int slot = (int) (j % POOL);
        return Trade.of(markets.get(m), sides[(int) ((j * 7) % POOL)], prices[m][slot], quantities[(int) ((j * 13) % POOL)],
                Long.toString(1_000_000_000L + j), eventTime, receiveTime);
    }

    /** The event time of a market's {@code j}-th trade: window {@code j / tradesPerWindow}, spread evenly inside it. */
    private Instant eventTime(long j) {
        long windowIndex = j / tradesPerWindow;
        long inWindow = j % tradesPerWindow;
        long windowNanos = window.toNanos();
        return start.plusNanos(windowIndex * windowNanos + inWindow * (windowNanos - 1_000) / tradesPerWindow);
    }
}
