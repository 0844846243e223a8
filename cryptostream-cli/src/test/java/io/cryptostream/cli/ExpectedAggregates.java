package io.cryptostream.cli;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The expected rows, computed straight from a list of trades with plain Java and written independently of the
 * Spark job: one-minute windows, one row per market/pair/direction and one candle per market/pair. Duplicate trade
 * ids count once. Quotients follow the documented rule: 18 decimal places, half-even.
 */
final class ExpectedAggregates {

    /** A trademsgs1minutewindow row, values as plain strings without trailing zeros. */
    record Row(Instant windowStart, String exchange, String base, String quote, String direction, long count,
               String avgPrice, String quantity, String volume, String open, String high, String low, String close,
               String vwap) {
    }

    /** A candle, values as plain strings without trailing zeros. */
    record CandleRow(Instant windowStart, String exchange, String base, String quote, String open, String high,
                     String low, String close, String volume, String quoteVolume, long trades, String buyVolume,
                     String sellVolume, String vwap) {
    }

    private static final Comparator<Trade> TRADE_ORDER = Comparator.comparing(Trade::eventTime)
            .thenComparing(t -> t.tradeId().length()).thenComparing(Trade::tradeId);

    private ExpectedAggregates() {
    }

    static List<Row> rows(Collection<Trade> trades) {
        List<Row> rows = new ArrayList<>();
        groups(unique(trades), true).forEach((key, group) -> {
            Trade first = group.get(0);
            BigDecimal quantity = sum(group, Trade::quantity);
            BigDecimal volume = sum(group, Trade::quoteVolume);
            rows.add(new Row(minute(first), first.exchange(), first.base(), first.quote(), first.side().name(),
                    group.size(), plain(quotient(sum(group, Trade::price), BigDecimal.valueOf(group.size()))),
                    plain(quantity), plain(volume), plain(group.get(0).price()), plain(max(group)), plain(min(group)),
                    plain(group.get(group.size() - 1).price()), plain(quotient(volume, quantity))));
        });
        return rows;
    }

    static List<CandleRow> candles(Collection<Trade> trades) {
        List<CandleRow> candles = new ArrayList<>();
        groups(unique(trades), false).forEach((key, group) -> {
            Trade first = group.get(0);
            BigDecimal volume = sum(group, Trade::quantity);
            BigDecimal quoteVolume = sum(group, Trade::quoteVolume);
            candles.add(new CandleRow(minute(first), first.exchange(), first.base(), first.quote(),
                    plain(first.price()), plain(max(group)), plain(min(group)), plain(group.get(group.size() - 1).price()),
                    plain(volume), plain(quoteVolume), group.size(),
                    plain(sum(group.stream().filter(t -> t.side() == TakerSide.BUY).toList(), Trade::quantity)),
                    plain(sum(group.stream().filter(t -> t.side() == TakerSide.SELL).toList(), Trade::quantity)),
                    plain(quotient(quoteVolume, volume))));
        });
        return candles;
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static List<Trade> unique(Collection<Trade> trades) {
        Map<String, Trade> byId = new LinkedHashMap<>();
        trades.forEach(t -> byId.putIfAbsent(t.market().key() + "#" + t.tradeId(), t));
        return new ArrayList<>(byId.values());
    }

    private static Map<String, List<Trade>> groups(List<Trade> trades, boolean byDirection) {
        return trades.stream().sorted(TRADE_ORDER).collect(Collectors.groupingBy(
                t -> minute(t) + "|" + t.market().key() + (byDirection ? "|" + t.side() : ""),
                TreeMap::new, Collectors.toList()));
    }

    private static Instant minute(Trade trade) {
        return trade.eventTime().truncatedTo(ChronoUnit.MINUTES);
    }

    private static BigDecimal sum(List<Trade> trades, java.util.function.Function<Trade, BigDecimal> value) {
        return trades.stream().map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal max(List<Trade> trades) {
        return trades.stream().map(Trade::price).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static BigDecimal min(List<Trade> trades) {
        return trades.stream().map(Trade::price).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static BigDecimal quotient(BigDecimal dividend, BigDecimal divisor) {
        return dividend.divide(divisor, 18, RoundingMode.HALF_EVEN);
    }
}
