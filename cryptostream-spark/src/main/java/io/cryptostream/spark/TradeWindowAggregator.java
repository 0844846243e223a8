package io.cryptostream.spark;

import io.cryptostream.domain.TakerSide;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

/**
 * Trades to one row per (window, exchange, base, quote) holding, per taker side, the partial aggregates both
 * tables are derived from ({@link WindowRows}). Every aggregate is a sum, count, min, max, {@code min_by} or
 * {@code max_by} over a number ({@code long} or decimal), so Spark keeps the window state in its hash aggregation
 * (HashAggregateExec, no object or sort aggregation) and a fixed number of values per open window however many
 * trades it has; grouping by market rather than by market and side means every update re-emits all sides of the
 * window, so the candle is always complete.
 *
 * <p>Every sum is exact: prices and quantities are bounded by the trade check so that their decimal(38,18) sums hold
 * a million trades of the largest valid values, and the quote volume, too wide for any Spark decimal, is summed as
 * integer limbs by {@link ExactQuoteVolume} (see docs/data-model.md). Open and close are the prices of the first
 * and last trade by {@link TradeOrderKey}.
 */
public final class TradeWindowAggregator {

    private TradeWindowAggregator() {
    }

    public static Dataset<Row> aggregate(Dataset<Row> trades, Duration window, Duration watermark) {
        List<Column> aggregates = aggregates();
        return LateTradeFilter.dropLateTrades(trades.withWatermark("eventTime", interval(watermark)))
                .withColumn("orderKey", TradeOrderKey.of(window))
                .withColumn("quoteVolume", ExactQuoteVolume.limbs(col("price"), col("quantity")))
                .groupBy(window(col("eventTime"), interval(window)), col("exchange"), col("base"), col("quote"))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .select(outputs());
    }

    private static List<Column> aggregates() {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(min_by(col("price"), col("orderKey")).as("open"));
        aggregates.add(max_by(col("price"), col("orderKey")).as("close"));
        aggregates.add(max("price").as("high"));
        aggregates.add(min("price").as("low"));
        aggregates.add(max("receiveTime").as(WindowBatch.NEWEST_RECEIVED));
        for (TakerSide side : TakerSide.values()) {
            String p = prefix(side);
            Column isSide = col("side").equalTo(side.name());
            Column sideOrder = when(isSide, col("orderKey"));
            aggregates.add(count(when(isSide, 1)).as(p + "trades"));
            aggregates.add(sum(when(isSide, col("price"))).as(p + "price_sum"));
            aggregates.add(sum(when(isSide, col("quantity"))).as(p + "quantity"));
            aggregates.addAll(ExactQuoteVolume.sums(col("quoteVolume"), isSide, p + "quote_volume"));
            aggregates.add(max(when(isSide, col("price"))).as(p + "high"));
            aggregates.add(min(when(isSide, col("price"))).as(p + "low"));
            // min_by/max_by skip the rows whose key is null: the other sides' trades.
            aggregates.add(min_by(col("price"), sideOrder).as(p + "open"));
            aggregates.add(max_by(col("price"), sideOrder).as(p + "close"));
        }
        return aggregates;
    }

    /** The aggregates as {@link WindowRows} reads them: each side's quote volume back as one exact value. */
    private static Column[] outputs() {
        List<Column> outputs = new ArrayList<>(List.of(col("window"), col("exchange"), col("base"), col("quote"),
                col("open"), col("close"), col("high"), col("low"), col(WindowBatch.NEWEST_RECEIVED)));
        for (TakerSide side : TakerSide.values()) {
            String p = prefix(side);
            outputs.addAll(List.of(col(p + "trades"), col(p + "price_sum"), col(p + "quantity"),
                    ExactQuoteVolume.text(p + "quote_volume").as(p + "quote_volume"), col(p + "high"),
                    col(p + "low"), col(p + "open"), col(p + "close")));
        }
        return outputs.toArray(Column[]::new);
    }

    static String prefix(TakerSide side) {
        return side.name().toLowerCase(Locale.ROOT) + "_";
    }

    static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
