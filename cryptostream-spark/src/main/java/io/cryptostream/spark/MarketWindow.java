package io.cryptostream.spark;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.store.Candle;
import io.cryptostream.store.Decimals;
import io.cryptostream.store.DirectionWindow;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One output row of {@link TradeWindowAggregator} (the complete state of one market's window so far) turned into
 * the rows of both tables. Sums come from Spark exact (the quote volume as text, see {@link ExactQuoteVolume});
 * means and VWAP are divided here with {@link Decimals#quotient} so the rounding is ours and stated.
 */
final class MarketWindow {

    private final Row row;

    MarketWindow(Row row) {
        this.row = row;
    }

    Instant windowStart() {
        return instant(row.getStruct(row.fieldIndex("window")).get(0));
    }

    Instant windowEnd() {
        return instant(row.getStruct(row.fieldIndex("window")).get(1));
    }

    String exchange() {
        return row.getAs("exchange");
    }

    String base() {
        return row.getAs("base");
    }

    String quote() {
        return row.getAs("quote");
    }

    /** One row per taker side that had trades in the window. */
    List<DirectionWindow> directionWindows() {
        List<DirectionWindow> windows = new ArrayList<>();
        for (TakerSide side : TakerSide.values()) {
            String p = TradeWindowAggregator.prefix(side);
            long trades = row.getLong(row.fieldIndex(p + "trades"));
            if (trades == 0) {
                continue;
            }
            BigDecimal quantity = decimal(p + "quantity");
            BigDecimal quoteVolume = exactSum(p + "quote_volume");
            windows.add(new DirectionWindow(windowStart(), windowEnd(), exchange(), side, base(), quote(),
                    Decimals.quotient(decimal(p + "price_sum"), BigDecimal.valueOf(trades)), quantity, quoteVolume,
                    trades, orderPrice(p + "first"), decimal(p + "high"), decimal(p + "low"),
                    orderPrice(p + "last"), Decimals.quotient(quoteVolume, quantity)));
        }
        return windows;
    }

    /** All trades of the window whatever the side; trades of unknown side are in neither buy nor sell volume. */
    Candle candle() {
        long trades = 0;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        for (TakerSide side : TakerSide.values()) {
            String p = TradeWindowAggregator.prefix(side);
            if (row.getLong(row.fieldIndex(p + "trades")) > 0) {
                trades += row.getLong(row.fieldIndex(p + "trades"));
                volume = volume.add(decimal(p + "quantity"));
                quoteVolume = quoteVolume.add(exactSum(p + "quote_volume"));
            }
        }
        return new Candle(exchange(), base(), quote(), windowStart(), windowEnd(),
                orderPrice("first"), decimal("high"), decimal("low"), orderPrice("last"),
                volume, quoteVolume, trades, sideVolume(TakerSide.BUY), sideVolume(TakerSide.SELL),
                Decimals.quotient(quoteVolume, volume));
    }

    private BigDecimal sideVolume(TakerSide side) {
        BigDecimal volume = decimal(TradeWindowAggregator.prefix(side) + "quantity");
        return volume == null ? BigDecimal.ZERO : volume;
    }

    private BigDecimal decimal(String field) {
        return row.getDecimal(row.fieldIndex(field));
    }

    /** A sum {@link ExactQuoteVolume} kept as text because no Spark decimal holds it. */
    private BigDecimal exactSum(String field) {
        return new BigDecimal(row.getString(row.fieldIndex(field)));
    }

    /** The price of a {@link TradeWindowAggregator#tradeOrder()} struct. */
    private BigDecimal orderPrice(String field) {
        Row order = row.getStruct(row.fieldIndex(field));
        return order.getDecimal(order.fieldIndex("price"));
    }

    /** Spark hands out java.sql.Timestamp, or Instant when spark.sql.datetime.java8API.enabled is set. */
    static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : (Instant) timestamp;
    }
}
