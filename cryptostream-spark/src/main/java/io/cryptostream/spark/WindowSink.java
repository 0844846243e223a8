package io.cryptostream.spark;

/**
 * Receives each micro-batch of window rows (still a Dataset, possibly empty: finding out would read it twice) on the
 * driver; a failure fails the query.
 */
@FunctionalInterface
public interface WindowSink {
    /** @throws InterruptedException when the query is stopped while the write waits (e.g. out an outage) */
    void write(WindowBatch batch) throws InterruptedException;
}
