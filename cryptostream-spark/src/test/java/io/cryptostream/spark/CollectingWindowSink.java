package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads each non-empty batch's rows back as the store's records, keeps the newest value of every row key like the
 * Cassandra upsert does, and every batch as received.
 */
final class CollectingWindowSink implements WindowSink {

    /** One batch as received. */
    record Batch(long batchId, List<DirectionWindow> directionWindows, List<Candle> candles) {
    }

    private final List<Batch> batches = new ArrayList<>();
    private final Map<String, DirectionWindow> directionWindows = new TreeMap<>();
    private final Map<String, Candle> candles = new TreeMap<>();

    @Override
    public synchronized void write(WindowBatch batch) {
        WindowBatch.Collected rows = batch.collect();
        if (rows.candles().isEmpty() && rows.directionWindows().isEmpty()) {
            return;
        }
        Batch received = new Batch(batch.batchId(),
                rows.directionWindows().stream().map(row -> DirectionWindow.of(new SparkTableRow(row))).toList(),
                rows.candles().stream().map(row -> Candle.of(new SparkTableRow(row))).toList());
        batches.add(received);
        received.directionWindows().forEach(w -> directionWindows.put(
                w.windowStart() + " " + w.exchange() + " " + w.base() + " " + w.quote() + " " + w.direction(), w));
        received.candles().forEach(c -> candles.put(
                c.windowStart() + " " + c.exchange() + " " + c.base() + " " + c.quote(), c));
    }

    synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    synchronized List<DirectionWindow> directionWindows() {
        return List.copyOf(directionWindows.values());
    }

    synchronized List<Candle> candles() {
        return List.copyOf(candles.values());
    }
}
