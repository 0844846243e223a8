package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;

/**
 * One trade, trade set aside by the trade check, order event or print left out of candles, read from a venue, in the
 * order the venue sent them; they part ways at the sinks (the prints at the intake).
 */
sealed interface FeedItem {

    record TradeItem(Trade trade) implements FeedItem {
    }

    record RejectedItem(RejectedTrade rejected) implements FeedItem {
    }

    record OrderItem(OrderEvent order) implements FeedItem {
    }

    /** A print the venue leaves out of its candles; it goes no further than the intake, which counts it. */
    record ExcludedItem(FeedEvent.ExcludedTrade excluded) implements FeedItem {
    }
}
