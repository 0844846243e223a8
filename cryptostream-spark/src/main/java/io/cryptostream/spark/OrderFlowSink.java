package io.cryptostream.spark;

/** Receives each non-empty micro-batch of order-flow rows (a Dataset) on the driver; a failure fails the query. */
@FunctionalInterface
public interface OrderFlowSink {
    /** @throws InterruptedException when the query is stopped while the write waits (e.g. out an outage) */
    void write(OrderFlowBatch batch) throws InterruptedException;
}
