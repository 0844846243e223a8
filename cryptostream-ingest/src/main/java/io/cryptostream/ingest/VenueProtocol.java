package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What differs between venues on the wire: the handshake, the codec, the subscribe and unsubscribe frames and
 * what the venue's refusals mean, and the optional hooks below. The session (heartbeats, client pings, staleness,
 * reconnects, connection cycling, dedupe, trade-id gaps) is shared.
 */
public interface VenueProtocol {

    /** The venue's name for logs and error messages, e.g. CryptoCompare. */
    String venue();

    /** The upgrade request, with any credential headers. */
    WebSocketRequest handshake();

    /** The endpoint as it may appear in logs: no credentials. */
    String urlForLogs();

    ExchangeCodec codec();

    /**
     * True when the venue greets each connection ({@link FeedEvent.Welcome}) and wants subscriptions only after
     * that; false to subscribe as soon as the socket is open.
     */
    boolean subscribesAfterWelcome();

    List<String> subscribeFrames();

    List<String> unsubscribeFrames();

    /** Unsubscribe acknowledgements that mean every subscription is gone (one "*" ack also does). */
    int expectedUnsubscribeAcks();

    ServerReaction onRejected(FeedEvent.Rejected rejected);

    /** The server answered the upgrade with {@code status} instead of 101. */
    ServerReaction onUpgradeRefused(int status, String reason);

    /** The market a frame the codec could not understand seems to be about, to count it per market. */
    Optional<Market> marketOf(String malformedFrame);

    /** Server text and error messages with any credential masked, before they are logged or thrown. */
    String redact(String text);

    /**
     * A frame the client must send periodically to keep the connection alive or to prove it is (Bitstamp's
     * {@code bts:heartbeat}, Kraken's ping, Binance's LIST_SUBSCRIPTIONS), with its interval; empty when the server
     * sends heartbeats on its own.
     */
    default Optional<ClientPing> clientPing() {
        return Optional.empty();
    }

    /** Close and reopen the connection before it reaches this age (Binance drops connections at 24 h). */
    default Optional<Duration> maxConnectionAge() {
        return Optional.empty();
    }

    /**
     * Least time the venue allows between two connection attempts, whatever ended the previous connection; it holds
     * for planned reconnects too (a max-age cycle, a reconnect the venue asked for), which skip the failure backoff.
     */
    default Duration minReconnectSpacing() {
        return Duration.ZERO;
    }

    /**
     * True when the venue's trade ids go up by exactly one per trade per market, so a jump is a missed trade that
     * is counted and logged.
     */
    default boolean sequentialTradeIds() {
        return false;
    }

    /** The venue's REST trade history, from which trade-id gaps are filled; none unless the venue has one. */
    default TradeHistory history() {
        return TradeHistory.none(venue());
    }

    /** A client-initiated keep-alive frame and how often to send it. */
    record ClientPing(String frame, Duration interval) {
    }
}
