package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which emitted trades never reach the sockets, so that a client sees a real gap in the trade ids while the REST
 * history still holds the trades: the next N trades of a market (or N after its first M), and every k-th trade of
 * every market. Thread-safe.
 */
final class SocketDrops {

    private final Map<Market, Integer> nextOfMarket = new HashMap<>();
    private final Map<Market, Long> passFirstOfMarket = new HashMap<>();
    private final Map<Market, Long> emittedOfMarket = new HashMap<>();
    private final List<Trade> dropped = new ArrayList<>();
    private int everyKth;

    synchronized void dropNext(Market market, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("trades to drop must not be negative, was " + count);
        }
        nextOfMarket.merge(market, count, Integer::sum);
    }

    /** Drops {@code count} trades of {@code market} after its first {@code after}, whenever clients subscribe. */
    synchronized void dropAfter(Market market, long after, int count) {
        if (after < 0) {
            throw new IllegalArgumentException("trades to let through first must not be negative, was " + after);
        }
        dropNext(market, count);
        passFirstOfMarket.put(market, after);
    }

    /** Drops every {@code k}-th trade of each market, counted from its first trade; 0 stops. */
    synchronized void dropEvery(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative (0 stops), was " + k);
        }
        everyKth = k;
    }

    /** Whether {@code trade}, just emitted, stays off the sockets; remembers it if so. */
    synchronized boolean drop(Trade trade) {
        Market market = trade.market();
        long nth = emittedOfMarket.merge(market, 1L, Long::sum);
        int pending = nextOfMarket.getOrDefault(market, 0);
        boolean dropNext = pending > 0 && nth > passFirstOfMarket.getOrDefault(market, 0L);
        boolean drop = dropNext || (everyKth > 0 && nth % everyKth == 0);
        if (dropNext) {
            nextOfMarket.put(market, pending - 1);
        }
        if (drop) {
            dropped.add(trade);
        }
        return drop;
    }

    synchronized List<Trade> dropped() {
        return List.copyOf(dropped);
    }
}
