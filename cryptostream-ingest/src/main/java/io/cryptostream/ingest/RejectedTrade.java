package io.cryptostream.ingest;

import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Rejection;
import io.cryptostream.domain.Trade;

/** A trade a venue sent that the trade check refused, with the reason; it never reaches the trades topic. */
public record RejectedTrade(Trade trade, Rejection rejection) {

    /** The {@link RejectedTradeJson} form published to the dead-letter topic. */
    public String json() {
        return RejectedTradeJson.encode(trade, rejection);
    }
}
