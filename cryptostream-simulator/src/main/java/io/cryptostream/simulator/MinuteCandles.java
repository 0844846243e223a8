package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.VenueCandle;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The 1-minute candles of every trade the simulator emitted, per market, as a venue computes its own: open and close
 * the first and last trade of the minute in emission order, base volume, trade count. At most {@link #MAX_MINUTES}
 * minutes a market are kept, so a long run holds bounded memory. Tests may alter or hide a minute's candle
 * ({@link #alter}, {@link #hide}), as a venue's candle may differ from the trades it streamed.
 */
final class MinuteCandles {

    /** A week of minutes; more than any venue serves in one answer. */
    static final int MAX_MINUTES = 10_080;

    private record Key(Market market, Instant minute) {
    }

    private final Map<Market, NavigableMap<Instant, VenueCandle>> markets = new ConcurrentHashMap<>();
    private final Map<Key, UnaryOperator<VenueCandle>> edits = new ConcurrentHashMap<>();

    void add(Trade trade) {
        Instant minute = trade.eventTime().truncatedTo(ChronoUnit.MINUTES);
        NavigableMap<Instant, VenueCandle> candles = markets.computeIfAbsent(trade.market(), m -> new TreeMap<>());
        synchronized (candles) {
            candles.merge(minute, first(minute, trade), (candle, ignored) -> next(candle, trade));
            while (candles.size() > MAX_MINUTES) {
                candles.pollFirstEntry();
            }
        }
    }

    /** The market's candles opening in {@code [from, to]}, oldest first, each as altered by {@link #alter}. */
    List<VenueCandle> between(Market market, Instant from, Instant to) {
        NavigableMap<Instant, VenueCandle> candles = markets.get(market);
        if (candles == null || from.isAfter(to)) {
            return List.of();
        }
        List<VenueCandle> kept;
        synchronized (candles) {
            kept = List.copyOf(candles.subMap(from, true, to, true).values());
        }
        return kept.stream().map(c -> edits.getOrDefault(new Key(market, c.openTime()), UnaryOperator.identity()).apply(c))
                .filter(Objects::nonNull).toList();
    }

    /** Serves {@code market}'s candle of {@code minute} as {@code edit} makes it from the true one. */
    void alter(Market market, Instant minute, UnaryOperator<VenueCandle> edit) {
        edits.put(new Key(market, minute.truncatedTo(ChronoUnit.MINUTES)), Objects.requireNonNull(edit, "edit"));
    }

    /** Serves no candle for {@code market}'s {@code minute}, as a venue missing it would. */
    void hide(Market market, Instant minute) {
        alter(market, minute, candle -> null);
    }

    private static VenueCandle first(Instant minute, Trade trade) {
        return new VenueCandle(minute, trade.price(), trade.price(), trade.price(), trade.price(), trade.quantity(),
                OptionalLong.of(1));
    }

    private static VenueCandle next(VenueCandle candle, Trade trade) {
        BigDecimal price = trade.price();
        return new VenueCandle(candle.openTime(), candle.open(), candle.high().max(price), candle.low().min(price), price,
                candle.volume().add(trade.quantity()), OptionalLong.of(candle.trades().orElseThrow() + 1));
    }
}
