package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.cryptostream.ingest.Testbed.WAIT;
import static io.cryptostream.ingest.Testbed.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Ingest against the CryptoCompare simulator over a real WebSocket. */
@ExtendWith(Testbed.Extension.class)
class IngestServiceTest {

    private static final VenuePair CRYPTOCOMPARE = VenuePair.named("cryptocompare");
    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");

    private Testbed testbed;
    private List<Trade> received;

    @BeforeEach
    void useTestbed(Testbed testbed) {
        this.testbed = testbed;
        this.received = testbed.received();
    }

    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        return testbed.simulator(CRYPTOCOMPARE.simulatorConfig(config));
    }

    private static IngestSettings.Builder settings(SimulatorServer sim) {
        return CRYPTOCOMPARE.settingsFor(sim);
    }

    private IngestRun run(IngestSettings settings) {
        return testbed.run(new CryptoCompareProtocol(settings), settings);
    }

    @Test
    void aRefusedKeyEndsTheRunWithAMessageNamingTheVariable() {
        SimulatorServer sim = simulator(SimulatorConfig.builder());
        String wrongKey = "wrong-key-71c2";
        IngestRun run = run(settings(sim).apiKey(ApiKey.of(wrongKey)).build());

        assertThatThrownBy(() -> run.completion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CredentialsRejectedException.class)
                .hasMessageStartingWith("CryptoCompare refused the API key (401 UNAUTHORIZED")
                .hasMessageContaining("CRYPTOCOMPARE_API_KEY")
                .message().doesNotContain(wrongKey);
        assertThat(run.metrics().connectAttempts()).as("no retry with a refused key").isEqualTo(1);
    }

    @Test
    void aTradeThatFailsTheTradeCheckIsCountedAndNeverReachesTheSink() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(2));
        IngestRun run = run(settings(sim).build());
        await().atMost(WAIT).until(() -> received.size() == 10 && sim.subscribedMarkets().contains(COINBASE));

        long now = System.currentTimeMillis() / 1000;
        sim.publish(COINBASE, tradeFrame("990001", 4070908800L, "1", "64000"));
        sim.publish(COINBASE, tradeFrame("990002", now, "1.5E-18", "64000"));
        sim.publish(COINBASE, tradeFrame("990003", now, "0.5", "64000.0000000000000000001"));
        sim.publish(COINBASE, tradeFrame("990004", now, "0.5", "64000"));
        await().atMost(WAIT).until(() -> received.size() == 11);
        stop(run);

        assertThat(received).extracting(Trade::tradeId).contains("990004").doesNotContain("990001", "990002", "990003");
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.invalidTradesByReason()).isEqualTo(Map.of(RejectReason.EVENT_TIME_AHEAD, 1L,
                RejectReason.QUANTITY_OUT_OF_RANGE, 1L, RejectReason.TOO_MANY_FRACTION_DIGITS, 1L));
        assertThat(metrics.trades()).isEqualTo(11);
        assertThat(metrics.toTable()).contains("invalid trades set aside {QUANTITY_OUT_OF_RANGE=1");
    }

    /** A CryptoCompare trade frame; numbers as strings, so every digit reaches the codec. */
    private static String tradeFrame(String id, long epochSecond, String quantity, String price) {
        return "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"1\",\"ID\":\"" + id
                + "\",\"TS\":" + epochSecond + ",\"Q\":\"" + quantity + "\",\"P\":\"" + price + "\"}";
    }

    @Test
    void stopsByItselfAfterTheConfiguredTime() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(20));
        IngestRun run = run(settings(sim).runFor(Duration.ofSeconds(1)).build());

        run.completion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(run.metrics().unsubscriptionsConfirmed()).isEqualTo(5);
        assertThat((long) received.size()).isEqualTo(run.metrics().trades()).isPositive();
    }

    @Test
    void waitsAfterTooManySocketsAndStopsDuringTheWait() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().maxSocketsPerKey(1));
        IngestRun first = run(settings(sim).build());
        await().atMost(WAIT).until(() -> first.metrics().connections() == 1);

        IngestRun second = run(settings(sim).rateLimitedWait(Duration.ofSeconds(30)).build());
        await().atMost(WAIT)
                .until(() -> second.metrics().rejectedByReason().containsKey("429 TOO_MANY_SOCKETS_MAX_1_PER_CLIENT"));
        await("no attempt during the hold-off").during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> second.metrics().connectAttempts() == 1);

        long start = System.nanoTime();
        stop(second);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(first.completion().toCompletableFuture()).isNotDone();
    }
}
