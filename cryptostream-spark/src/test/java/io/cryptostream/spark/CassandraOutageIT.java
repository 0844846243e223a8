package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.WindowQueries;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The job writes to the real Cassandra through a TCP proxy that the test cuts, as if Cassandra went down: within
 * the outage budget the job holds its place and finishes with exact rows once Cassandra is back; past the budget it
 * stops with one line, and a rerun on the same checkpoint finishes with exact rows.
 */
class CassandraOutageIT {

    private static final List<Market> MARKETS = TopicTrades.MARKETS;
    private static final Instant START = TopicTrades.START;
    /** About seven minutes of event time. */
    private static final List<Trade> TRADES = TopicTrades.trades(2_000, 11);

    private static ServerEndpoints servers;
    private static TcpForwarder cassandraLink;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        servers = TestServers.shared().endpoints();
        cassandraLink = new TcpForwarder(servers.host(), servers.cassandraPort());
        cassandraLink.open();
        spark = SparkSessionFactory.create(JobSettings.defaults().withCassandra(throughLink("outage_setup")));
    }

    @AfterEach
    void reconnect() {
        cassandraLink.open();
    }

    @AfterAll
    static void stop() {
        spark.stop();
        cassandraLink.close();
    }

    @Test
    void anOutageWithinTheBudgetHoldsTheJobsPlaceAndTheRowsEndExact(@TempDir Path checkpoint) throws Exception {
        JobSettings settings = settingsWithTradesIn("outage_within_", checkpoint);
        String name = settings.kafka().topic();
        OutageBudget budget = new OutageBudget(Duration.ofMinutes(3), Duration.ofMillis(200), Duration.ofSeconds(2));

        TradeWindowJob job = start(settings, budget);
        try {
            cutAfterTwoBatches(job);
            long batchesWhenCut = job.metrics().batches();
            // Several triggers (500 ms each) pass while Cassandra is away: the batch in flight waits, none is added.
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9))
                    .until(() -> job.query().isActive());
            assertThat(job.metrics().batches()).isLessThanOrEqualTo(batchesWhenCut + 1);
            assertThat(storedTrades(name)).isLessThan(TRADES.size());
            cassandraLink.open();

            job.processAllAvailable();
        } finally {
            job.stop();
        }
        assertExactRows(name);
    }

    @Test
    void pastTheBudgetTheJobStopsInOneLineAndARerunResumesWithExactRows(@TempDir Path checkpoint) throws Exception {
        JobSettings settings = settingsWithTradesIn("outage_past_", checkpoint);
        String name = settings.kafka().topic();
        OutageBudget shortBudget = new OutageBudget(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1));

        TradeWindowJob first = start(settings, shortBudget);
        try {
            cutAfterTwoBatches(first);
            assertThatThrownBy(first::awaitTermination)
                    .isInstanceOf(CassandraOutageException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageContaining("Cassandra at 127.0.0.1:" + cassandraLink.port() + " was unreachable for")
                    .hasMessageContaining("rerun the same command: it resumes from its checkpoint");
        } finally {
            cassandraLink.open();
            first.stop();
        }
        assertThat(storedTrades(name)).isLessThan(TRADES.size());

        TradeWindowJob rerun = start(settings, shortBudget);
        try {
            rerun.processAllAvailable();
        } finally {
            rerun.stop();
        }
        assertExactRows(name);
    }

    private static TradeWindowJob start(JobSettings settings, OutageBudget budget) {
        return TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                CassandraWindowSink.open(settings.cassandra(), budget));
    }

    /** Cassandra goes away once the job has written two batches. */
    private static void cutAfterTwoBatches(TradeWindowJob job) {
        await().atMost(Duration.ofMinutes(2)).until(() -> job.metrics().batches() >= 2);
        cassandraLink.cut();
    }

    private static void assertExactRows(String keyspace) {
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), Duration.ofMinutes(5));
        reference.addBatch(TRADES);
        CassandraSettings direct = direct(keyspace);
        try (CqlSession session = CassandraSessions.open(direct)) {
            WindowQueries queries = new WindowQueries(session, direct);
            assertThat(queries.windowsOfHour(START, 10_000))
                    .containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            List<Candle> candles = new ArrayList<>();
            MARKETS.forEach(market -> candles.addAll(queries.candles(market, START, START.plusSeconds(3600))));
            assertThat(candles).containsExactlyInAnyOrderElementsOf(reference.candles());
        }
    }

    private static long storedTrades(String keyspace) {
        CassandraSettings direct = direct(keyspace);
        try (CqlSession session = CassandraSessions.open(direct)) {
            WindowQueries queries = new WindowQueries(session, direct);
            return MARKETS.stream().flatMap(market -> queries.candles(market, START, START.plusSeconds(3600)).stream())
                    .mapToLong(Candle::trades).sum();
        }
    }

    /** Settings for a new keyspace and topic named {@code prefix} and a suffix, the topic holding the trades. */
    private static JobSettings settingsWithTradesIn(String prefix, Path checkpoint) {
        String name = prefix + Long.toHexString(System.nanoTime());
        KafkaTopics.on(servers).create(2, name);
        TopicTrades.produce(servers, name, TRADES);
        return JobSettings.defaults()
                .withCassandra(throughLink(name))
                .withTriggerInterval(Duration.ofMillis(500))
                .withCheckpointDir(checkpoint.toString())
                .withKafka(new KafkaSourceSettings(servers.kafkaBootstrapServers(), name, "earliest", 150, true));
    }

    private static CassandraSettings throughLink(String keyspace) {
        return new CassandraSettings("127.0.0.1", cassandraLink.port(), servers.cassandraDatacenter(), keyspace,
                new Replication.SimpleStrategy(1));
    }

    private static CassandraSettings direct(String keyspace) {
        return throughLink(keyspace).withContactPoint(servers.host(), servers.cassandraPort());
    }
}
