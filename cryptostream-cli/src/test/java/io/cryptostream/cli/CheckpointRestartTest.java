package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the Spark job (SIGKILL, no chance to clean up) in the middle of a stream, restarts it on the same
 * checkpoint, and checks that the final rows in Cassandra are exactly those of an uninterrupted computation:
 * no trade lost, none counted twice.
 */
class CheckpointRestartTest {

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
        produce(servers, topic, trades);

        Path checkpoint = work.resolve("checkpoint");
        List<String> aggregate = List.of("aggregate", "--kafkabroker", servers.kafkaBootstrapServers(),
                "--kafkatopic", topic, "--cassandraurl", servers.cassandraHostPort(), "--keyspace", keyspace,
                "--checkpoint", checkpoint.toString(), "--trigger", "500ms", "--max-offsets-per-trigger", "200");

        Process first = launch(aggregate, work.resolve("first.log"));
        try {
            PipelineEndToEndTest.awaitTrue(() -> committedBatches(checkpoint) >= 3 || !first.isAlive(), Duration.ofMinutes(3));
            assertThat(first.isAlive()).as("first job run:\n%s", tail(work.resolve("first.log"))).isTrue();
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(tradesIn(session, keyspace)).as("killed mid-stream").isLessThan(TRADES);

            Process second = launch(aggregate, work.resolve("second.log"));
            try {
                PipelineEndToEndTest.awaitTrue(() -> tradesIn(session, keyspace) >= TRADES || !second.isAlive(), Duration.ofMinutes(3));
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

    private static void produce(ServerEndpoints servers, String topic, List<Trade> trades) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (Trade trade : trades) {
                producer.send(new ProducerRecord<>(topic, trade.market().key(), TradeJson.encode(trade)));
            }
            producer.flush();
        }
    }

    private static Process launch(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m"));
        command.addAll(List.of(System.getProperty("cryptostream.test.jvm-flags", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CryptostreamCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static long committedBatches(Path checkpoint) {
        Path commits = checkpoint.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long tradesIn(CqlSession session, String keyspace) {
        return CassandraRows.candles(session, keyspace).stream().mapToLong(Candle::trades).sum();
    }
}
