package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.IncompatibleSchemaException;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real shared test Cassandra (and Kafka for the end-to-end run). */
class CassandraWindowSinkIT {

    private static final Market BTC_USD = new Market("Coinbase", "BTC", "USD");
    private static final Market ETH_USD = new Market("Coinbase", "ETH", "USD");

    private static ServerEndpoints servers;
    private static CassandraSettings cassandra;
    private static SparkSession spark;
    private static CqlSession session;

    @BeforeAll
    static void start() {
        servers = TestServers.shared().endpoints();
        cassandra = CassandraSettings.defaults()
                .withContactPoint(servers.host(), servers.cassandraPort())
                .withKeyspace("sink_test");
        spark = SparkSessionFactory.create(JobSettings.defaults().withCassandra(cassandra));
        session = CassandraSessions.open(cassandra);
    }

    @AfterAll
    static void stop() {
        session.close();
        spark.stop();
    }

    @Test
    void schemaIsCreatedOnceWithThePairInTheClusteringKey() {
        StoreSchema.ensure(session, cassandra);
        StoreSchema.ensure(session, cassandra);

        TableMetadata windows = session.getMetadata().getKeyspace("sink_test").orElseThrow()
                .getTable(StoreSchema.WINDOWS_TABLE).orElseThrow();
        assertThat(windows.getPartitionKey()).extracting(c -> c.getName().asInternal()).containsExactly("date");
        assertThat(windows.getClusteringColumns().keySet()).extracting(c -> c.getName().asInternal())
                .containsExactly("window_end", "window_start", "direction", "market", "fromcoin", "tocurrency");
        assertThat(windows.getClusteringColumns().values()).startsWith(ClusteringOrder.DESC, ClusteringOrder.DESC);
        TableMetadata candles = session.getMetadata().getKeyspace("sink_test").orElseThrow()
                .getTable(StoreSchema.CANDLES_TABLE).orElseThrow();
        assertThat(candles.getPartitionKey()).extracting(c -> c.getName().asInternal())
                .containsExactly("exchange", "base", "quote", "day");
    }

    @Test
    void theOriginalTutorialTableShapeIsRefusedWithWhatToDo() {
        CassandraSettings tutorialShape = cassandra.withKeyspace("tutorial_shape_test");
        Duration ddl = Duration.ofSeconds(60);
        session.execute(SimpleStatement.newInstance(
                "CREATE KEYSPACE IF NOT EXISTS tutorial_shape_test WITH replication ="
                        + " {'class': 'SimpleStrategy', 'replication_factor': 1}").setTimeout(ddl));
        session.execute(SimpleStatement.newInstance(
                "CREATE TABLE IF NOT EXISTS tutorial_shape_test.trademsgs1minutewindow (date timestamp,"
                        + " window_start timestamp, window_end timestamp, market text, direction text, fromcoin text,"
                        + " tocurrency text, avgprice double, totalquantity double, totalvol double, counttxns bigint,"
                        + " uuid timeuuid, PRIMARY KEY ((date), window_end, window_start, direction, market))"
                        + " WITH CLUSTERING ORDER BY (window_end DESC, window_start DESC, direction ASC, market ASC)")
                .setTimeout(ddl));

        assertThatThrownBy(() -> CassandraWindowSink.open(tutorialShape))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("Table tutorial_shape_test.trademsgs1minutewindow already exists")
                .hasMessageContaining("its primary key is ((date), window_end DESC, window_start DESC, direction,"
                        + " market) but cryptostream needs ((date), window_end DESC, window_start DESC, direction,"
                        + " market, fromcoin, tocurrency)")
                .hasMessageContaining("column avgprice is double but cryptostream writes decimal")
                .hasMessageContaining("column vwap decimal is missing")
                .hasMessageContaining("DROP TABLE tutorial_shape_test.trademsgs1minutewindow");
    }

