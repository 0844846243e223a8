package io.cryptostream.store;

import io.cryptostream.domain.Market;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One row of {@code candles_1m}: all trades of one market in one window, whatever the taker side.
 * Decimals are kept without trailing zeros so equal values are equal records whatever scale they were read at.
 *
 * @param volume      sum of quantities (base asset), exact
 * @param quoteVolume sum of price × quantity (quote asset), exact
 * @param buyVolume   base quantity of trades whose taker bought
 * @param sellVolume  base quantity of trades whose taker sold (trades of unknown side are in neither)
 * @param vwap        quoteVolume / volume, see {@link Decimals#quotient}
 */
public record Candle(
        String exchange,
        String base,
        String quote,
        Instant windowStart,
        Instant windowEnd,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal quoteVolume,
        long trades,
        BigDecimal buyVolume,
        BigDecimal sellVolume,
        BigDecimal vwap) {

    public Candle {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        open = Decimals.canonical(open);
        high = Decimals.canonical(high);
        low = Decimals.canonical(low);
        close = Decimals.canonical(close);
        volume = Decimals.canonical(volume);
        quoteVolume = Decimals.canonical(quoteVolume);
        buyVolume = Decimals.canonical(buyVolume);
        sellVolume = Decimals.canonical(sellVolume);
        vwap = Decimals.canonical(vwap);
    }

    /** A row of {@value StoreSchema#CANDLES_TABLE} as read back. */
    public static Candle of(TableRow row) {
        return new Candle(row.text("exchange"), row.text("base"), row.text("quote"), row.timestamp("window_start"),
                row.timestamp("window_end"), row.decimal("open"), row.decimal("high"), row.decimal("low"),
                row.decimal("close"), row.decimal("volume"), row.decimal("quote_volume"), row.bigint("trades"),
                row.decimal("buy_volume"), row.decimal("sell_volume"), row.decimal("vwap"));
    }

    public Market market() {
        return new Market(exchange, base, quote);
    }

    /** The partition key {@code day}: the UTC date the window starts on. */
    public LocalDate day() {
        return LocalDate.ofInstant(windowStart, ZoneOffset.UTC);
    }
}
