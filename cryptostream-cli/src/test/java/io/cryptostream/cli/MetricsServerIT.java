package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint alone, on Pekko HTTP: Prometheus text, JVM meters, health answers, and a port already taken. */
class MetricsServerIT {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static CryptostreamConfig config(int port) {
        return CryptostreamConfig.load(null, Map.of(MetricsSettings.PORT, port, MetricsSettings.HOST, "127.0.0.1"));
    }

    @Test
    void servesPrometheusTextWithJvmMetersAndWhatIsBoundLater() {
        int port = MetricsScrape.freePort();
        try (MetricsServer server = MetricsSettings.start(config(port), out)) {
            MeterBinder trades = registry -> Counter.builder("cryptostream.test.trades").register(registry).increment(3);
            server.bind(trades);

            MetricsScrape scrape = MetricsScrape.of(port);

            assertThat(scrape.sum("cryptostream_test_trades_total")).isEqualTo(3);
            assertThat(scrape.has("jvm_memory_used_bytes")).as("heap, from Micrometer's JVM binders").isTrue();
            assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
            assertThat(scrape.has("jvm_gc_pause_seconds_count") || scrape.has("jvm_gc_memory_allocated_bytes_total"))
                    .as("GC meters").isTrue();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Metrics at http://127.0.0.1:" + port + "/metrics");
        }
    }

    @Test
    void healthIsLiveWhileServingAndReadyOnlyWhenNoPartSaysWhyNot() {
        int port = MetricsScrape.freePort();
        try (MetricsServer server = MetricsSettings.start(config(port), out)) {
            server.readiness().check("Kafka", () -> List.of("Kafka at 127.0.0.1:1 unreachable"));

            assertThat(MetricsScrape.get(port, "/health/live")).isEqualTo(new MetricsScrape.Page(200, "{\"status\":\"UP\"}"));
            assertThat(MetricsScrape.get(port, "/health/ready")).isEqualTo(new MetricsScrape.Page(503,
                    "{\"status\":\"DOWN\",\"reasons\":[\"Kafka at 127.0.0.1:1 unreachable\"]}"));

            server.readiness().remove("Kafka");
            assertThat(MetricsScrape.get(port, "/health/ready")).isEqualTo(new MetricsScrape.Page(200, "{\"status\":\"UP\"}"));
        }
    }

    @Test
    void aPortInUseEndsTheCommandWithOneLineNamingThePortAndTheFlag() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MetricsSettings.start(config(port), out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("--metrics-port")
                    .hasMessageContaining("or 0 to serve no metrics");
        }
    }

    @Test
    void portZeroServesNothing() {
        try (MetricsServer server = MetricsSettings.start(config(0), out)) {
            assertThat(server.port()).isEmpty();
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Metrics at");
        }
    }
}
