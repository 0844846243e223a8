package io.cryptostream.store;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code trademsgs1minutewindow}: the trades of one market, pair and taker direction in one window.
 * Decimals are kept without trailing zeros so equal values are equal records whatever scale they were read at.
 *
 * @param avgPrice      arithmetic mean of the trade prices, see {@link Decimals#quotient}
 * @param totalQuantity sum of the quantities (base asset), exact
 * @param totalVolume   sum of price × quantity (quote asset), exact
 * @param tradeCount    number of distinct trades
 * @param open          price of the first trade by event time, then trade id
 * @param close         price of the last trade by event time, then trade id
 * @param vwap          totalVolume / totalQuantity, see {@link Decimals#quotient}
 */
public record DirectionWindow(
        Instant windowStart,
        Instant windowEnd,
        String exchange,
        TakerSide direction,
        String base,
        String quote,
        BigDecimal avgPrice,
        BigDecimal totalQuantity,
        BigDecimal totalVolume,
        long tradeCount,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal vwap) {

    public DirectionWindow {
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        avgPrice = Decimals.canonical(avgPrice);
        totalQuantity = Decimals.canonical(totalQuantity);
        totalVolume = Decimals.canonical(totalVolume);
        open = Decimals.canonical(open);
        high = Decimals.canonical(high);
        low = Decimals.canonical(low);
        close = Decimals.canonical(close);
        vwap = Decimals.canonical(vwap);
    }

    /** A row of {@value StoreSchema#WINDOWS_TABLE} as read back. */
    public static DirectionWindow of(TableRow row) {
        return new DirectionWindow(row.timestamp("window_start"), row.timestamp("window_end"), row.text("market"),
                TakerSide.valueOf(row.text("direction")), row.text("fromcoin"), row.text("tocurrency"),
                row.decimal("avgprice"), row.decimal("totalquantity"), row.decimal("totalvol"), row.bigint("counttxns"),
                row.decimal("open"), row.decimal("high"), row.decimal("low"), row.decimal("close"),
                row.decimal("vwap"));
    }

    public Market market() {
        return new Market(exchange, base, quote);
    }

    /** The partition key {@code date}: the UTC hour the window starts in. */
    public Instant hour() {
        return windowStart.truncatedTo(ChronoUnit.HOURS);
    }

    /** The deterministic {@code uuid} column, see {@link WindowRowIds}. */
    public UUID uuid() {
        return WindowRowIds.timeUuid(windowStart, exchange, direction.name(), base, quote);
    }
}
