package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.WindowQueries;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The job writes to the real Cassandra through a TCP proxy that the test cuts, as if Cassandra went down: within
 * the outage budget the job holds its place and finishes with exact rows once Cassandra is back; past the budget it
 * stops with one line, and a rerun on the same checkpoint finishes with exact rows.
 */
class CassandraOutageIT {

    private static final List<Market> MARKETS = List.of(new Market("Kraken", "BTC", "USD"),
            new Market("Bitstamp", "BTC", "EUR"));
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    private static final int TRADES = 2_000;

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
        String name = "outage_within_" + Long.toHexString(System.nanoTime());
        List<Trade> trades = trades();
        JobSettings settings = settings(name, checkpoint);
        produce(settings.kafka().topic(), trades);
        OutageBudget budget = new OutageBudget(Duration.ofMinutes(3), Duration.ofMillis(200), Duration.ofSeconds(2));

        TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                CassandraWindowSink.open(settings.cassandra(), budget));
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> job.metrics().batches() >= 2);
            cassandraLink.cut();
            long batchesWhenCut = job.metrics().batches();
            // Several triggers (500 ms each) pass while Cassandra is away: the batch in flight waits, none is added.
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9))
                    .until(() -> job.query().isActive());
            assertThat(job.metrics().batches()).isLessThanOrEqualTo(batchesWhenCut + 1);
            assertThat(storedTrades(name)).isLessThan(TRADES);
            cassandraLink.open();

            job.processAllAvailable();
        } finally {
            job.stop();
        }
        assertExactRows(name, trades);
    }

    @Test
    void pastTheBudgetTheJobStopsInOneLineAndARerunResumesWithExactRows(@TempDir Path checkpoint) throws Exception {
        String name = "outage_past_" + Long.toHexString(System.nanoTime());
        List<Trade> trades = trades();
        JobSettings settings = settings(name, checkpoint);
        produce(settings.kafka().topic(), trades);
        OutageBudget shortBudget = new OutageBudget(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1));

        TradeWindowJob first = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                CassandraWindowSink.open(settings.cassandra(), shortBudget));
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> first.metrics().batches() >= 2);
            cassandraLink.cut();
            assertThatThrownBy(first::awaitTermination)
                    .isInstanceOf(CassandraOutageException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageContaining("Cassandra at 127.0.0.1:" + cassandraLink.port() + " was unreachable for")
                    .hasMessageContaining("rerun the same command: it resumes from its checkpoint");
        } finally {
            cassandraLink.open();
            first.stop();
        }
        assertThat(storedTrades(name)).isLessThan(TRADES);

        TradeWindowJob rerun = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                CassandraWindowSink.open(settings.cassandra(), shortBudget));
        try {
            rerun.processAllAvailable();
        } finally {
            rerun.stop();
        }
        assertExactRows(name, trades);
    }

    private static void assertExactRows(String keyspace, List<Trade> trades) {
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), Duration.ofMinutes(5));
        reference.addBatch(trades);
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

    private static JobSettings settings(String name, Path checkpoint) {
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

    /** About seven minutes of event time, a little out of order (well within the 5-minute watermark). */
    private static List<Trade> trades() {
        Random random = new Random(11);
        long[] ids = {1_000, 5_000};
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            int m = i % MARKETS.size();
            Instant eventTime = START.plusMillis(i * 200L + random.nextInt(15_000)).plusNanos(random.nextInt(1000) * 1000L);
            BigDecimal price = BigDecimal.valueOf(20_000_00 + random.nextInt(100_000), 2);
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(500_000_000), 8);
            TakerSide side = random.nextInt(10) == 0 ? TakerSide.UNKNOWN : random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL;
            trades.add(Trade.of(MARKETS.get(m), side, price, quantity, Long.toString(ids[m]++), eventTime, eventTime));
        }
        return trades;
    }

    private static void produce(String topic, List<Trade> trades) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
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
}
