package io.cryptostream.exchange;

import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a codec makes of frames in venue tests, asserted the one way every venue's test asserts it. */
public final class Decoding {

    private Decoding() {
    }

    /** The one trade {@code frame} decodes to. */
    public static Trade trade(ExchangeCodec codec, String frame, Instant receivedAt) {
        FeedEvent event = codec.decode(frame, receivedAt);
        assertThat(event).as(frame).isInstanceOf(FeedEvent.Trades.class);
        List<Trade> trades = ((FeedEvent.Trades) event).trades();
        assertThat(trades).as(frame).hasSize(1);
        return trades.get(0);
    }

    /** Each frame is reported {@link FeedEvent.Malformed} with the frame itself, never thrown. */
    public static void assertMalformed(ExchangeCodec codec, Instant receivedAt, List<String> frames) {
        for (String frame : frames) {
            assertThat(codec.decode(frame, receivedAt)).as(frame).isInstanceOfSatisfying(FeedEvent.Malformed.class,
                    malformed -> assertThat(malformed.frame()).isEqualTo(frame));
        }
    }
}
