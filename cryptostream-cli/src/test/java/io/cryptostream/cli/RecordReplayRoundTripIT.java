package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.KrakenProtocol;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.ReferenceAggregation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code record} of a simulator session, then {@code replay} of the file, gives exactly the session's trades in Cassandra. */
class RecordReplayRoundTripIT {

    @Test
    void recordThenReplayRoundTripsASimulatorSessionExactly(@TempDir Path work) throws Exception {
        Path capture = work.resolve("session.gz");
        List<Trade> emitted;
        try (SimulatorServer kraken = SimulatorServer.start(SimulatorConfig.builder().protocol(new KrakenProtocol())
                .tradesPerSecond(60).tradesPerMarket(45).heartbeatInterval(Duration.ofSeconds(1)).build())) {
            CommandOutput recorded = CommandOutput.run("record", "--source", "kraken", "--markets", "BTC/USD,ETH-USD",
                    "--url", kraken.uri().toString(), "--out", capture.toString(), "--duration", "5s");
            assertThat(recorded.exitCode()).as(recorded.err() + recorded.out()).isZero();
            assertThat(recorded.out()).contains("Recorded ").contains(capture.toString());
            emitted = kraken.emittedTrades();
        }
        assertThat(emitted).hasSize(90);
        try (BufferedReader reader = CaptureFiles.read(capture)) {
            assertThat(reader.lines().map(CaptureLine::parse))
                    .allSatisfy(line -> assertThat(line).isInstanceOfSatisfying(CaptureLine.Frame.class,
                            frame -> assertThat(frame.receivedAt()).isPresent()));
        }

        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "roundtrip_" + Long.toHexString(System.nanoTime());
        CommandOutput replayed = CommandOutput.run("replay", capture.toString(), "--exchange", "kraken",
                "--kafkabroker", servers.kafkaBootstrapServers(), "--cassandraurl", servers.cassandraHostPort(),
                "--keyspace", keyspace, "--work-dir", work.toString());

        assertThat(replayed.exitCode()).as(replayed.err() + replayed.out()).isZero();
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(CassandraRows.candles(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).candles());
            assertThat(CassandraRows.windows(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).directionWindows());
        }
    }
}
