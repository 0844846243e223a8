package io.cryptostream.spark;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the job must produce, computed the plain way and written without looking at the Spark code: keep every
 * accepted trade, then group and sum at the end. A trade is late when its event time is not after the watermark
 * of its batch (newest event time of earlier batches minus the delay); a trade whose exchange, pair and id were
 * already accepted is a duplicate. Quotients follow the documented rule: 18 decimal places, half-even. The one
 * reference of the aggregation for every module's tests (this module's test jar).
 */
public final class ReferenceAggregation {

    private final long windowMillis;
    private final Duration watermarkDelay;
    private final List<Trade> accepted = new ArrayList<>();
    private final Set<String> seenIds = new HashSet<>();
    private Instant newestEventTime;
    private long late;

    public ReferenceAggregation(Duration window, Duration watermarkDelay) {
        this.windowMillis = window.toMillis();
        this.watermarkDelay = watermarkDelay;
    }

    /** One-minute windows of trades that all arrived in one batch, so none is late. */
    public static ReferenceAggregation ofOneBatch(Collection<Trade> trades) {
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), Duration.ZERO);
        reference.addBatch(List.copyOf(trades));
        return reference;
    }

    /** Windows of {@code window} (aligned to the UTC epoch) of trades that all arrived in one batch. */
    public static ReferenceAggregation ofOneBatch(Collection<Trade> trades, Duration window) {
        ReferenceAggregation reference = new ReferenceAggregation(window, Duration.ZERO);
        reference.addBatch(List.copyOf(trades));
        return reference;
    }

    public void addBatch(List<Trade> batch) {
        Instant watermark = newestEventTime == null ? null : newestEventTime.minus(watermarkDelay);
        for (Trade trade : batch) {
            if (watermark != null && !trade.eventTime().isAfter(watermark)) {
                late++;
            } else if (seenIds.add(trade.exchange() + "|" + trade.base() + "|" + trade.quote() + "|" + trade.tradeId())) {
                accepted.add(trade);
            }
        }
        for (Trade trade : batch) {
            if (newestEventTime == null || trade.eventTime().isAfter(newestEventTime)) {
                newestEventTime = trade.eventTime();
            }
        }
    }

    public long lateTrades() {
        return late;
    }

    public List<DirectionWindow> directionWindows() {
        List<DirectionWindow> rows = new ArrayList<>();
        byWindowAndMarket().forEach((key, trades) -> {
            for (TakerSide side : TakerSide.values()) {
                List<Trade> sideTrades = trades.stream().filter(t -> t.side() == side).toList();
                if (sideTrades.isEmpty()) {
                    continue;
                }
                BigDecimal priceSum = sum(sideTrades, Trade::price);
                BigDecimal quantity = sum(sideTrades, Trade::quantity);
                BigDecimal volume = sum(sideTrades, Trade::quoteVolume);
                Trade first = sideTrades.stream().min(TRADE_ORDER).orElseThrow();
                Trade last = sideTrades.stream().max(TRADE_ORDER).orElseThrow();
                rows.add(new DirectionWindow(start(first), start(first).plusMillis(windowMillis), first.exchange(),
                        side, first.base(), first.quote(),
                        priceSum.divide(BigDecimal.valueOf(sideTrades.size()), 18, RoundingMode.HALF_EVEN),
                        quantity, volume, sideTrades.size(), first.price(),
                        sideTrades.stream().map(Trade::price).max(Comparator.naturalOrder()).orElseThrow(),
                        sideTrades.stream().map(Trade::price).min(Comparator.naturalOrder()).orElseThrow(),
                        last.price(), volume.divide(quantity, 18, RoundingMode.HALF_EVEN)));
            }
        });
        return rows;
    }

    public List<Candle> candles() {
        List<Candle> candles = new ArrayList<>();
        byWindowAndMarket().forEach((key, trades) -> {
            Trade first = trades.stream().min(TRADE_ORDER).orElseThrow();
            Trade last = trades.stream().max(TRADE_ORDER).orElseThrow();
            BigDecimal volume = sum(trades, Trade::quantity);
            BigDecimal quoteVolume = sum(trades, Trade::quoteVolume);
            candles.add(new Candle(first.exchange(), first.base(), first.quote(), start(first),
                    start(first).plusMillis(windowMillis), first.price(),
                    trades.stream().map(Trade::price).max(Comparator.naturalOrder()).orElseThrow(),
                    trades.stream().map(Trade::price).min(Comparator.naturalOrder()).orElseThrow(),
                    last.price(), volume, quoteVolume, trades.size(),
                    sum(trades.stream().filter(t -> t.side() == TakerSide.BUY).toList(), Trade::quantity),
                    sum(trades.stream().filter(t -> t.side() == TakerSide.SELL).toList(), Trade::quantity),
                    quoteVolume.divide(volume, 18, RoundingMode.HALF_EVEN)));
        });
        return candles;
    }

    /**
     * The candles of every window from each market's first trade up to {@code end} (exclusive), a window without
     * trades carrying the price of the last trade before it as open, high, low and close, zero volumes and no VWAP.
     */
    public List<Candle> filledCandles(Instant end) {
        Map<String, Candle> traded = new TreeMap<>();
        candles().forEach(c -> traded.put(c.exchange() + " " + c.base() + " " + c.quote() + " " + c.windowStart(), c));
        List<Candle> filled = new ArrayList<>();
        accepted.stream().collect(Collectors.groupingBy(t -> t.exchange() + " " + t.base() + " " + t.quote(),
                        TreeMap::new, Collectors.toList()))
                .forEach((marketKey, trades) -> {
                    Trade any = trades.get(0);
                    Instant first = trades.stream().map(this::start).min(Comparator.naturalOrder()).orElseThrow();
                    for (Instant window = first; window.isBefore(end); window = window.plusMillis(windowMillis)) {
                        Candle candle = traded.get(marketKey + " " + window);
                        if (candle != null) {
                            filled.add(candle);
                            continue;
                        }
                        Instant windowStart = window;
                        BigDecimal lastPrice = trades.stream().filter(t -> t.eventTime().isBefore(windowStart))
                                .max(TRADE_ORDER).orElseThrow().price();
                        filled.add(new Candle(any.exchange(), any.base(), any.quote(), window,
                                window.plusMillis(windowMillis), lastPrice, lastPrice, lastPrice, lastPrice,
                                BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, null));
                    }
                });
        return filled;
    }

    /** Event time, then the trade id as a number when it is one: a shorter digit string is a smaller number. */
    private static final Comparator<Trade> TRADE_ORDER = Comparator.comparing(Trade::eventTime)
            .thenComparing(t -> t.tradeId().length()).thenComparing(Trade::tradeId);

    private Map<String, List<Trade>> byWindowAndMarket() {
        return accepted.stream().collect(Collectors.groupingBy(
                t -> start(t) + " " + t.exchange() + " " + t.base() + " " + t.quote(), TreeMap::new,
                Collectors.toList()));
    }

    private Instant start(Trade trade) {
        long millis = trade.eventTime().toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, windowMillis));
    }

    private static BigDecimal sum(List<Trade> trades, java.util.function.Function<Trade, BigDecimal> field) {
        return trades.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
