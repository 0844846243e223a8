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

import static io.cryptostream.spark.TradeWindowAggregator.prefix;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;

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

    /** One row per market window and taker side that had trades. */
    static Dataset<Row> directionWindows(Dataset<Row> marketWindows) {
        return Arrays.stream(TakerSide.values())
                .map(side -> sideWindows(marketWindows, side))
                .reduce(Dataset::union).orElseThrow()
                .select(TableLayout.columns(StoreSchema.WINDOWS));
    }

    /** One row per market window, all trades whatever the side; trades of unknown side are in neither volume. */
    static Dataset<Row> candles(Dataset<Row> marketWindows) {
        Column[] quantities = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "quantity"))
                .toArray(Column[]::new);
        Column[] quoteVolumes = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "quote_volume"))
                .toArray(Column[]::new);
        Column trades = Arrays.stream(TakerSide.values()).map(s -> col(prefix(s) + "trades"))
                .reduce(Column::plus).orElseThrow();
        return marketWindows
                .select(col("exchange"), col("base"), col("quote"),
                        TableLayout.utcDay(col("window.start")).as("day"),
                        col("window.start").as("window_start"), col("window.end").as("window_end"),
                        DecimalText.of(col("open")).as("open"), DecimalText.of(col("high")).as("high"),
                        DecimalText.of(col("low")).as("low"), DecimalText.of(col("close")).as("close"),
                        DecimalText.sum(quantities).as("volume"), DecimalText.sum(quoteVolumes).as("quote_volume"),
                        trades.as("trades"),
                        DecimalText.sum(col(prefix(TakerSide.BUY) + "quantity")).as("buy_volume"),
                        DecimalText.sum(col(prefix(TakerSide.SELL) + "quantity")).as("sell_volume"))
                .withColumn("vwap", DecimalText.quotient(col("quote_volume"), col("volume")))
                .select(TableLayout.columns(StoreSchema.CANDLES));
    }

    private static Dataset<Row> sideWindows(Dataset<Row> marketWindows, TakerSide side) {
        String p = prefix(side);
        return marketWindows
                .where(col(p + "trades").gt(0))
                .select(TableLayout.utcHour(col("window.start")).as("date"),
                        col("window.start").as("window_start"), col("window.end").as("window_end"),
                        col("exchange").as("market"), lit(side.name()).as("direction"),
                        col("base").as("fromcoin"), col("quote").as("tocurrency"),
                        DecimalText.quotient(col(p + "price_sum"), col(p + "trades")).as("avgprice"),
                        DecimalText.of(col(p + "quantity")).as("totalquantity"),
                        DecimalText.of(col(p + "quote_volume")).as("totalvol"),
                        col(p + "trades").as("counttxns"),
                        ROW_ID.apply(unix_micros(col("window.start")), col("exchange"), lit(side.name()),
                                col("base"), col("quote")).as("uuid"),
                        DecimalText.of(col(p + "open")).as("open"),
                        DecimalText.of(col(p + "high")).as("high"), DecimalText.of(col(p + "low")).as("low"),
                        DecimalText.of(col(p + "close")).as("close"),
                        DecimalText.quotient(col(p + "quote_volume"), col(p + "quantity")).as("vwap"));
    }
}
