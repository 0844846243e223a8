package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest trades of each market, at most {@code depth} a market, for the REST trade history: a venue keeps its
 * history for a while, the simulator for a bounded number of trades, so that a long run holds bounded memory.
 */
final class RecentTrades {

    /** A market's kept trades, oldest first, and the newest trade no longer kept (empty while none was dropped). */
    record Kept(List<Trade> trades, Optional<Trade> lastGone) {
    }

    private final int depth;
    private final Map<Market, Window> windows = new ConcurrentHashMap<>();

    RecentTrades(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("history depth must not be negative (0 keeps none), was " + depth);
        }
        this.depth = depth;
    }

    void add(Trade trade) {
        if (depth > 0) {
            windows.computeIfAbsent(trade.market(), market -> new Window()).add(trade, depth);
        }
    }

    Kept of(Market market) {
        Window window = windows.get(market);
        return window == null ? new Kept(List.of(), Optional.empty()) : window.kept();
    }

    private static final class Window {
        private final ArrayDeque<Trade> trades = new ArrayDeque<>();
        private Trade lastGone;

        synchronized void add(Trade trade, int depth) {
            trades.addLast(trade);
            if (trades.size() > depth) {
                lastGone = trades.removeFirst();
            }
        }

        synchronized Kept kept() {
            return new Kept(List.copyOf(trades), Optional.ofNullable(lastGone));
        }
    }
}
