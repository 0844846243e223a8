package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.spark.TopicTrades;
import io.cryptostream.store.Candle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code aggregate} against a Cassandra that goes away (a TCP proxy in front of the real one is cut) for longer than
 * the outage budget ends in one line and keeps its checkpoint, and meanwhile its metrics count the failed writes and
 * their retries and its readiness names Cassandra; the same command, rerun, ends with exact rows. A SIGTERM stops it
 * cleanly, without a stack trace.
 */
class AggregateOutageIT {

    private static final int TRADES = 2_000;

    @Test
    void pastTheOutageBudgetAggregateEndsInOneLineAndTheSameCommandResumesWithExactRows(@TempDir Path work)
            throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        String name = "aggregate_outage_" + Long.toHexString(System.nanoTime());
        List<Trade> trades = TopicTrades.trades(TRADES, 5);
        TopicTrades.produce(servers, name, trades);
        Path checkpoint = work.resolve("checkpoint");
        int metricsPort = MetricsScrape.freePort();
        try (TcpForwarder cassandra = new TcpForwarder(servers.host(), servers.cassandraPort())) {
            cassandra.open();
            String[] aggregate = {"aggregate", "--kafkabroker", servers.kafkaBootstrapServers(), "--kafkatopic", name,
                    "--cassandraurl", "127.0.0.1:" + cassandra.port(), "--keyspace", name,
                    "--checkpoint", checkpoint.toString(), "--trigger", "500ms", "--max-offsets-per-trigger", "150",
                    "--cassandra-outage-budget", "8s", "--metrics-port", Integer.toString(metricsPort), "--timeout", "600"};

            CompletableFuture<CommandOutput> first = CompletableFuture.supplyAsync(() -> CommandOutput.run(aggregate));
            await().atMost(Duration.ofMinutes(3)).until(() -> CommandProcess.committedBatches(checkpoint) >= 2 || first.isDone());
            cassandra.cut();
            // Within the outage budget: the failed writes and their retries are counted, and readiness names Cassandra.
            await("the outage in the metrics").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .failFast("aggregate ended", first::isDone)
                    .untilAsserted(() -> {
                        MetricsScrape scrape = MetricsScrape.of(metricsPort);
                        assertThat(scrape.sum("cryptostream_spark_cassandra_write_errors_total")).isGreaterThanOrEqualTo(1);
                        assertThat(scrape.sum("cryptostream_spark_cassandra_write_retries_total")).isGreaterThanOrEqualTo(1);
                        assertThat(MetricsScrape.get(metricsPort, "/health/ready")).isEqualTo(new MetricsScrape.Page(503,
                                "{\"status\":\"DOWN\",\"reasons\":[\"Cassandra at 127.0.0.1:" + cassandra.port()
                                        + " unreachable\"]}"));
                    });
            CommandOutput stopped = first.get(3, TimeUnit.MINUTES);

            assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(1);
            assertThat(stopped.err()).hasLineCount(1)
                    .startsWith("cryptostream: Cassandra at 127.0.0.1:" + cassandra.port() + " was unreachable for")
                    .contains("rerun the same command: it resumes from its checkpoint");
            try (CqlSession session = CassandraRows.session(servers)) {
                assertThat(tradesIn(session, name)).isLessThan(TRADES);
            }

            cassandra.open();
            aggregate[aggregate.length - 1] = "5";
            CommandOutput rerun = CommandOutput.run(aggregate);

            assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        }
        try (CqlSession session = CassandraRows.session(servers)) {
            ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
            assertThat(CassandraRows.windows(session, name)).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            assertThat(CassandraRows.candles(session, name)).containsExactlyInAnyOrderElementsOf(reference.candles());
        }
    }

    @Test
    void sigtermStopsAggregateCleanlyWithoutAStackTrace(@TempDir Path work) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        String name = "aggregate_sigterm_" + Long.toHexString(System.nanoTime());
        TopicTrades.produce(servers, name, TopicTrades.trades(TRADES, 6));
        Path checkpoint = work.resolve("checkpoint");
        Path log = work.resolve("aggregate.log");

        int metricsPort = MetricsScrape.freePort();
        Process job = CommandProcess.start(List.of("aggregate", "--kafkabroker", servers.kafkaBootstrapServers(),
                "--kafkatopic", name, "--cassandraurl", servers.cassandraHostPort(), "--keyspace", name,
                "--checkpoint", checkpoint.toString(), "--trigger", "500ms", "--max-offsets-per-trigger", "100",
                "--metrics-port", Integer.toString(metricsPort)), log);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> CommandProcess.committedBatches(checkpoint) >= 2 || !job.isAlive());
            assertThat(job.isAlive()).as(CommandProcess.read(log)).isTrue();
            assertThat(MetricsScrape.get(metricsPort, "/health/ready")).as("ready while it aggregates")
                    .isEqualTo(new MetricsScrape.Page(200, "{\"status\":\"UP\"}"));
            assertThat(MetricsScrape.of(metricsPort).sum("cryptostream_spark_cassandra_writes_total")).isGreaterThanOrEqualTo(2);
            job.destroy();
            assertThat(job.waitFor(90, TimeUnit.SECONDS)).as(CommandProcess.read(log)).isTrue();
        } finally {
            job.destroyForcibly();
        }

        String output = CommandProcess.read(log);
        assertThat(job.exitValue()).as(output).isEqualTo(143);
        // The query stopped before Spark's context did, so the command still printed its summary.
        assertThat(output).contains("Shutting down: stopped the Spark query trade-windows; its checkpoint "
                        + checkpoint + " resumes it")
                .containsPattern("Spark: \\d+ records in \\d+ batches")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("stopped SparkContext");
    }

    private static long tradesIn(CqlSession session, String keyspace) {
        return CassandraRows.candles(session, keyspace).stream().mapToLong(Candle::trades).sum();
    }
}
