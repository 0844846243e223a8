package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;

import java.util.List;

/**
 * The windows one micro-batch changed, each with its complete value so far (update mode), ordered by window,
 * exchange, pair and direction. Writing a batch again (a replay after a restart) writes the same values.
 */
public record WindowBatch(long batchId, List<DirectionWindow> directionWindows, List<Candle> candles) {

    public WindowBatch {
        directionWindows = List.copyOf(directionWindows);
        candles = List.copyOf(candles);
    }
}
