package io.cryptostream.store;

import io.cryptostream.domain.Market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Longer candles rolled up exactly from 1-minute candles: the open of the first minute, the close of the last, the
 * highest high, the lowest low, summed volumes and trade counts, and the VWAP recomputed from the summed quote volume
 * and volume (never an average of averages). Pure, so any reader of {@code candles_1m} can use it.
 */
public final class CandleRollup {

    private static final Comparator<Candle> BY_START = Comparator.comparing(Candle::windowStart);

    private CandleRollup() {
    }

    /** The candles of {@code interval} holding the given 1-minute candles, per market, oldest first. */
    public static List<Candle> rollUp(List<Candle> minutes, CandleInterval interval) {
        List<Candle> candles = new ArrayList<>();
        byMarket(minutes).values().forEach(ofMarket -> {
            Map<Instant, List<Candle>> byInterval = new TreeMap<>();
            ofMarket.forEach(minute -> byInterval.computeIfAbsent(interval.startOf(minute.windowStart()),
                    start -> new ArrayList<>()).add(minute));
            byInterval.forEach((start, parts) -> candles.add(merged(start, interval, parts)));
        });
        return candles;
    }

    /**
     * The candles with the intervals between them and up to {@code end} (exclusive) filled as venues fill them:
     * open = high = low = close = the previous close, no volume, no trades and no VWAP. Nothing is added before a
     * market's first candle.
     */
    public static List<Candle> filled(List<Candle> candles, CandleInterval interval, Instant end) {
        List<Candle> filled = new ArrayList<>();
        byMarket(candles).values().forEach(ofMarket -> {
            Candle previous = null;
            for (Candle candle : ofMarket) {
                if (previous != null) {
                    addEmpty(filled, previous, candle.windowStart(), interval);
                }
                filled.add(candle);
                previous = candle;
            }
            addEmpty(filled, previous, end, interval);
        });
        return filled;
    }

    private static void addEmpty(List<Candle> out, Candle previous, Instant until, CandleInterval interval) {
        BigDecimal close = previous.close();
        for (Instant start = previous.windowStart().plus(interval.length()); start.isBefore(until);
                start = start.plus(interval.length())) {
            out.add(new Candle(previous.exchange(), previous.base(), previous.quote(), start,
                    start.plus(interval.length()), close, close, close, close, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                    BigDecimal.ZERO, BigDecimal.ZERO, null));
        }
    }

    private static Candle merged(Instant start, CandleInterval interval, List<Candle> parts) {
        parts.sort(BY_START);
        Candle first = parts.get(0);
        Candle last = parts.get(parts.size() - 1);
        BigDecimal high = first.high();
        BigDecimal low = first.low();
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        BigDecimal buyVolume = BigDecimal.ZERO;
        BigDecimal sellVolume = BigDecimal.ZERO;
        long trades = 0;
        for (Candle part : parts) {
            high = high.max(part.high());
            low = low.min(part.low());
            volume = volume.add(part.volume());
            quoteVolume = quoteVolume.add(part.quoteVolume());
            buyVolume = buyVolume.add(part.buyVolume());
            sellVolume = sellVolume.add(part.sellVolume());
            trades += part.trades();
        }
        return new Candle(first.exchange(), first.base(), first.quote(), start, start.plus(interval.length()),
                first.open(), high, low, last.close(), volume, quoteVolume, trades, buyVolume, sellVolume,
                volume.signum() == 0 ? null : Decimals.quotient(quoteVolume, volume));
    }

    /** Each market's candles, oldest first, markets in the order they first appear. */
    private static Map<Market, List<Candle>> byMarket(List<Candle> candles) {
        Map<Market, List<Candle>> byMarket = new LinkedHashMap<>();
        candles.forEach(candle -> byMarket.computeIfAbsent(candle.market(), market -> new ArrayList<>()).add(candle));
        byMarket.values().forEach(ofMarket -> ofMarket.sort(BY_START));
        return byMarket;
    }
}
