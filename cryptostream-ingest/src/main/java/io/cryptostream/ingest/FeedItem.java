package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;

/**
 * One trade, trade set aside by the trade check, or order event read from a venue, in the order the venue sent them;
 * they part ways at the sinks.
 */
sealed interface FeedItem {

    record TradeItem(Trade trade) implements FeedItem {
    }

    record RejectedItem(RejectedTrade rejected) implements FeedItem {
    }

    record OrderItem(OrderEvent order) implements FeedItem {
    }
}
