package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;

import java.util.HashMap;
import java.util.Map;

/**
 * Drops trades already delivered, per market, within a bounded window of recent ids: the replay a venue sends after
 * every (re)subscribe. Lives across reconnects; confined to one stream stage, so not thread-safe.
 */
final class DuplicateTradeFilter {

    private final int windowPerMarket;
    private final Map<Market, RecentTradeIds> byMarket = new HashMap<>();

    DuplicateTradeFilter(int windowPerMarket) {
        this.windowPerMarket = windowPerMarket;
    }

    /** True the first time a trade id is seen on its market (within the window). */
    boolean isNew(Trade trade) {
        return isNew(trade.market(), trade.tradeId());
    }

    boolean isNew(Market market, String tradeId) {
        return byMarket.computeIfAbsent(market, m -> new RecentTradeIds(windowPerMarket)).add(tradeId);
    }
}
