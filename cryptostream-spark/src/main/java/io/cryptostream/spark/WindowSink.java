package io.cryptostream.spark;

/** Receives each non-empty micro-batch of window values on the driver; a failure fails the query. */
@FunctionalInterface
public interface WindowSink {
    void write(WindowBatch batch);
}
