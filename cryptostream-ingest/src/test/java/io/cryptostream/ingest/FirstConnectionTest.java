package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A venue that is not there yet when ingest starts, over a real WebSocket. */
class FirstConnectionTest {

    private static final String KEY = "sim-key-first";
    private static ActorSystem system;

    @BeforeAll
    static void startSystem() {
        system = IngestService.actorSystem("first-connection-test", "INFO");
    }

    @AfterAll
    static void stopSystem() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static IngestSettings.Builder settings(URI url) {
        return IngestSettings.builder().url(url).apiKey(ApiKey.of(KEY))
                .minReconnectDelay(Duration.ofMillis(500)).maxReconnectDelay(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void aRefusedFirstConnectionIsRetriedUntilTheVenueListens() throws Exception {
        int port = freePort();
        List<Trade> received = new CopyOnWriteArrayList<>();
        IngestRun run = IngestService.run(system, settings(URI.create("ws://127.0.0.1:" + port + "/v2")).build(),
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        try {
            Await.until(Duration.ofSeconds(10), () -> run.metrics().connectAttempts() >= 3,
                    () -> run.metrics().toString());
            assertThat(run.completion().toCompletableFuture()).as("still retrying").isNotDone();

            try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().port(port).apiKey(KEY)
                    .tradesPerSecond(50).tradesPerMarket(4).build(), system)) {
                Await.until(Duration.ofSeconds(20), () -> received.size() == 20,
                        () -> received.size() + " trades; " + run.metrics());
                assertThat(TradeFacts.of(received)).containsExactlyInAnyOrderElementsOf(
                        TradeFacts.of(sim.emittedTrades()));
                run.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
        } finally {
            run.stop();
        }
    }

    @Test
    void aPermanentlyRefusedEndpointEndsTheRunWithOneLineAfterTheReconnectBudget() throws Exception {
        int port = freePort();
        IngestRun run = IngestService.run(system, settings(URI.create("ws://127.0.0.1:" + port + "/v2"))
                        .reconnectBudget(Duration.ofSeconds(3)).build(),
                new InProcessTradeSink(trades -> { }, 50, Duration.ofMillis(20)));

        assertThatThrownBy(() -> run.completion().toCompletableFuture().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IngestException.class)
                .hasMessageStartingWith("CryptoCompare at ws://127.0.0.1:" + port + "/v2 refused every connection "
                        + "for 3 s (")
                .hasMessageContaining("is the URL right and the venue up? Wait longer with "
                        + "cryptostream.ingest.reconnect-budget")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
        assertThat(run.metrics().connectAttempts()).isGreaterThanOrEqualTo(3);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
