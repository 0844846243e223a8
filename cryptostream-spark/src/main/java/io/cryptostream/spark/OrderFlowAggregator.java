package io.cryptostream.spark;

import io.cryptostream.domain.OrderAction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Duration;

import static io.cryptostream.spark.TradeWindowAggregator.interval;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

/**
 * Order events to one row per (window, exchange, base, quote, side) with the counts per action and the amount and
 * notional sums of created and deleted orders. Only count and sum are used, so the state per open window is a
 * fixed number of values; each output row is one complete row of {@code order_flow_1m}.
 */
public final class OrderFlowAggregator {

    /**
     * Two events are the same event when these agree: a frame re-sent after a reconnect or a replayed Kafka range.
     * An order changed twice at the same instant to two amounts stays two events.
     */
    static final String[] EVENT_KEY = {"exchange", "base", "quote", "orderId", "action", "eventTime", "amount"};

    private OrderFlowAggregator() {
    }

    public static Dataset<Row> aggregate(Dataset<Row> orders, Duration window, Duration watermark) {
        Dataset<Row> withWatermark = orders.withWatermark("eventTime", interval(watermark));
        return dropResentEvents(withWatermark)
                .groupBy(window(col("eventTime"), interval(window)), col("exchange"), col("base"), col("quote"),
                        col("side"))
                .agg(count(when(is(OrderAction.CREATED), 1)).as("created"),
                        count(when(is(OrderAction.CHANGED), 1)).as("changed"),
                        count(when(is(OrderAction.DELETED), 1)).as("deleted"),
                        sum(when(is(OrderAction.CREATED), col("amount"))).as("created_amount"),
                        sum(when(is(OrderAction.CREATED), col("notional"))).as("created_notional"),
                        sum(when(is(OrderAction.DELETED), col("amount"))).as("deleted_amount"),
                        sum(when(is(OrderAction.DELETED), col("notional"))).as("deleted_notional"));
    }

    /**
     * Event keys are remembered until the watermark passes their event time plus the watermark delay; a copy
     * arriving later than that is older than the watermark and dropped as late anyway.
     */
    static Dataset<Row> dropResentEvents(Dataset<Row> orders) {
        return orders.dropDuplicatesWithinWatermark(EVENT_KEY);
    }

    private static Column is(OrderAction action) {
        return col("action").equalTo(action.name());
    }
}