    @Test
    void replayedBatchRewritesIdenticalRowsAndTheOriginalTutorialQueryReadsThem() throws InterruptedException {
        CassandraWindowSink sink = CassandraWindowSink.open(cassandra);
        Instant lastMinuteOfDay = Instant.parse("2024-03-01T23:59:00Z");
        Instant nextDay = Instant.parse("2024-03-02T00:00:00Z");
        List<DirectionWindow> windows = List.of(
                window(lastMinuteOfDay, BTC_USD, TakerSide.BUY, "64000.123456789012345678", 3),
                window(lastMinuteOfDay, BTC_USD, TakerSide.SELL, "64001.5", 2),
                window(lastMinuteOfDay, ETH_USD, TakerSide.BUY, "3400.25", 7),
                window(nextDay, BTC_USD, TakerSide.BUY, "64010", 1));
        List<Candle> candles = List.of(candle(lastMinuteOfDay, BTC_USD, "64000.5"), candle(lastMinuteOfDay, ETH_USD,
                "3400.25"), candle(nextDay, BTC_USD, "64010"));
        WindowBatch batch = TableRows.windowBatch(spark, 7, windows, candles);
        WindowQueries queries = new WindowQueries(session, cassandra);

        sink.write(batch);
        List<Row> firstWrite = allRows(StoreSchema.WINDOWS_TABLE);
        sink.write(batch);

        assertThat(allRows(StoreSchema.WINDOWS_TABLE)).hasSize(4).usingElementComparator(
                (a, b) -> a.getFormattedContents().compareTo(b.getFormattedContents()))
                .containsExactlyElementsOf(firstWrite);
        assertThat(count(StoreSchema.CANDLES_TABLE)).isEqualTo(3);
        assertThat(queries.windowsOfHour(Instant.parse("2024-03-01T23:00:00Z"), 100))
                .containsExactlyInAnyOrderElementsOf(windows.subList(0, 3));
        assertThat(queries.candles(BTC_USD, lastMinuteOfDay, nextDay.plusSeconds(60)))
                .containsExactly(candles.get(0), candles.get(2));
        assertThat(queries.latestWindows(2)).first().isEqualTo(windows.get(3));

        List<Row> tutorialQuery = session.execute("select * from sink_test.trademsgs1minutewindow"
                + " where date = '2024-03-01 23:00:00+0000'").all();
        assertThat(tutorialQuery).hasSize(3).allSatisfy(row -> {
            assertThat(row.getUuid("uuid").version()).isEqualTo(1);
            assertThat(row.getString("market")).isEqualTo("Coinbase");
        });
        assertThat(tutorialQuery).extracting(row -> row.getString("fromcoin")).containsExactlyInAnyOrder("BTC", "BTC",
                "ETH");
        assertThat(tutorialQuery).filteredOn(row -> row.getString("direction").equals("BUY")
                        && row.getString("fromcoin").equals("BTC"))
                .singleElement().satisfies(row -> assertThat(row.getBigDecimal("avgprice"))
                        .isEqualByComparingTo("64000.123456789012345678"));
    }

    @Test
    void valuesBeyondTheWidestSparkDecimalAreStoredExactly() throws InterruptedException {
        CassandraSettings exact = cassandra.withKeyspace("exact_sink_test");
        CassandraWindowSink sink = CassandraWindowSink.open(exact);
        Instant start = Instant.parse("2024-03-03T10:00:00Z");
        BigDecimal price = new BigDecimal("1.0000000000000000001");
        BigDecimal volume = new BigDecimal("999999999999999999999999999.000000000000000000000000000000000001");
        DirectionWindow window = new DirectionWindow(start, start.plusSeconds(60), "Coinbase", TakerSide.BUY, "BTC",
                "USD", price, BigDecimal.ONE, volume, 1, price, price, price, price, price);
        Candle candle = new Candle("Coinbase", "BTC", "USD", start, start.plusSeconds(60), price, price, price, price,
                BigDecimal.ONE, volume, 1, BigDecimal.ONE, BigDecimal.ZERO, price);

        sink.write(TableRows.windowBatch(spark, 9, List.of(window), List.of(candle)));

        try (CqlSession exactSession = CassandraSessions.open(exact)) {
            WindowQueries queries = new WindowQueries(exactSession, exact);
            assertThat(queries.windowsOfHour(start, 10)).containsExactly(window);
            assertThat(queries.candles(BTC_USD, start, start.plusSeconds(3600))).containsExactly(candle);
        }
    }

