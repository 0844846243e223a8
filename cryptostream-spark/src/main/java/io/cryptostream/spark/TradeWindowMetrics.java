package io.cryptostream.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of one query, fed by Spark's progress events. Events arrive asynchronously, shortly after a
 * micro-batch ends, so a reader right after {@code processAllAvailable()} may briefly see the previous totals.
 */
public final class TradeWindowMetrics extends StreamingQueryListener {

    private final String queryName;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inputRecords = new AtomicLong();
    private final AtomicLong malformedRecords = new AtomicLong();
    private final AtomicLong lateTradesDropped = new AtomicLong();
    private final AtomicLong lastBatchId = new AtomicLong(-1);
    private volatile String watermark = "";

    TradeWindowMetrics(String queryName) {
        this.queryName = queryName;
    }

    /** Micro-batches reported so far (including batches without input that only advance the watermark). */
    public long batches() {
        return batches.get();
    }

    /** Id of the newest reported micro-batch, -1 before the first. */
    public long lastBatchId() {
        return lastBatchId.get();
    }

    /** Records read from the source, malformed ones and duplicates included. */
    public long inputRecords() {
        return inputRecords.get();
    }

    /** Records that were not a valid TradeJson trade and were skipped. */
    public long malformedRecords() {
        return malformedRecords.get();
    }

    /** Trades whose event time was behind the watermark when they arrived: not counted in any window. */
    public long lateTradesDropped() {
        return lateTradesDropped.get();
    }

    /** The event-time watermark after the newest batch (ISO-8601 UTC), empty before there is one. */
    public String watermark() {
        return watermark;
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!queryName.equals(progress.name())) {
            return;
        }
        batches.incrementAndGet();
        lastBatchId.accumulateAndGet(progress.batchId(), Math::max);
        inputRecords.addAndGet(progress.numInputRows());
        // Each stateful operator (deduplication, aggregation) drops the late rows that reach it; a row is dropped
        // by at most one of them, so the sum counts every late trade once.
        for (StateOperatorProgress operator : progress.stateOperators()) {
            lateTradesDropped.addAndGet(operator.numRowsDroppedByWatermark());
        }
        Row parsing = progress.observedMetrics().get(TradeJsonParser.PARSE_METRICS);
        if (parsing != null && !parsing.isNullAt(parsing.fieldIndex("malformed"))) {
            malformedRecords.addAndGet(parsing.getLong(parsing.fieldIndex("malformed")));
        }
        String reported = progress.eventTime().get("watermark");
        if (reported != null) {
            watermark = reported;
        }
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }
}
