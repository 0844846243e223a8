package io.cryptostream.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of the order-flow query, fed by Spark's progress events. Events arrive asynchronously, shortly
 * after a micro-batch ends, so a reader right after {@code processAllAvailable()} may briefly see the previous
 * totals.
 */
public final class OrderFlowMetrics extends StreamingQueryListener {

    private final String queryName;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inputRecords = new AtomicLong();
    private final AtomicLong malformedRecords = new AtomicLong();
    private final AtomicLong lateEventsDropped = new AtomicLong();
    private volatile String watermark = "";

    OrderFlowMetrics(String queryName) {
        this.queryName = queryName;
    }

    /** Micro-batches reported so far (including batches without input that only advance the watermark). */
    public long batches() {
        return batches.get();
    }

    /** Records read from the source, malformed ones and duplicates included. */
    public long inputRecords() {
        return inputRecords.get();
    }

    /** Records that were not a valid OrderJson order (or not exact in decimal(38,18)) and were skipped. */
    public long malformedRecords() {
        return malformedRecords.get();
    }

    /** Order events whose event time was behind the watermark when they arrived: not counted in any window. */
    public long lateEventsDropped() {
        return lateEventsDropped.get();
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
        inputRecords.addAndGet(progress.numInputRows());
        // Deduplication and aggregation each drop the late rows that reach them; a row is dropped by at most one.
        for (StateOperatorProgress operator : progress.stateOperators()) {
            lateEventsDropped.addAndGet(operator.numRowsDroppedByWatermark());
        }
        Row parsing = progress.observedMetrics().get(OrderJsonParser.PARSE_METRICS);
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
