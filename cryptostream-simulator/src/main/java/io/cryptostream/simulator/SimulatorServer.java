package io.cryptostream.simulator;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.VenueCandle;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A local exchange WebSocket on 127.0.0.1 that speaks a venue's protocol ({@link SimulatorConfig#protocol()},
 * CryptoCompare streamer v2 by default), streams random-walk trades for whatever markets clients subscribe to,
 * serves the venue's REST trade history and 1-minute candles of those trades on the same port, and injects faults on
 * demand (among them trades kept off the sockets but present in the history, and altered candles).
 *
 * <p>Markets are global: a market starts at its first subscription, then trades on its own schedule whether or
 * not anyone listens, and every subscribed connection receives the same frames. With
 * {@link SimulatorConfig#tradesPerMarket()} bounded and a fixed seed, the prices, sizes, sides and ids of each
 * market are deterministic; only the timestamps follow the clock.
 *
 * <p>The pieces: {@link TcpListener} (the port), {@link Routing} (which request gets a WebSocket),
 * {@link Admission} (which WebSocket may stay open), {@link SimulatedMarkets} and {@link Faults}. Fault-injection
 * methods act on every open connection and return how many they reached.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

    public static final String HOST = "127.0.0.1";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String OWN_SYSTEM_CONFIG = """
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            """;

    private final SimulatorConfig config;
    private final VenueProtocol protocol;
    private final ActorSystem system;
    private final boolean ownsSystem;
    private final Materializer materializer;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Admission admission;
    private final SimulatedMarkets markets;
    private final Faults faults;
    private final TcpListener listener;
    private final Cancellable heartbeatTicker;

    private SimulatorServer(SimulatorConfig config, ActorSystem system, boolean ownsSystem) {
        this.config = config;
        this.protocol = config.protocol();
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.materializer = Materializer.matFromSystem(system);
        this.admission = new Admission(protocol, config, Instant.now());
        this.markets = new SimulatedMarkets(config, system);
        this.faults = new Faults(protocol, admission);
        HistoryEndpoint history = new HistoryEndpoint(protocol.history(), markets::started, markets::recentTrades,
                config.historyDepth(), config.historyBudget());
        CandlesEndpoint candles = new CandlesEndpoint(protocol.candles(), markets::started, markets.minuteCandles());
        this.listener = new TcpListener(system, config, new Routing(protocol, history, candles), this::openWebSocket);
        this.heartbeatTicker = system.scheduler().scheduleAtFixedRate(config.heartbeatInterval(),
                config.heartbeatInterval(), this::sendHeartbeats, system.dispatcher());
        log.info("{} simulator listening on {}", protocol.name(), uri());
    }

    /** Starts a server on its own actor system, which {@link #close()} terminates. Returns once bound. */
    public static SimulatorServer start(SimulatorConfig config) {
        ActorSystem system = ActorSystem.create("cryptostream-simulator",
                ConfigFactory.parseString(OWN_SYSTEM_CONFIG).withFallback(ConfigFactory.load()));
        try {
            return new SimulatorServer(config, system, true);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** Starts a server on an actor system the caller owns; {@link #close()} leaves it running. Returns once bound. */
    public static SimulatorServer start(SimulatorConfig config, ActorSystem system) {
        return new SimulatorServer(config, system, false);
    }

    private ClientConnection openWebSocket(HttpRequest request, SharedKillSwitch tcp) {
        ClientConnection connection = new ClientConnection(handshakes.incrementAndGet(), this, tcp, materializer);
        admission.greet(connection, protocol.credential(request));
        return connection;
    }

    void onClientFrame(String frame, ClientConnection connection) {
        try {
            protocol.onClientFrame(frame, connection);
        } catch (RuntimeException e) {
            log.warn("{} protocol failed to answer frame {} on connection {}; the frame is ignored",
                    protocol.name(), frame, connection.number(), e);
        }
    }

    void onFrameSent() {
        framesSent.incrementAndGet();
    }

    void onConnectionTerminated(ClientConnection connection) {
        admission.release(connection);
    }

    /** The market's trade stream, started at its first use. */
    RandomWalkMarket market(Market market) {
        return markets.market(market);
    }

    private void sendHeartbeats() {
        if (!faults.heartbeatsEnabled() || !protocol.sendsHeartbeats()) {
            return;
        }
        String frame = protocol.heartbeatFrame(Instant.now());
        admission.open().forEach(connection -> connection.send(frame));
    }

    /**
     * Sends a frame verbatim (a replayed capture, in the venue's own format) to every client subscribed to
     * {@code market}. Unlike live trades, a replay must not lose frames to a slow client, so this blocks while the
     * client's outbound queue is more than half full.
     *
     * @return the number of clients it reached
     */
    public int publish(Market market, String frame) throws InterruptedException {
        int reached = 0;
        for (ClientConnection connection : admission.open()) {
            if (connection.subscriptions().contains(market)) {
                while (connection.isOpen() && connection.queued() > ClientConnection.OUTBOUND_BUFFER / 2) {
                    Thread.sleep(1);
                }
                connection.send(frame);
                reached++;
            }
        }
        return reached;
    }

    /** The markets some client is subscribed to right now. */
    public Set<Market> subscribedMarkets() {
        Set<Market> subscribed = new HashSet<>();
        admission.open().forEach(connection -> subscribed.addAll(connection.subscriptions()));
        return subscribed;
    }

    /** Cuts every client's TCP connection without a WebSocket close frame. */
    public int dropAllConnections() {
        return faults.dropAllConnections();
    }

    /** Stops heartbeats on every connection until {@link #resumeHeartbeats()}. */
    public void stopHeartbeats() {
        faults.stopHeartbeats();
    }

    public void resumeHeartbeats() {
        faults.resumeHeartbeats();
    }

    public boolean heartbeatsEnabled() {
        return faults.heartbeatsEnabled();
    }

    /**
     * Silences every open connection for good: no frame (trade, heartbeat) reaches it any more, yet its socket stays
     * open, as a stalled network path looks to a client. Connections opened later are not affected.
     */
    public int stallAllConnections() {
        return faults.stallAllConnections();
    }

    /**
     * Stops every market's trading for good, while connections stay open. Returns once no trade is in flight, so
     * {@link #emittedTrades()} is final and every emitted trade is queued to its subscribers.
     */
    public void stopTrading() {
        markets.stopTrading();
    }

    /** Sends {@code count} malformed frames to every connection, cycling through {@link VenueProtocol#malformedFrames()}. */
    public int sendMalformedFrames(int count) {
        return faults.sendMalformedFrames(count);
    }

    /** Sends a well-formed frame of a type trade clients do not handle (a ticker on CryptoCompare). */
    public int sendUnknownTypeFrame() {
        return faults.sendUnknownTypeFrame();
    }

    /** Tells every client it is being disconnected (500 FORCE_DISCONNECT on CryptoCompare), then closes cleanly. */
    public int forceDisconnectAll() {
        return faults.forceDisconnectAll();
    }

    public SimulatorConfig config() {
        return config;
    }

    public int port() {
        return listener.port();
    }

    /** The WebSocket endpoint without credentials, e.g. {@code ws://127.0.0.1:40123/v2}. */
    public URI uri() {
        return URI.create("ws://" + HOST + ":" + port() + protocol.path());
    }

    /** The WebSocket endpoint as a client with {@code apiKey} dials it, e.g. {@code ws://127.0.0.1:40123/v2?api_key=KEY}. */
    public URI uri(String apiKey) {
        return protocol.clientUri(uri(), apiKey);
    }

    /** Every trade emitted so far, per market in emission order (empty if recording is off). Receive time = event time. */
    public List<Trade> emittedTrades() {
        return markets.emittedTrades();
    }

    public List<Trade> emittedTrades(Market market) {
        return markets.emittedTrades(market);
    }

    /**
     * Keeps the next {@code count} trades of {@code market} off every socket. They are emitted and recorded as usual,
     * so {@link #emittedTrades()} and the REST history hold them while socket clients see a gap in the ids.
     */
    public void dropTradesOnSocket(Market market, int count) {
        markets.socketDrops().dropNext(market, count);
    }

    /**
     * Keeps {@code count} trades of {@code market} off every socket, those after its first {@code after}: a gap at a
     * known place in the market's trades, however late a client subscribes or a test looks.
     */
    public void dropTradesOnSocket(Market market, long after, int count) {
        markets.socketDrops().dropAfter(market, after, count);
    }

    /** Keeps every {@code k}-th trade of each market (counted from its first) off every socket; 0 stops. */
    public void dropEveryKthTradeOnSocket(int k) {
        markets.socketDrops().dropEvery(k);
    }

    /** The trades kept off the sockets so far, in emission order. */
    public List<Trade> tradesDroppedOnSocket() {
        return markets.socketDrops().dropped();
    }

    /**
     * The REST trade history's base, e.g. {@code http://127.0.0.1:40123}: {@link io.cryptostream.exchange.TradeHistory#page}
     * builds a page request on it.
     */
    public URI historyUri() {
        return URI.create("http://" + HOST + ":" + port());
    }

    /**
     * Serves {@code market}'s REST candle of {@code minute} as {@code edit} makes it from the one computed from the
     * emitted trades (e.g. {@code c -> c.withClose(c.close().add(BigDecimal.ONE))}), as a venue's candle may differ
     * from the trades it streamed. The candles are served on {@link #historyUri()}.
     */
    public void alterCandle(Market market, Instant minute, UnaryOperator<VenueCandle> edit) {
        markets.minuteCandles().alter(market, minute, edit);
    }

    /** Serves no REST candle for {@code market}'s {@code minute}, as a venue missing it would. */
    public void hideCandle(Market market, Instant minute) {
        markets.minuteCandles().hide(market, minute);
    }

    /**
     * Every order book change emitted so far (markets with order subscribers only), per market in emission order;
     * empty if recording is off. Receive time = event time.
     */
    public List<OrderEvent> emittedOrders() {
        return markets.emittedOrders();
    }

    /** Markets started so far. */
    public Set<Market> markets() {
        return markets.started();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(admission.accepted(), admission.refused(), admission.openCount(),
                markets.subscriptions(), markets.count(), markets.tradesEmitted(), framesSent.get());
    }

    /**
     * Stops trading and heartbeats, unbinds, closes every connection cleanly and, if the server started its own
     * actor system, terminates it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeatTicker.cancel();
        markets.stopTickers();
        List<ClientConnection> open = admission.open();
        open.forEach(ClientConnection::close);
        try {
            listener.unbind().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture.allOf(open.stream().map(c -> c.termination().toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Simulator on port {} did not shut down cleanly within {}: {}", port(), CLOSE_TIMEOUT, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsSystem) {
                terminateSystem();
            }
        }
    }

    private void terminateSystem() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Simulator actor system did not terminate within {}: {}", CLOSE_TIMEOUT, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
