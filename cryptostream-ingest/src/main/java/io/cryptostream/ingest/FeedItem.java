package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;

/** One trade or one order event read from a venue, in the order the venue sent them; they part ways at the sinks. */
sealed interface FeedItem {

    record TradeItem(Trade trade) implements FeedItem {
    }

    record OrderItem(OrderEvent order) implements FeedItem {
    }
}
