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
public abstract class QueryProgressTotals extends StreamingQueryListener {

    private final String queryName;
    /** The observed metrics (with a {@code malformed} count) that the query's parser reports. */
    private final String parseMetrics;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inputRecords = new AtomicLong();
    private final AtomicLong malformedRecords = new AtomicLong();
    private final AtomicLong lateRowsDropped = new AtomicLong();
    private final AtomicLong lastBatchId = new AtomicLong(-1);
    private volatile String watermark = "";

    QueryProgressTotals(String queryName, String parseMetrics) {
        this.queryName = queryName;
        this.parseMetrics = parseMetrics;
    }

    /** Micro-batches reported so far (including batches without input that only advance the watermark). */
    public long batches() {
        return batches.get();
    }

    /** Records read from the source, malformed ones and duplicates included. */
    public long inputRecords() {
        return inputRecords.get();
    }

    /** Records that were not valid input for the query and were skipped. */
    public long malformedRecords() {
        return malformedRecords.get();
    }

    /** The event-time watermark after the newest batch (ISO-8601 UTC), empty before there is one. */
    public String watermark() {
        return watermark;
    }

    /** Rows whose event time was behind the watermark when they arrived: not counted in any window. */
    long lateRowsDropped() {
        return lateRowsDropped.get();
    }

    /** Id of the newest reported micro-batch, -1 before the first. */
    long newestBatchId() {
        return lastBatchId.get();
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
        // by at most one of them, so the sum counts every late row once.
        for (StateOperatorProgress operator : progress.stateOperators()) {
            lateRowsDropped.addAndGet(operator.numRowsDroppedByWatermark());
        }
        Row parsing = progress.observedMetrics().get(parseMetrics);
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
