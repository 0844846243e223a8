package io.cryptostream.feed;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;

import java.time.Instant;
import java.util.List;

/**
 * What one text frame from an exchange WebSocket means, venue-neutral. Codecs return exactly one event per
 * frame; a frame carrying several trades is one {@link Trades}.
 */
public sealed interface FeedEvent {

    /** Trades in the order the venue sent them. */
    record Trades(List<Trade> trades) implements FeedEvent {
        public Trades {
            trades = List.copyOf(trades);
        }
    }

    /**
     * A print the venue itself leaves out of its candles (Binance USD-M's insurance-fund, ADL and NA prints): it joins
     * no aggregate, but its id belongs to the market's sequence of trade ids. {@code kind} is the venue's name for it.
     */
    record ExcludedTrade(Market market, String tradeId, String kind) implements FeedEvent {
    }

    /** Order book changes by single orders, in the order the venue sent them. */
    record Orders(List<OrderEvent> orders) implements FeedEvent {
        public Orders {
            orders = List.copyOf(orders);
        }
    }

    /** The server greeted a new connection and is ready for subscriptions. */
    record Welcome(String detail) implements FeedEvent {
    }

    /** A liveness signal from the server (a heartbeat, or the answer to a client ping); {@code serverTime} is null when the venue sends none. */
    record Heartbeat(Instant serverTime) implements FeedEvent {
    }

    /** The server confirmed a subscription to {@code channel}. */
    record Subscribed(String channel) implements FeedEvent {
    }

    /** The server confirmed the removal of {@code channel}; "*" when it removed every subscription. */
    record Unsubscribed(String channel, String detail) implements FeedEvent {
    }

    /** All subscriptions requested so far have been loaded. */
    record LoadComplete(String detail) implements FeedEvent {
    }

    /** The server asks the client to reconnect (maintenance, rebalancing). */
    record ReconnectRequested(String detail) implements FeedEvent {
    }

    /**
     * The server refused something. {@code code} is the venue's numeric code where it has one (401, 429, 500 on
     * CryptoCompare), {@code reason} its short machine text (UNAUTHORIZED, INVALID_SUB), {@code detail} any
     * human text that came with it.
     */
    record Rejected(int code, String reason, String detail) implements FeedEvent {
    }

    /** A well-formed message of a type this codec does not handle (tickers, books, new message types). */
    record Unhandled(String type) implements FeedEvent {
    }

    /** A frame that could not be understood at all, or a trade missing a required field. */
    record Malformed(String reason, String frame) implements FeedEvent {
    }
}