    @Test
    void tradesFromKafkaEndUpInCassandraExactly(@TempDir Path checkpoint) throws Exception {
        CassandraSettings e2e = cassandra.withKeyspace("kafka_e2e_test");
        String topic = "e2e-trades";
        createTopic(topic);
        Instant t0 = Instant.parse("2024-05-06T10:00:00Z");
        List<Trade> first = new ArrayList<>(List.of(
                trade(BTC_USD, TakerSide.BUY, "63000.01", "0.015", "1001", t0.plusSeconds(3)),
                trade(BTC_USD, TakerSide.SELL, "62999.99", "0.5", "1002", t0.plusSeconds(1)),
                trade(ETH_USD, TakerSide.BUY, "3100.1", "2", "2001", t0.plusSeconds(20)),
                trade(BTC_USD, TakerSide.BUY, "63001", "0.1", "1003", t0.plusSeconds(65))));
        List<Trade> second = List.of(
                trade(BTC_USD, TakerSide.BUY, "63010", "1", "1004", t0.plusSeconds(500)),
                trade(BTC_USD, TakerSide.SELL, "62000", "9", "1005", t0.plusSeconds(30)));
        Duration watermark = Duration.ofSeconds(30);
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), watermark);
        reference.addBatch(first);
        reference.addBatch(second);
        JobSettings settings = JobSettings.defaults()
                .withCassandra(e2e)
                .withWindow(Duration.ofMinutes(1), watermark)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(servers.kafkaBootstrapServers(), topic))
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());

        CassandraWindowSink sink = CassandraWindowSink.open(e2e);
        TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()), sink);
        try {
            produce(topic, first);
            job.processAllAvailable();
            produce(topic, second);
            job.processAllAvailable();
        } finally {
            job.stop();
        }

        try (CqlSession e2eSession = CassandraSessions.open(e2e)) {
            WindowQueries queries = new WindowQueries(e2eSession, e2e);
            assertThat(queries.windowsOfHour(t0, 100)).containsExactlyInAnyOrderElementsOf(
                    reference.directionWindows());
            List<Candle> candles = new ArrayList<>(queries.candles(BTC_USD, t0, t0.plusSeconds(3600)));
            candles.addAll(queries.candles(ETH_USD, t0, t0.plusSeconds(3600)));
            assertThat(candles).containsExactlyInAnyOrderElementsOf(reference.candles());
        }
        assertThat(reference.lateTrades()).isEqualTo(1);
        assertThat(job.metrics().inputRecords()).isEqualTo(first.size() + second.size());
        // Trade 1004 is the newest received of those in a written row: how fresh the table is.
        assertThat(sink.writeCounts().newestReceivedWritten()).contains(t0.plusSeconds(500));
    }

    private static void createTopic(String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
    }

    private static void produce(String topic, List<Trade> trades) throws ExecutionException, InterruptedException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (Trade trade : trades) {
                producer.send(new ProducerRecord<>(topic, trade.market().key(), TradeJson.encode(trade))).get();
            }
        }
    }

    private List<Row> allRows(String table) {
        List<Row> rows = new ArrayList<>(session.execute("SELECT * FROM sink_test." + table).all());
        rows.sort((a, b) -> a.getFormattedContents().compareTo(b.getFormattedContents()));
        return rows;
    }

    private long count(String table) {
        return session.execute("SELECT count(*) FROM sink_test." + table).one().getLong(0);
    }

    private static Trade trade(Market market, TakerSide side, String price, String quantity, String id, Instant at) {
        return Trade.of(market, side, new BigDecimal(price), new BigDecimal(quantity), id, at, at);
    }

    private static DirectionWindow window(Instant start, Market market, TakerSide side, String price, long trades) {
        BigDecimal p = new BigDecimal(price);
        BigDecimal quantity = new BigDecimal("0.00000001").multiply(BigDecimal.valueOf(trades));
        BigDecimal volume = p.setScale(10, RoundingMode.DOWN).multiply(quantity);
        return new DirectionWindow(start, start.plusSeconds(60), market.exchange(), side, market.base(),
                market.quote(), p, quantity, volume, trades, p, p, p, p, p);
    }

    private static Candle candle(Instant start, Market market, String price) {
        BigDecimal p = new BigDecimal(price);
        return new Candle(market.exchange(), market.base(), market.quote(), start, start.plusSeconds(60), p, p, p, p,
                BigDecimal.ONE, p, 1, BigDecimal.ONE, BigDecimal.ZERO, p);
    }
}
