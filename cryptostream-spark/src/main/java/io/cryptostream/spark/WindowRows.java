package io.cryptostream.spark;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowRowIds;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static io.cryptostream.spark.TradeWindowAggregator.prefix;
import static java.util.Map.entry;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

/**
 * The output of {@link TradeWindowAggregator} (one row per market window holding per-side partial aggregates) as
 * the rows of {@value StoreSchema#WINDOWS_TABLE} and {@value StoreSchema#CANDLES_TABLE}. Sums come from Spark
 * exact (the quote volume as text, see {@link ExactQuoteVolume}); means and VWAP are divided by
 * {@link DecimalText#quotient} so the rounding is ours and stated.
 */
final class WindowRows {

    /** The deterministic {@code uuid} column, see {@link WindowRowIds}. */
    private static final UserDefinedFunction ROW_ID = udf(
            (UDF5<Long, String, String, String, String, String>) (startMicros, exchange, direction, base, quote) ->
                    WindowRowIds.timeUuid(Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L),
                            Math.floorMod(startMicros, 1_000_000L) * 1_000L), exchange, direction, base, quote)
                            .toString(),
            DataTypes.StringType);

    private WindowRows() {
    }

    /**
     * One row per market window, holding its rows of both tables in their {@link TableLayout}: column
     * {@value StoreSchema#WINDOWS_TABLE} an array of one row per taker side that had trades, column
     * {@value StoreSchema#CANDLES_TABLE} its candle (all trades whatever the side; trades of unknown side are in
     * neither volume). Both tables come from one pass over the aggregates, so a batch's stateful operators run once.
     * The last column, {@value WindowBatch#NEWEST_RECEIVED}, is the newest receive time among the window's trades.
     */
    static Dataset<Row> tables(Dataset<Row> marketWindows) {
        Column[] sides = Arrays.stream(TakerSide.values())
                .map(side -> when(col(prefix(side) + "trades").gt(0),
                        struct(TableLayout.columns(StoreSchema.WINDOWS, sideWindow(side)))))
                .toArray(Column[]::new);
        return marketWindows.select(
                filter(array(sides), Column::isNotNull).as(StoreSchema.WINDOWS_TABLE),
                struct(TableLayout.columns(StoreSchema.CANDLES, candle())).as(StoreSchema.CANDLES_TABLE),
                col(WindowBatch.NEWEST_RECEIVED));
    }

    private static Map<String, Column> candle() {
        Column[] quantities = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "quantity"))
                .toArray(Column[]::new);
        Column[] quoteVolumes = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "quote_volume"))
                .toArray(Column[]::new);
        Column trades = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "trades"))
                .reduce(Column::plus).orElseThrow();
        Column volume = DecimalText.sum(quantities);
        Column quoteVolume = DecimalText.sum(quoteVolumes);
        return Map.ofEntries(entry("exchange", col("exchange")), entry("base", col("base")),
                entry("quote", col("quote")), entry("day", TableLayout.utcDay(col("window.start"))),
                entry("window_start", col("window.start")), entry("window_end", col("window.end")),
                entry("open", DecimalText.of(col("open"))), entry("high", DecimalText.of(col("high"))),
                entry("low", DecimalText.of(col("low"))), entry("close", DecimalText.of(col("close"))),
                entry("volume", volume), entry("quote_volume", quoteVolume), entry("trades", trades),
                entry("buy_volume", DecimalText.sum(col(prefix(TakerSide.BUY) + "quantity"))),
                entry("sell_volume", DecimalText.sum(col(prefix(TakerSide.SELL) + "quantity"))),
                entry("vwap", DecimalText.quotient(quoteVolume, volume)));
    }

    private static Map<String, Column> sideWindow(TakerSide side) {
        String p = prefix(side);
        return Map.ofEntries(entry("date", TableLayout.utcHour(col("window.start"))),
                entry("window_start", col("window.start")), entry("window_end", col("window.end")),
                entry("market", col("exchange")), entry("direction", lit(side.name())),
                entry("fromcoin", col("base")), entry("tocurrency", col("quote")),
                entry("avgprice", DecimalText.quotient(col(p + "price_sum"), col(p + "trades"))),
                entry("totalquantity", DecimalText.of(col(p + "quantity"))),
                entry("totalvol", DecimalText.of(col(p + "quote_volume"))),
                entry("counttxns", col(p + "trades")),
                entry("uuid", ROW_ID.apply(unix_micros(col("window.start")), col("exchange"), lit(side.name()),
                        col("base"), col("quote"))),
                entry("open", DecimalText.of(col(p + "open"))),
                entry("high", DecimalText.of(col(p + "high"))), entry("low", DecimalText.of(col(p + "low"))),
                entry("close", DecimalText.of(col(p + "close"))),
                entry("vwap", DecimalText.quotient(col(p + "quote_volume"), col(p + "quantity"))));
    }
}
