package io.cryptostream.simulator;

import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
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

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's port: TCP and HTTP as separate stream layers, with a kill switch between them, so that a connection
 * can be cut without a WebSocket close frame, the way a network failure looks to a client.
 */
final class TcpListener {

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    /** Opens the WebSocket of an upgrade request; the kill switch cuts its TCP connection. */
    interface WebSocketOpener {
        ClientConnection open(HttpRequest request, SharedKillSwitch tcp);
    }

    private final Materializer materializer;
    private final Routing routing;
    private final WebSocketOpener opener;
    private final BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> httpLayer;
    private final Tcp.ServerBinding binding;

    TcpListener(ActorSystem system, SimulatorConfig config, Routing routing, WebSocketOpener opener) {
        this.materializer = Materializer.matFromSystem(system);
        this.routing = routing;
        this.opener = opener;
        this.httpLayer = Http.get(system).serverLayer(serverSettings(system, config)).atop(plainTcp());
        this.binding = bind(system, config.port());
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

    private Tcp.ServerBinding bind(ActorSystem system, int port) {
        String address = SimulatorServer.HOST + ":" + port;
        try {
            return Tcp.get(system).bind(SimulatorServer.HOST, port)
                    .to(Sink.foreach(this::accept))
                    .run(materializer)
                    .toCompletableFuture()
                    .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not bind the simulator to " + address
                    + " (is the port in use? port 0 picks a free one): " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Binding the simulator to " + address + " took longer than " + BIND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding the simulator to " + address, e);
        }
    }

    private void accept(Tcp.IncomingConnection tcp) {
        SharedKillSwitch killSwitch = KillSwitches.shared("simulator-tcp-" + tcp.remoteAddress().getPort());
        AtomicReference<ClientConnection> webSocket = new AtomicReference<>();
        Flow<HttpRequest, HttpResponse, NotUsed> handler = Flow.of(HttpRequest.class)
                .map(request -> routing.respond(request, () -> {
                    ClientConnection connection = opener.open(request, killSwitch);
                    webSocket.set(connection);
                    return connection.messageFlow();
                }));
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

    int port() {
        return binding.localAddress().getPort();
    }

    CompletionStage<?> unbind() {
        return binding.unbind();
    }
}
