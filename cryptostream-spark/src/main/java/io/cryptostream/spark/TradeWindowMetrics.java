package io.cryptostream.spark;

/** Running totals of the trade window query; its malformed records are those that were not a valid TradeJson trade. */
public final class TradeWindowMetrics extends QueryProgressTotals {

    TradeWindowMetrics(String queryName) {
        super(queryName, TradeJsonParser.PARSE_METRICS);
    }

    /** Id of the newest reported micro-batch, -1 before the first. */
    public long lastBatchId() {
        return newestBatchId();
    }

    /** Trades whose event time was behind the watermark when they arrived: not counted in any window. */
    public long lateTradesDropped() {
        return lateRowsDropped();
    }
}
