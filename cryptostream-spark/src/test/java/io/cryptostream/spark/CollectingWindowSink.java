package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps the newest value of every row key, like the Cassandra upsert does, and every batch as received. */
final class CollectingWindowSink implements WindowSink {

    private final List<WindowBatch> batches = new ArrayList<>();
    private final Map<String, DirectionWindow> directionWindows = new TreeMap<>();
    private final Map<String, Candle> candles = new TreeMap<>();

    @Override
    public synchronized void write(WindowBatch batch) {
        batches.add(batch);
        batch.directionWindows().forEach(w -> directionWindows.put(
                w.windowStart() + " " + w.exchange() + " " + w.base() + " " + w.quote() + " " + w.direction(), w));
        batch.candles().forEach(c -> candles.put(
                c.windowStart() + " " + c.exchange() + " " + c.base() + " " + c.quote(), c));
    }

    synchronized List<WindowBatch> batches() {
        return List.copyOf(batches);
    }

    synchronized List<DirectionWindow> directionWindows() {
        return List.copyOf(directionWindows.values());
    }

    synchronized List<Candle> candles() {
        return List.copyOf(candles.values());
    }
}
