package io.cryptostream.exchange;

import io.cryptostream.domain.Market;

import java.time.Instant;

/**
 * A pure function from one REST trade-history response body of {@code market} to its trades, read exactly as the
 * venue's WebSocket codec reads the same trades (id, price, quantity, taker side, event time). Never throws on bad
 * input: it answers {@link HistoryPage.Failed}.
 */
@FunctionalInterface
public interface HistoryCodec {

    HistoryPage decode(Market market, String body, Instant receivedAt);
}
