package io.cryptostream.cli;

import io.cryptostream.ingest.IngestService;
import io.cryptostream.store.WindowQueries;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The candle dashboard served on 127.0.0.1 on its own actor system, which {@link #close()} terminates. */
final class DashboardServer implements AutoCloseable {

    /** The setting below {@code cryptostream.} with the dashboard's port. */
    static final String PORT = "dashboard.port";
    static final String HOST = "127.0.0.1";

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final ServerBinding binding;

    private DashboardServer(ActorSystem system, ServerBinding binding) {
        this.system = system;
        this.binding = binding;
    }

    /** The configured port, checked before anything starts: 0 to 65535. */
    static int port(CryptostreamConfig config) {
        int port = config.integer(PORT);
        if (port < 0 || port > 65_535) {
            throw config.invalid(PORT, "a port is 0 to 65535; was " + port);
        }
        return port;
    }

    /** Serves {@code queries}' candles and {@code pipeline}'s meters on {@code port} (0: a free one). Returns once bound. */
    static DashboardServer start(WindowQueries queries, PipelineMetrics pipeline, int port) {
        ActorSystem system = IngestService.actorSystem("cryptostream-dashboard", "WARNING");
        String address = HOST + ":" + port;
        try {
            DashboardRoutes routes = new DashboardRoutes(queries, pipeline,
                    system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher"));
            ServerBinding binding = Http.get(system).newServerAt(HOST, port).bind(routes.route())
                    .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new DashboardServer(system, binding);
        } catch (ExecutionException e) {
            system.terminate();
            throw new IllegalStateException("The dashboard could not listen on " + address + " (" + e.getCause().getMessage()
                    + "): is another program using it? Choose another port, or 0 for a free one", e.getCause());
        } catch (TimeoutException e) {
            system.terminate();
            throw new IllegalStateException("Binding the dashboard to " + address + " took longer than " + BIND_TIMEOUT, e);
        } catch (InterruptedException e) {
            system.terminate();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding the dashboard to " + address, e);
        }
    }

    URI uri() {
        return URI.create("http://" + HOST + ":" + binding.localAddress().getPort() + "/");
    }

    @Override
    public void close() {
        binding.unbind().toCompletableFuture().join();
        system.terminate();
    }
}
