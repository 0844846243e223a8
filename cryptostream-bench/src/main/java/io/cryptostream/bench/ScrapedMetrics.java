package io.cryptostream.bench;

import io.cryptostream.ingest.MetricsServer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Meters served the way a command serves them (the same {@link MetricsServer}, JVM meters included) and scraped over
 * HTTP once a second, more often than Prometheus' default of once a minute: what "metrics on" costs a process.
 */
final class ScrapedMetrics implements AutoCloseable {

    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    private final MetricsServer server;
    private final ScheduledExecutorService scraper;
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();

    private ScrapedMetrics(MetricsServer server, URI metrics) {
        this.server = server;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build();
        scraper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-scraper");
            thread.setDaemon(true);
            return thread;
        });
        scraper.scheduleAtFixedRate(() -> scrape(client, request), 0, SCRAPE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Serves {@code meters} on a free loopback port and starts scraping them. */
    static ScrapedMetrics serve(MeterBinder meters) {
        MetricsServer server = MetricsServer.serve("127.0.0.1", 0);
        server.bind(meters);
        int port = server.port().orElseThrow();
        return new ScrapedMetrics(server, URI.create("http://127.0.0.1:" + port + "/metrics"));
    }

    private void scrape(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failure.compareAndSet(null, "/metrics answered " + response.statusCode());
            }
            scrapes.incrementAndGet();
        } catch (IOException e) {
            failure.compareAndSet(null, "/metrics could not be scraped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops scraping and serving.
     *
     * @throws IllegalStateException when a scrape failed: the run did not serve its meters throughout
     */
    @Override
    public void close() {
        scraper.shutdownNow();
        server.close();
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get() + " (after " + scrapes.get() + " scrapes)");
        }
    }
}
