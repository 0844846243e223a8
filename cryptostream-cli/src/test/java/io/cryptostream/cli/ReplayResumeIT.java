package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.KrakenProtocol;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay that Cassandra leaves (for longer than the outage budget) ends in one line and keeps its checkpoint; the
 * same command again resumes it, serves no file twice, and ends with exactly the recorded session's trades.
 */
class ReplayResumeIT {

    @Test
    void aReplayInterruptedByACassandraOutageResumesWhenRunAgainAndCountsNothingTwice(@TempDir Path work)
            throws Exception {
        Path capture = work.resolve("session.gz");
        List<Trade> emitted;
        try (SimulatorServer kraken = SimulatorServer.start(SimulatorConfig.builder().protocol(new KrakenProtocol())
                .tradesPerSecond(6).tradesPerMarket(36).heartbeatInterval(Duration.ofSeconds(1)).build())) {
            CommandOutput recorded = CommandOutput.run("record", "--source", "kraken", "--markets", "BTC/USD,ETH-USD",
                    "--url", kraken.uri().toString(), "--out", capture.toString(), "--duration", "12s");
            assertThat(recorded.exitCode()).as(recorded.err() + recorded.out()).isZero();
            emitted = kraken.emittedTrades();
        }
        assertThat(emitted).as("trades recorded").isNotEmpty();

        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "resume_" + Long.toHexString(System.nanoTime());
        try (TcpForwarder cassandra = new TcpForwarder(servers.host(), servers.cassandraPort())) {
            cassandra.open();
            // Served at the recorded pace, the trades span several one-second micro-batches.
            String[] replay = {"replay", capture.toString(), "--exchange", "kraken", "--speed", "1x",
                    "--kafkabroker", servers.kafkaBootstrapServers(), "--cassandraurl", "127.0.0.1:" + cassandra.port(),
                    "--keyspace", keyspace, "--work-dir", work.toString(), "--cassandra-outage-budget", "2s"};

            CompletableFuture<CommandOutput> first = CompletableFuture.supplyAsync(() -> CommandOutput.run(replay));
            await().atMost(Duration.ofMinutes(3)).until(() -> replayCheckpoint(work)
                    .map(CommandProcess::committedBatches).orElse(0L) >= 1 || first.isDone());
            cassandra.cut();
            CommandOutput interrupted = first.get(3, TimeUnit.MINUTES);

            assertThat(interrupted.exitCode()).as(interrupted.err() + interrupted.out()).isEqualTo(1);
            assertThat(interrupted.err()).hasLineCount(1)
                    .startsWith("cryptostream: Cassandra at 127.0.0.1:" + cassandra.port() + " was unreachable for");
            Path checkpoint = replayCheckpoint(work).orElseThrow();
            assertThat(checkpoint.resolve("replay-delivered.properties")).exists();
            try (CqlSession session = CassandraRows.session(servers)) {
                assertThat(CassandraRows.candles(session, keyspace).stream()
                        .mapToLong(Candle::trades).sum()).isLessThan(emitted.size());
            }

            cassandra.open();
            CommandOutput resumed = CommandOutput.run(replay);

            assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();
            assertThat(resumed.out()).contains("Resuming the earlier replay of these files from " + checkpoint)
                    .contains("already in topic").contains("Replay complete");
            assertThat(checkpoint).doesNotExist();
        }
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(CassandraRows.candles(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).candles());
            assertThat(CassandraRows.windows(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).directionWindows());
        }
    }

    private static Optional<Path> replayCheckpoint(Path work) throws IOException {
        Path checkpoints = work.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("replay-")).findFirst();
        }
    }
}
