package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.spark.TopicTrades;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the Spark job (SIGKILL, no chance to clean up) in the middle of a stream, restarts it on the same
 * checkpoint, and checks that the final rows in Cassandra are exactly those of an uninterrupted computation:
 * no trade lost, none counted twice.
 */
class CheckpointRestartIT {

    private static final List<Market> MARKETS = List.of(new Market("Kraken", "BTC", "USD"),
            new Market("Kraken", "ETH", "USD"), new Market("Bitstamp", "BTC", "EUR"));
    private static final int TRADES = 3_000;

    @Test
    void aJobKilledMidStreamResumesFromItsCheckpointWithIdenticalRows() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "checkpoint-restart-" + Long.toHexString(System.nanoTime())).toAbsolutePath());
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "restart_" + Long.toHexString(System.nanoTime());
        String topic = "restart-trades-" + Long.toHexString(System.nanoTime());
        StoreSchema.ensure(new CassandraSettings(servers.host(), servers.cassandraPort(), servers.cassandraDatacenter(),
                keyspace, new Replication.SimpleStrategy(1)));
        List<Trade> trades = trades();
        TopicTrades.produce(servers, topic, trades);

        Path checkpoint = work.resolve("checkpoint");
        List<String> aggregate = List.of("aggregate", "--kafkabroker", servers.kafkaBootstrapServers(),
                "--kafkatopic", topic, "--cassandraurl", servers.cassandraHostPort(), "--keyspace", keyspace,
                "--checkpoint", checkpoint.toString(), "--trigger", "500ms");
        // Small batches make sure the first run dies mid-stream; the second takes the rest in big ones, so that a
        // loaded machine does not turn its catch-up into a timeout.
        List<String> firstAggregate = new ArrayList<>(aggregate);
        firstAggregate.addAll(List.of("--max-offsets-per-trigger", "200"));

        Process first = CommandProcess.start(firstAggregate, work.resolve("first.log"));
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> CommandProcess.committedBatches(checkpoint) >= 3 || !first.isAlive());
            assertThat(first.isAlive()).as("first job run:\n%s", tail(work.resolve("first.log"))).isTrue();
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(tradesIn(session, keyspace)).as("killed mid-stream").isLessThan(TRADES);

            Process second = CommandProcess.start(aggregate, work.resolve("second.log"));
            try {
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> tradesIn(session, keyspace) >= TRADES || !second.isAlive());
                assertThat(second.isAlive()).as("second job run:\n%s", tail(work.resolve("second.log"))).isTrue();
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
            assertThat(CassandraRows.windows(session, keyspace)).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            assertThat(CassandraRows.candles(session, keyspace)).containsExactlyInAnyOrderElementsOf(reference.candles());
        }
    }

    /** Trades over about ten minutes of event time, slightly out of order (well within the 5-minute watermark). */
    private static List<Trade> trades() {
        Random random = new Random(7);
        Instant start = Instant.parse("2026-01-05T10:00:00Z");
        long[] ids = {1_000, 5_000, 9_000};
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            int m = i % MARKETS.size();
            Instant eventTime = start.plusMillis(i * 200L - random.nextInt(20_000)).plusNanos(random.nextInt(1000) * 1000L);
            BigDecimal price = BigDecimal.valueOf(20_000_00 + random.nextInt(100_000), 2);
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(500_000_000), 8);
            TakerSide side = random.nextInt(10) == 0 ? TakerSide.UNKNOWN : random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL;
            trades.add(Trade.of(MARKETS.get(m), side, price, quantity, Long.toString(ids[m]++), eventTime, eventTime));
        }
        return trades;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static long tradesIn(CqlSession session, String keyspace) {
        return CassandraRows.candles(session, keyspace).stream().mapToLong(Candle::trades).sum();
    }
}
