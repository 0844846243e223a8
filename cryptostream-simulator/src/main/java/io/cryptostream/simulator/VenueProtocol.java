package io.cryptostream.simulator;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.TradeHistory;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything venue-specific about a simulated exchange WebSocket: where it listens, how it admits clients, how it
 * answers their frames and how it writes trades and control frames. {@link SimulatorServer} owns the sockets,
 * markets, timers and faults; one implementation per venue.
 */
public interface VenueProtocol {

    /** The venue name as it appears in logs, e.g. CryptoCompare. */
    String name();

    /** The URL path of the WebSocket endpoint, e.g. {@code /v2}. */
    String path();

    /** The endpoint URI as a client holding {@code credential} would dial it, e.g. with {@code ?api_key=KEY}. */
    URI clientUri(URI endpoint, String credential);

    /** The credential (API key) the client presented in the upgrade request, if any. */
    Optional<String> credential(HttpRequest request);

    /**
     * The first frame a new connection gets: a welcome if it is admitted, otherwise the refusal after which the
     * server closes it. The server serializes calls, so {@code socketsOpenForCredential} stays true until it
     * registers the connection.
     */
    Greeting greet(Handshake handshake);

    /** Answers one text frame from the client, acting on the connection (subscribe, reply, close). */
    void onClientFrame(String frame, VenueConnection connection);

    /** The frame carrying one trade. */
    String tradeFrame(Trade trade);

    String heartbeatFrame(Instant now);

    /** False for venues that never send heartbeats on their own and only answer the client's (Bitstamp). */
    default boolean sendsHeartbeats() {
        return true;
    }

    /**
     * The trade as this venue can report it: its time precision, the taker sides it knows. The server records and
     * sends this version, so what a client decodes equals {@link SimulatorServer#emittedTrades()} exactly.
     */
    default Trade asReported(Trade trade) {
        return trade;
    }

    /** The frame carrying one order book change, for venues with a per-order channel (Bitstamp live_orders). */
    default String orderFrame(OrderEvent order) {
        throw new UnsupportedOperationException("the " + name() + " simulator does not stream order events");
    }

    /** The venue's REST trade history, which the server serves next to the WebSocket; none by default. */
    default TradeHistory history() {
        return TradeHistory.none(name());
    }

    /** The venue's REST 1-minute candles, served next to the WebSocket; none by default. */
    default CandleHistory candles() {
        return CandleHistory.none(name());
    }

    /** Frames a client must survive: invalid JSON and well-formed trades missing required fields. */
    List<String> malformedFrames();

    /** A well-formed frame of a message type a trade client does not handle (e.g. a ticker). */
    String unknownTypeFrame(Instant now);

    /** The frame the venue sends right before it disconnects a client on purpose. */
    String forceDisconnectFrame();

    /**
     * True for venues that ping every client at the WebSocket level (Binance): the server sends a ping after every
     * heartbeat interval without traffic. Independent of {@link #sendsHeartbeats()}, which is about text frames.
     */
    default boolean sendsWebSocketPings() {
        return false;
    }

    /**
     * What the server knows when a client connects.
     *
     * @param credential              the key the client presented, if any
     * @param config                  the server's configuration (expected key, socket limit)
     * @param socketsOpenForCredential sockets already open with the same credential
     * @param connectionNumber        1 for the first connection the server ever accepted, then 2, ...
     * @param now                     the server clock
     * @param uptime                  time since the server started
     */
    record Handshake(Optional<String> credential, SimulatorConfig config, int socketsOpenForCredential,
                     long connectionNumber, Instant now, Duration uptime) {
    }

    /** The first frame of a connection (null for none), and whether the connection may stay open after it. */
    record Greeting(String frame, boolean admitted) {

        /** Admitted without a first frame, for venues that do not greet (Bitstamp). */
        public static Greeting none() {
            return new Greeting(null, true);
        }

        public static Greeting welcome(String frame) {
            return new Greeting(frame, true);
        }

        public static Greeting refusal(String frame) {
            return new Greeting(frame, false);
        }
    }
}
