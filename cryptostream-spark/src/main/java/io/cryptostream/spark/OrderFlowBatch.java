package io.cryptostream.spark;

import io.cryptostream.store.OrderFlowWindow;

import java.util.List;

/**
 * The order-flow rows one micro-batch changed, each with its complete value so far (update mode), ordered by
 * window, exchange, pair and side. Writing a batch again (a replay after a restart) writes the same values.
 */
public record OrderFlowBatch(long batchId, List<OrderFlowWindow> windows) {

    public OrderFlowBatch {
        windows = List.copyOf(windows);
    }
}
