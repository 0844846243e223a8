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
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

/**
 * Trades to one row per (window, exchange, base, quote) holding, per taker side, the partial aggregates both
 * tables are derived from ({@link WindowRows}). Only sum/count/min/max are used, so the state kept per open
 * window is a fixed number of values however many trades it has; grouping by market rather than by market and
 * side means every update re-emits all sides of the window, so the candle is always complete.
 *
 * <p>Every sum is exact: prices and quantities are bounded by the trade check so that their decimal(38,18) sums hold
 * a million trades of the largest valid values, and the quote volume, too wide for any Spark decimal, is summed as
 * {@link java.math.BigDecimal} by {@link ExactQuoteVolume} (see docs/data-model.md).
 */
public final class TradeWindowAggregator {

    public static final String[] MARKET_KEY = {"exchange", "base", "quote"};

    private TradeWindowAggregator() {
    }

    public static Dataset<Row> aggregate(Dataset<Row> trades, Duration window, Duration watermark) {
        Dataset<Row> withWatermark = trades.withWatermark("eventTime", interval(watermark));
        Dataset<Row> distinctTrades = dropResentTrades(withWatermark);
        List<Column> aggregates = aggregates();
        return distinctTrades
                .withColumn("tradeOrder", tradeOrder())
                .groupBy(window(col("eventTime"), interval(window)), col("exchange"), col("base"), col("quote"))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    }

    /**
     * A trade sent twice (a reconnect re-sends recent trades, a Kafka range is replayed) counts once. The ids are
     * remembered until the watermark passes their event time plus the watermark delay; a copy arriving later
     * than that is older than the watermark and dropped as late anyway.
     */
    static Dataset<Row> dropResentTrades(Dataset<Row> trades) {
        return trades.dropDuplicatesWithinWatermark("exchange", "base", "quote", "tradeId");
    }

    /**
     * Sort key for open and close: event time, then trade id compared as a number when it is one (a shorter
     * digit string is a smaller number), then price so that equal keys still pick deterministically.
     */
    static Column tradeOrder() {
        return struct(col("eventTime").as("eventTime"), length(col("tradeId")).as("idLength"),
                col("tradeId").as("tradeId"), col("price").as("price"));
    }

    private static List<Column> aggregates() {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(min("tradeOrder").as("first"));
        aggregates.add(max("tradeOrder").as("last"));
        aggregates.add(max("price").as("high"));
        aggregates.add(min("price").as("low"));
        for (TakerSide side : TakerSide.values()) {
            String p = prefix(side);
            Column isSide = col("side").equalTo(side.name());
            aggregates.add(count(when(isSide, 1)).as(p + "trades"));
            aggregates.add(sum(when(isSide, col("price"))).as(p + "price_sum"));
            aggregates.add(sum(when(isSide, col("quantity"))).as(p + "quantity"));
            aggregates.add(ExactQuoteVolume.sum(when(isSide, col("price")), when(isSide, col("quantity")))
                    .as(p + "quote_volume"));
            aggregates.add(max(when(isSide, col("price"))).as(p + "high"));
            aggregates.add(min(when(isSide, col("price"))).as(p + "low"));
            aggregates.add(min(when(isSide, col("tradeOrder"))).as(p + "first"));
            aggregates.add(max(when(isSide, col("tradeOrder"))).as(p + "last"));
        }
        return aggregates;
    }

    static String prefix(TakerSide side) {
        return side.name().toLowerCase(Locale.ROOT) + "_";
    }

    static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
