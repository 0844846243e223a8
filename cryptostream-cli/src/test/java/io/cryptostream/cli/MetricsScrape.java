package io.cryptostream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A command's metrics endpoint as a test reads it: one scrape of /metrics parsed into samples, and the health pages. */
final class MetricsScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP answer: status and body. */
    record Page(int status, String body) {
    }

    private final PrometheusSamples samples;

    private MetricsScrape(PrometheusSamples samples) {
        this.samples = samples;
    }

    static MetricsScrape of(int port) {
        return new MetricsScrape(PrometheusSamples.parse(get(port, "/metrics").body()));
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels} (given as name, value, ...); 0 when none. */
    double sum(String name, String... labels) {
        return samples.matching(name, labels).stream().mapToDouble(PrometheusSamples.Sample::value).sum();
    }

    /** Whether a sample of {@code name} exists. */
    boolean has(String name) {
        return !samples.matching(name).isEmpty();
    }

    /** A port nothing listens on now, for a command's --metrics-port. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }

    static Page get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }
}
