package io.cryptostream.spark;

/** Receives each non-empty micro-batch of window rows (still Datasets) on the driver; a failure fails the query. */
@FunctionalInterface
public interface WindowSink {
    /** @throws InterruptedException when the query is stopped while the write waits (e.g. out an outage) */
    void write(WindowBatch batch) throws InterruptedException;
}
