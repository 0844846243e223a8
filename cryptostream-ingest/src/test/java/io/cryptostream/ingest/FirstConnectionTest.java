package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import static org.awaitility.Awaitility.await;

/** A venue that is not there yet when ingest starts, over a real WebSocket. */
@ExtendWith(Testbed.Extension.class)
class FirstConnectionTest {

    private static final String KEY = "sim-key-first";

    private static IngestSettings.Builder settings(URI url) {
        return IngestSettings.builder().url(url).apiKey(ApiKey.of(KEY))
                .minReconnectDelay(Duration.ofMillis(500)).maxReconnectDelay(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void aRefusedFirstConnectionIsRetriedUntilTheVenueListens(ActorSystem system) throws Exception {
        int port = freePort();
        List<Trade> received = new CopyOnWriteArrayList<>();
        IngestRun run = IngestService.run(system, settings(URI.create("ws://127.0.0.1:" + port + "/v2")).build(),
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> run.metrics().connectAttempts() >= 3);
            assertThat(run.completion().toCompletableFuture()).as("still retrying").isNotDone();

            try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().port(port).apiKey(KEY)
                    .tradesPerSecond(50).tradesPerMarket(4).build(), system)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 20);
                assertThat(TradeFacts.of(received)).containsExactlyInAnyOrderElementsOf(
                        TradeFacts.of(sim.emittedTrades()));
                run.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
        } finally {
            run.stop();
        }
    }

    @Test
    void aPermanentlyRefusedEndpointEndsTheRunWithOneLineAfterTheReconnectBudget(ActorSystem system) throws Exception {
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
