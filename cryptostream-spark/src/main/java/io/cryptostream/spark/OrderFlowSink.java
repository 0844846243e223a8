package io.cryptostream.spark;

/** Receives each non-empty micro-batch of order-flow rows on the driver; a failure fails the query. */
@FunctionalInterface
public interface OrderFlowSink {
    void write(OrderFlowBatch batch);
}
