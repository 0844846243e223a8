package io.cryptostream.sparkjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.spark.SparkJvmFlags;
import io.cryptostream.spark.TopicTrades;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableRow;

import java.io.BufferedReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit jar run by Spark's own SparkSubmit, on the classpath a Spark installation gives its driver, with
 * {@code --master local[2]}: a real Coinbase capture put into Kafka comes out of Cassandra as exactly the windows and
 * candles the reference aggregation computes from the capture.
 */
class SparkSubmitIT {

    @Test
    void theSubmittedJobWritesTheReferenceAggregatesOfACapture(@TempDir Path work) throws Exception {
        List<Trade> trades = trades(Fixtures.require("ws/cryptofeed/COINBASE.ws.28.0"), "coinbase");
        ServerEndpoints servers = TestServers.shared().endpoints();
        String topic = "submitted_" + Long.toHexString(System.nanoTime());
        String keyspace = "submitted_" + Long.toHexString(System.nanoTime());
        TopicTrades.produce(servers, topic, trades);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(SparkJvmFlags.list());
        command.addAll(List.of("-cp", sparkInstallationClasspath(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--class", "io.cryptostream.cli.AggregateJob", System.getProperty("cryptostream.spark-job.jar"),
                "--kafka-broker", servers.kafkaBootstrapServers(), "--kafka-topic", topic,
                "--cassandra-url", servers.cassandraHostPort(), "--keyspace", keyspace,
                "--work-dir", work.toString(), "--timeout", "15"));
        Path log = work.resolve("spark-submit.log");
        Process submit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertThat(submit.waitFor(300, TimeUnit.SECONDS)).as("spark-submit finished within 300 s").isTrue();
        } finally {
            submit.destroyForcibly().waitFor();
        }

        String output = Files.readString(log);
        assertThat(submit.exitValue()).as(output).isZero();
        assertThat(output).contains("Spark job reading topic " + topic);
        assertThat(trades).as("trades in the capture").isNotEmpty();
        ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
        try (CqlSession session = CqlSession.builder().addContactPoint(servers.cassandraContactPoint())
                .withLocalDatacenter(servers.cassandraDatacenter()).build()) {
            assertThat(rows(session, keyspace + "." + StoreSchema.WINDOWS_TABLE, DirectionWindow::of))
                    .containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            assertThat(rows(session, keyspace + "." + StoreSchema.CANDLES_TABLE, Candle::of))
                    .containsExactlyInAnyOrderElementsOf(reference.candles());
        }
    }

    /** Recorded by cryptostream-runtime-spark: spark-sql and what it brings, as a Spark installation's jars/. */
    private static String sparkInstallationClasspath() throws Exception {
        try (var in = SparkSubmitIT.class.getResourceAsStream("/io/cryptostream/servers/spark-installation.classpath")) {
            assertThat(in).as("the cryptostream-runtime-spark jar on the test classpath").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    private static <T> List<T> rows(CqlSession session, String table, Function<TableRow, T> record) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + table).spliterator(), false)
                .map(row -> record.apply(TableRow.of(row))).toList();
    }

    /** The capture's trades as the venue's codec decodes them, the way ingest does. */
    private static List<Trade> trades(Path capture, String venue) throws Exception {
        var codec = Venues.named(venue).codec().get();
        List<Trade> trades = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(capture)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame
                        && codec.decode(frame.frame(), frame.receivedAt().orElse(Instant.EPOCH)) instanceof FeedEvent.Trades event) {
                    trades.addAll(event.trades());
                }
            }
        }
        return trades;
    }
}
