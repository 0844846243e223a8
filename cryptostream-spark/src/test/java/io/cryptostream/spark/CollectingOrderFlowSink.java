package io.cryptostream.spark;

import io.cryptostream.store.OrderFlowWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads each batch's rows back as the store's records, keeps the newest value of every row key like the Cassandra
 * upsert does, and every batch as received.
 */
final class CollectingOrderFlowSink implements OrderFlowSink {

    /** One batch as received. */
    record Batch(long batchId, List<OrderFlowWindow> windows) {
    }

    private final List<Batch> batches = new ArrayList<>();
    private final Map<String, OrderFlowWindow> rows = new TreeMap<>();

    @Override
    public synchronized void write(OrderFlowBatch batch) {
        Batch received = new Batch(batch.batchId(), batch.windows().collectAsList().stream()
                .map(row -> OrderFlowWindow.of(new SparkTableRow(row))).toList());
        batches.add(received);
        received.windows().forEach(w -> rows.put(
                w.windowStart() + " " + w.exchange() + " " + w.base() + " " + w.quote() + " " + w.side(), w));
    }

    synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    synchronized List<OrderFlowWindow> rows() {
        return List.copyOf(rows.values());
    }
}
