package io.cryptostream.ingest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

import java.net.BindException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

/**
 * The metrics and health endpoint of a running process (ingest, the Spark driver, the CLI's commands), on Pekko HTTP:
 * {@code /metrics} in Prometheus' text format, {@code /health/live} (200 while the process serves) and
 * {@code /health/ready} (200 when every part of the pipeline does its work, else 503 with the reasons). Unserved, the
 * meters are still bound, and read by nobody.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(20);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Readiness readiness = new Readiness();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    // Set once by listen(); null when unserved.
    private ActorSystem system;
    private ServerBinding binding;

    private MetricsServer() {
        List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(),
                new UptimeMetrics()).forEach(binder -> binder.bindTo(registry));
    }

    /** The meters and the readiness, served by nobody. */
    public static MetricsServer unserved() {
        return new MetricsServer();
    }

    /**
     * Serves on {@code host}:{@code port}; port 0 takes a free one ({@link #port()} says which).
     *
     * @throws IllegalStateException naming the address when it cannot listen there
     */
    public static MetricsServer serve(String host, int port) {
        MetricsServer server = new MetricsServer();
        server.listen(host, port);
        return server;
    }

    private void listen(String host, int port) {
        system = IngestService.actorSystem("cryptostream-metrics", "WARNING");
        try {
            binding = Http.get(system).newServerAt(host, port).bind(routes())
                    .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Metrics could not listen on " + host + ":" + port + " ("
                    + (cause instanceof BindException ? "the port is in use, by another cryptostream command?"
                    : cause.getMessage()) + ")", cause);
        }
    }

    /** The port it listens on; empty when unserved. */
    public Optional<Integer> port() {
        return Optional.ofNullable(binding).map(bound -> bound.localAddress().getPort());
    }

    /** Registers {@code meters}; closing the result removes them again (a part that ends before the command). */
    public Bound bind(MeterBinder meters) {
        Set<Meter.Id> before = ids();
        meters.bindTo(registry);
        Set<Meter.Id> added = ids();
        added.removeAll(before);
        return () -> added.forEach(registry::remove);
    }

    /** Meters bound by one {@link #bind} call. */
    public interface Bound extends AutoCloseable {
        @Override
        void close();
    }

    private Set<Meter.Id> ids() {
        Set<Meter.Id> ids = new HashSet<>();
        registry.getMeters().forEach(meter -> ids.add(meter.getId()));
        return ids;
    }

    /** Every meter in Prometheus' text format, as /metrics serves it. */
    public String scrape() {
        return registry.scrape();
    }

    public Readiness readiness() {
        return readiness;
    }

    private Route routes() {
        return get(() -> concat(
                path("metrics", () -> complete(HttpResponse.create()
                        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, registry.scrape()))),
                pathPrefix("health", () -> concat(
                        path("live", () -> complete(json(200, new Readiness.Report(List.of()).json()))),
                        path("ready", () -> complete(ready()))))));
    }

    private HttpResponse ready() {
        Readiness.Report report = readiness.report();
        return json(report.ready() ? 200 : 503, report.json());
    }

    private static HttpResponse json(int status, String body) {
        return HttpResponse.create().withStatus(StatusCodes.get(status))
                .withEntity(ContentTypes.APPLICATION_JSON, body);
    }

    @Override
    public void close() {
        if (binding != null) {
            binding.unbind().toCompletableFuture().join();
        }
        if (system != null) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Stopping anyway; the process is ending its command.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gc.close();
        registry.close();
    }
}
