package io.cryptostream.simulator;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local exchange WebSocket on 127.0.0.1 that speaks a venue's protocol ({@link SimulatorConfig#protocol()},
 * CryptoCompare streamer v2 by default), streams random-walk trades for whatever markets clients subscribe to,
 * and injects faults on demand.
 *
 * <p>Markets are global: a market starts at its first subscription, then trades on its own schedule whether or
 * not anyone listens, and every subscribed connection receives the same frames. With
 * {@link SimulatorConfig#tradesPerMarket()} bounded and a fixed seed, the prices, sizes, sides and ids of each
 * market are deterministic; only the timestamps follow the clock.
 *
 * <p>Fault-injection methods act on every open connection and return how many they reached.
 *
 * <p>The server runs TCP and HTTP as separate stream layers so {@link #dropAllConnections()} can cut a TCP
 * connection without a WebSocket close frame, the way a network failure looks to a client.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

    public static final String HOST = "127.0.0.1";
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FINEST_TICK = Duration.ofMillis(10);
    private static final String OWN_SYSTEM_CONFIG = """
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            """;

    private final SimulatorConfig config;
    private final VenueProtocol protocol;
    private final ActorSystem system;
    private final boolean ownsSystem;
    private final Materializer materializer;
    private final BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> httpLayer;
    private final Instant startedAt = Instant.now();
    private final Tcp.ServerBinding binding;
    private final Cancellable heartbeatTicker;
    private final List<Cancellable> marketTickers = new CopyOnWriteArrayList<>();
    private final Map<Market, RandomWalkMarket> markets = new ConcurrentHashMap<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object admissionLock = new Object();
    private final Map<String, Integer> socketsPerCredential = new HashMap<>();
    private final List<Trade> emittedTrades = new ArrayList<>();
    private final List<OrderEvent> emittedOrders = new ArrayList<>();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private final AtomicLong tradesEmitted = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicInteger malformedCursor = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heartbeatsEnabled = true;

    private SimulatorServer(SimulatorConfig config, ActorSystem system, boolean ownsSystem) {
        this.config = config;
        this.protocol = config.protocol();
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.materializer = Materializer.matFromSystem(system);
        this.httpLayer = Http.get(system).serverLayer(serverSettings(system, config)).atop(plainTcp());
        this.binding = bind();
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

    /** WebSocket pings after each heartbeat interval without traffic, for venues that ping their clients. */
    private static ServerSettings serverSettings(ActorSystem system, SimulatorConfig config) {
        ServerSettings settings = ServerSettings.create(system);
        if (!config.protocol().sendsWebSocketPings()) {
            return settings;
        }
        return settings.withWebsocketSettings(settings.getWebsocketSettings()
                .withPeriodicKeepAliveMode("ping")
                .withPeriodicKeepAliveMaxIdle(config.heartbeatInterval()));
    }

    /** The TLS layer's plain-text stand-in; its inbound type is a subtype of what the HTTP layer reads. */
    @SuppressWarnings("unchecked")
    private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> plainTcp() {
        return (BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed>)
                (BidiFlow<?, ?, ?, ?, ?>) TLSPlacebo.getInstance();
    }

    private Tcp.ServerBinding bind() {
        try {
            return Tcp.get(system).bind(HOST, config.port())
                    .to(Sink.foreach(this::accept))
                    .run(materializer)
                    .toCompletableFuture()
                    .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not bind the simulator to " + HOST + ":" + config.port()
                    + " (is the port in use? port 0 picks a free one): " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Binding the simulator to " + HOST + ":" + config.port()
                    + " took longer than " + BIND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding the simulator to " + HOST + ":" + config.port(), e);
        }
    }

    private void accept(Tcp.IncomingConnection tcp) {
        SharedKillSwitch killSwitch = KillSwitches.shared("simulator-tcp-" + tcp.remoteAddress().getPort());
        AtomicReference<ClientConnection> webSocket = new AtomicReference<>();
        Flow<HttpRequest, HttpResponse, NotUsed> handler = Flow.of(HttpRequest.class)
                .map(request -> respond(request, killSwitch, webSocket));
        // Also watched at the TCP level: a client gone before its WebSocket stream started must free its slot.
        tcp.handleWith(Flow.of(ByteString.class)
                .via(killSwitch.<ByteString>flow())
                .via(handler.join(httpLayer))
                .via(killSwitch.<ByteString>flow())
                .watchTermination((notUsed, done) -> {
                    done.whenComplete((ok, failure) -> Optional.ofNullable(webSocket.get())
                            .ifPresent(ClientConnection::terminated));
                    return NotUsed.getInstance();
                }), materializer);
    }

    private HttpResponse respond(HttpRequest request, SharedKillSwitch killSwitch,
                                 AtomicReference<ClientConnection> webSocket) {
        String path = request.getUri().path();
        if (!path.equals(protocol.path())) {
            return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("No endpoint at " + path
                    + "; the " + protocol.name() + " simulator serves its WebSocket at " + protocol.path());
        }
        Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
        if (upgrade.isEmpty()) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
                    .withEntity(protocol.path() + " is a WebSocket endpoint; send an upgrade request");
        }
        ClientConnection connection = new ClientConnection(handshakes.incrementAndGet(), this, killSwitch, materializer);
        webSocket.set(connection);
        greet(connection, protocol.credential(request));
        return upgrade.get().handleMessagesWith(connection.messageFlow());
    }

    private void greet(ClientConnection connection, Optional<String> credential) {
        String slot = credential.orElse("");
        synchronized (admissionLock) {
            VenueProtocol.Greeting greeting = protocol.greet(new VenueProtocol.Handshake(credential, config,
                    socketsPerCredential.getOrDefault(slot, 0), connection.number(), Instant.now(),
                    Duration.between(startedAt, Instant.now())));
            if (greeting.frame() != null) {
                connection.send(greeting.frame());
            }
            if (greeting.admitted()) {
                socketsPerCredential.merge(slot, 1, Integer::sum);
                connection.admit(slot);
                connections.add(connection);
                connectionsAccepted.incrementAndGet();
            } else {
                connectionsRefused.incrementAndGet();
                connection.close();
            }
        }
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
        connections.remove(connection);
        String slot = connection.credentialSlot();
        if (slot != null) {
            synchronized (admissionLock) {
                socketsPerCredential.computeIfPresent(slot, (key, open) -> open <= 1 ? null : open - 1);
            }
        }
    }

    /** The market's trade stream, started at its first use. */
    RandomWalkMarket market(Market market) {
        return markets.computeIfAbsent(market, this::startMarket);
    }

    private RandomWalkMarket startMarket(Market market) {
        RandomWalkMarket walk = new RandomWalkMarket(market, config, this::record, this::recordOrder);
        MarketTicker ticker = new MarketTicker(walk, config.tradesPerSecond());
        Duration period = Duration.ofNanos((long) (1e9 / config.tradesPerSecond()));
        Duration tick = period.compareTo(FINEST_TICK) < 0 ? FINEST_TICK : period;
        Cancellable schedule = system.scheduler().scheduleAtFixedRate(tick, tick, ticker, system.dispatcher());
        ticker.schedule = schedule;
        marketTickers.add(schedule);
        return walk;
    }

    private void record(Trade trade) {
        tradesEmitted.incrementAndGet();
        if (config.recordEmittedTrades()) {
            synchronized (emittedTrades) {
                emittedTrades.add(trade);
            }
        }
    }

    private void recordOrder(OrderEvent order) {
        if (config.recordEmittedTrades()) {
            synchronized (emittedOrders) {
                emittedOrders.add(order);
            }
        }
    }

    /** Paces one market at its rate; catches up at most one second of trades after a stall. */
    private static final class MarketTicker implements Runnable {
        private final RandomWalkMarket walk;
        private final double tradesPerSecond;
        private final double maxOwed;
        private long lastNanos = System.nanoTime();
        private double owed;
        private volatile Cancellable schedule;

        MarketTicker(RandomWalkMarket walk, double tradesPerSecond) {
            this.walk = walk;
            this.tradesPerSecond = tradesPerSecond;
            this.maxOwed = Math.max(1, tradesPerSecond);
        }

        @Override
        public synchronized void run() {
            long now = System.nanoTime();
            owed = Math.min(owed + (now - lastNanos) / 1e9 * tradesPerSecond, maxOwed);
            lastNanos = now;
            int due = (int) owed;
            if (due > 0) {
                owed -= due;
                walk.emit(due);
            }
            if (walk.exhausted() && schedule != null) {
                schedule.cancel();
            }
        }
    }

    private void sendHeartbeats() {
        if (!heartbeatsEnabled || !protocol.sendsHeartbeats()) {
            return;
        }
        String frame = protocol.heartbeatFrame(Instant.now());
        connections.forEach(connection -> connection.send(frame));
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
        for (ClientConnection connection : connections) {
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
        Set<Market> subscribed = new java.util.HashSet<>();
        connections.forEach(connection -> subscribed.addAll(connection.subscriptions()));
        return subscribed;
    }

    /** Cuts every client's TCP connection without a WebSocket close frame. */
    public int dropAllConnections() {
        List<ClientConnection> open = List.copyOf(connections);
        open.forEach(ClientConnection::abort);
        log.info("Fault: dropped {} connection(s)", open.size());
        return open.size();
    }

    /** Stops heartbeats on every connection until {@link #resumeHeartbeats()}. */
    public void stopHeartbeats() {
        heartbeatsEnabled = false;
        log.info("Fault: heartbeats stopped");
    }

    public void resumeHeartbeats() {
        heartbeatsEnabled = true;
        log.info("Heartbeats resumed");
    }

    public boolean heartbeatsEnabled() {
        return heartbeatsEnabled;
    }

    /**
     * Silences every open connection for good: no frame (trade, heartbeat) reaches it any more, yet its socket stays
     * open, as a stalled network path looks to a client. Connections opened later are not affected.
     */
    public int stallAllConnections() {
        List<ClientConnection> open = List.copyOf(connections);
        open.forEach(ClientConnection::stall);
        log.info("Fault: stalled {} connection(s)", open.size());
        return open.size();
    }

    /**
     * Stops every market's trading for good, while connections stay open. Returns once no trade is in flight, so
     * {@link #emittedTrades()} is final and every emitted trade is queued to its subscribers.
     */
    public void stopTrading() {
        marketTickers.forEach(Cancellable::cancel);
        markets.values().forEach(RandomWalkMarket::halt);
        log.info("Trading stopped after {} trades", tradesEmitted.get());
    }

    /** Sends {@code count} malformed frames to every connection, cycling through {@link VenueProtocol#malformedFrames()}. */
    public int sendMalformedFrames(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        List<String> samples = protocol.malformedFrames();
        List<ClientConnection> open = List.copyOf(connections);
        for (int i = 0; i < count; i++) {
            String frame = samples.get(Math.floorMod(malformedCursor.getAndIncrement(), samples.size()));
            open.forEach(connection -> connection.send(frame));
        }
        log.info("Fault: sent {} malformed frame(s) to {} connection(s)", count, open.size());
        return open.size();
    }

    /** Sends a well-formed frame of a type trade clients do not handle (a ticker on CryptoCompare). */
    public int sendUnknownTypeFrame() {
        String frame = protocol.unknownTypeFrame(Instant.now());
        List<ClientConnection> open = List.copyOf(connections);
        open.forEach(connection -> connection.send(frame));
        return open.size();
    }

    /** Tells every client it is being disconnected (500 FORCE_DISCONNECT on CryptoCompare), then closes cleanly. */
    public int forceDisconnectAll() {
        String frame = protocol.forceDisconnectFrame();
        List<ClientConnection> open = List.copyOf(connections);
        open.forEach(connection -> {
            connection.send(frame);
            connection.close();
        });
        log.info("Fault: force-disconnected {} connection(s)", open.size());
        return open.size();
    }

    public SimulatorConfig config() {
        return config;
    }

    public int port() {
        return binding.localAddress().getPort();
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
        synchronized (emittedTrades) {
            return List.copyOf(emittedTrades);
        }
    }

    public List<Trade> emittedTrades(Market market) {
        return emittedTrades().stream().filter(trade -> trade.market().equals(market)).toList();
    }

    /**
     * Every order book change emitted so far (markets with order subscribers only), per market in emission order;
     * empty if recording is off. Receive time = event time.
     */
    public List<OrderEvent> emittedOrders() {
        synchronized (emittedOrders) {
            return List.copyOf(emittedOrders);
        }
    }

    /** Markets started so far. */
    public Set<Market> markets() {
        return Set.copyOf(markets.keySet());
    }

    public SimulatorStats stats() {
        int subscriptions = markets.values().stream().mapToInt(RandomWalkMarket::subscriberCount).sum();
        return new SimulatorStats(connectionsAccepted.get(), connectionsRefused.get(), connections.size(),
                subscriptions, markets.size(), tradesEmitted.get(), framesSent.get());
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
        marketTickers.forEach(Cancellable::cancel);
        List<ClientConnection> open = List.copyOf(connections);
        open.forEach(ClientConnection::close);
        try {
            binding.unbind().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
