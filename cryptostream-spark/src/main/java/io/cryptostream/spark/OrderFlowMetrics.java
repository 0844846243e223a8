package io.cryptostream.spark;

/**
 * Running totals of the order-flow query; its malformed records are those that were not a valid OrderJson order
 * (or not exact in decimal(38,18)).
 */
public final class OrderFlowMetrics extends QueryProgressTotals {

    OrderFlowMetrics(String queryName) {
        super(queryName, OrderJsonParser.PARSE_METRICS);
    }

    /** Order events whose event time was behind the watermark when they arrived: not counted in any window. */
    public long lateEventsDropped() {
        return lateRowsDropped();
    }
}
