package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.store.Candle;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Trades a venue emitted against the one-minute candles stored for them, market by market and window by window:
 * the trade count, the base volume and the quote volume of every window must be equal, exactly. A trade lost, one
 * counted twice, or one that is not a real trade aggregated, shows as a differing window.
 */
final class WindowReconciliation {

    /**
     * What one market's windows hold.
     *
     * @param lost        trades emitted but in no stored window, summed over windows that hold fewer than emitted
     * @param extra       trades stored beyond those emitted, summed over windows that hold more: double counts, or
     *                    records that are not real trades
     * @param differences each differing window, oldest first
     */
    record MarketResult(String market, long emitted, long stored, long lost, long extra, int windows,
                        List<String> differences) {
        boolean equal() {
            return emitted == stored && differences.isEmpty();
        }
    }

    private record Figures(long trades, BigDecimal volume, BigDecimal quoteVolume) {
        static final Figures NONE = new Figures(0, BigDecimal.ZERO, BigDecimal.ZERO);

        Figures plus(Trade trade) {
            return new Figures(trades + 1, volume.add(trade.quantity()), quoteVolume.add(trade.quoteVolume()));
        }

        boolean sameAs(Figures other) {
            return trades == other.trades && volume.compareTo(other.volume) == 0
                    && quoteVolume.compareTo(other.quoteVolume) == 0;
        }

        @Override
        public String toString() {
            return trades + " trades, volume " + volume.stripTrailingZeros().toPlainString() + ", quote volume "
                    + quoteVolume.stripTrailingZeros().toPlainString();
        }
    }

    private WindowReconciliation() {
    }

    static List<MarketResult> reconcile(Collection<Trade> emitted, Collection<Market> markets,
                                        StoredCandles stored) {
        Map<Market, List<Trade>> byMarket = emitted.stream().collect(Collectors.groupingBy(Trade::market));
        List<MarketResult> results = new ArrayList<>();
        for (Market market : markets) {
            List<Trade> trades = byMarket.getOrDefault(market, List.of());
            Map<Instant, Figures> expected = new TreeMap<>();
            trades.forEach(trade -> expected.compute(window(trade),
                    (window, sum) -> (sum == null ? Figures.NONE : sum).plus(trade)));
            // A day either side: trades stamped far from the emitted ones (a clock error) show up too.
            Instant from = trades.stream().map(WindowReconciliation::window).min(Instant::compareTo)
                    .orElse(Instant.now().truncatedTo(ChronoUnit.MINUTES)).minus(1, ChronoUnit.DAYS);
            Instant to = trades.stream().map(WindowReconciliation::window).max(Instant::compareTo)
                    .orElse(Instant.now().truncatedTo(ChronoUnit.MINUTES)).plus(1, ChronoUnit.DAYS);
            Map<Instant, Figures> found = new TreeMap<>();
            stored.candles(market, from, to).forEach(candle -> found.put(candle.windowStart(),
                    new Figures(candle.trades(), candle.volume(), candle.quoteVolume())));
            List<String> differences = new ArrayList<>();
            long lost = 0;
            long extra = 0;
            TreeSet<Instant> windows = new TreeSet<>(expected.keySet());
            windows.addAll(found.keySet());
            for (Instant window : windows) {
                Figures want = expected.getOrDefault(window, Figures.NONE);
                Figures got = found.getOrDefault(window, Figures.NONE);
                lost += Math.max(0, want.trades() - got.trades());
                extra += Math.max(0, got.trades() - want.trades());
                if (!want.sameAs(got)) {
                    differences.add(window + ": emitted " + want + "; stored " + got);
                }
            }
            long storedTrades = found.values().stream().mapToLong(Figures::trades).sum();
            results.add(new MarketResult(market.key(), trades.size(), storedTrades, lost, extra, windows.size(),
                    differences));
        }
        return results;
    }

    private static Instant window(Trade trade) {
        return trade.eventTime().truncatedTo(ChronoUnit.MINUTES);
    }

    /** The store's candle query ({@code WindowQueries#candles}). */
    @FunctionalInterface
    interface StoredCandles {
        List<Candle> candles(Market market, Instant from, Instant to);
    }
}
