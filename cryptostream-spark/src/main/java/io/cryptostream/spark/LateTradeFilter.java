package io.cryptostream.spark;

import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

import java.util.Iterator;

/**
 * Drops each trade whose event time is not after the watermark, and counts it, without keeping anything per trade.
 * The window aggregation alone would drop a late trade only once its whole window had closed, and count it after
 * partial aggregation, so a trade older than the watermark would still land in a window that is open. Spark's
 * {@code flatMapGroupsWithState} with an event-time timeout drops and counts late input rows one by one
 * ({@code numRowsDroppedByWatermark}) before the function sees them; the function passes every other trade through
 * and never sets a state, so the operator's state stays empty however many trades pass.
 *
 * <p>Re-sent trades are not dropped here: ingest keeps the topic free of duplicates (its duplicate filter, filled at
 * start from the topic's tail, and the spool's check against the topic), and the checkpoint makes each record read
 * once.
 */
final class LateTradeFilter {

    private LateTradeFilter() {
    }

    static Dataset<Row> dropLateTrades(Dataset<Row> trades) {
        // Spark refuses, by a static check, any flatMapGroupsWithState in append mode before an aggregation, since
        // such a function may emit rows older than the watermark. This one emits only trades that passed the
        // watermark of the batch, which the aggregation's own late-row check uses too, so no row is discarded there.
        trades.sparkSession().conf().set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false");
        return trades
                .groupByKey((MapFunction<Row, String>) LateTradeFilter::market, Encoders.STRING())
                .flatMapGroupsWithState(new PassThrough(), OutputMode.Append(), Encoders.BOOLEAN(),
                        Encoders.row(trades.schema()), GroupStateTimeout.EventTimeTimeout());
    }

    private static String market(Row trade) {
        return trade.<String>getAs("exchange") + ':' + trade.<String>getAs("base") + '-' + trade.<String>getAs("quote");
    }

    private static final class PassThrough implements FlatMapGroupsWithStateFunction<String, Row, Boolean, Row> {
        @Override
        public Iterator<Row> call(String market, Iterator<Row> trades, GroupState<Boolean> state) {
            return trades;
        }
    }
}
