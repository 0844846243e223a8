package io.cryptostream.spark;

import io.cryptostream.store.OrderFlowWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps the newest value of every row key, like the Cassandra upsert does, and every batch as received. */
final class CollectingOrderFlowSink implements OrderFlowSink {

    private final List<OrderFlowBatch> batches = new ArrayList<>();
    private final Map<String, OrderFlowWindow> rows = new TreeMap<>();

    @Override
    public synchronized void write(OrderFlowBatch batch) {
        batches.add(batch);
        batch.windows().forEach(w -> rows.put(
                w.windowStart() + " " + w.exchange() + " " + w.base() + " " + w.quote() + " " + w.side(), w));
    }

    synchronized List<OrderFlowBatch> batches() {
        return List.copyOf(batches);
    }

    synchronized List<OrderFlowWindow> rows() {
        return List.copyOf(rows.values());
    }
}
