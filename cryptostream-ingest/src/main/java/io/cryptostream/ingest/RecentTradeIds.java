package io.cryptostream.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} trade ids seen on one market, oldest evicted first. Venues replay their latest trades
 * on subscribe (CryptoCompare: about 20 per market), so a window well above that recognises every replayed trade
 * while memory stays bounded. Ids are compared as text: ids need not be numeric nor arrive in order.
 */
final class RecentTradeIds {

    private final Map<String, Boolean> ids;

    RecentTradeIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024) * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code tradeId}; true if it was not among the recent ids. */
    boolean add(String tradeId) {
        return ids.put(tradeId, Boolean.TRUE) == null;
    }

    int size() {
        return ids.size();
    }
}
