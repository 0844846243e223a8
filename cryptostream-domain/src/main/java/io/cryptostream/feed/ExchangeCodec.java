package io.cryptostream.feed;

import java.time.Instant;

/** A pure function from one text frame of a venue's WebSocket to what it means. Never throws on bad input. */
@FunctionalInterface
public interface ExchangeCodec {

    FeedEvent decode(String frame, Instant receivedAt);
}
