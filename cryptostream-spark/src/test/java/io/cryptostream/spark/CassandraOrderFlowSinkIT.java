package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.OrderFlowQueries;
import io.cryptostream.store.OrderFlowWindow;
import io.cryptostream.store.StoreSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.cryptostream.domain.OrderAction.CHANGED;
import static io.cryptostream.domain.OrderAction.CREATED;
import static io.cryptostream.domain.OrderAction.DELETED;
import static io.cryptostream.domain.OrderSide.BUY;
import static io.cryptostream.domain.OrderSide.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** The order-flow job against the real shared test Kafka and Cassandra. */
class CassandraOrderFlowSinkIT {

    private static final Market BTC_USD = new Market("Bitstamp", "BTC", "USD");
    private static final Market ETH_USD = new Market("Bitstamp", "ETH", "USD");
    private static final Instant T0 = Instant.parse("2024-05-06T10:00:00Z");
    private static final String TOPIC = "e2e-orders";

    private static final ServerEndpoints SERVERS = TestServers.shared().endpoints();
    private static final CassandraSettings CASSANDRA = CassandraSettings.defaults()
            .withContactPoint(SERVERS.host(), SERVERS.cassandraPort())
            .withKeyspace("order_flow_e2e_test");

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(JobSettings.defaults().withCassandra(CASSANDRA));

    @Test
    void ordersFromKafkaEndUpInCassandraExactlyAndAReplayedBatchLeavesIdenticalRows(@TempDir Path checkpoint)
            throws Exception {
        KafkaTopics.on(SERVERS).create(2, TOPIC);
        // Each list is produced in event-time order, so however Spark splits it into batches only the event
        // meant to be late is behind the watermark.
        OrderEvent created = order(BTC_USD, BUY, CREATED, "101", "63000.01", "0.015", 45);
        OrderEvent ethDeleted = order(ETH_USD, BUY, DELETED, "201", "3100.1", "2", 70);
        List<OrderEvent> first = List.of(
                created,
                order(BTC_USD, SELL, CREATED, "102", "63010.5", "0.25", 47),
                order(ETH_USD, BUY, CREATED, "201", "3100.1", "2", 50),
                order(BTC_USD, BUY, CHANGED, "101", "63000.01", "0.01", 55),
                created,
                order(BTC_USD, BUY, DELETED, "101", "63000.01", "0.01", 62),
                ethDeleted);
        List<OrderEvent> second = List.of(
                // The watermark is now 10:00:40.
                order(BTC_USD, SELL, CREATED, "103", "62000", "9", 5),
                order(BTC_USD, SELL, DELETED, "102", "63010.5", "0.25", 66),
                ethDeleted,
                order(BTC_USD, BUY, CREATED, "104", "63100", "1", 500));
        Duration watermark = Duration.ofSeconds(30);
        ReferenceOrderFlow reference = new ReferenceOrderFlow(Duration.ofMinutes(1), watermark);
        reference.addBatch(first);
        reference.addBatch(second);
        JobSettings tradeSettings = JobSettings.defaults()
                .withCassandra(CASSANDRA)
                .withWindow(Duration.ofMinutes(1), watermark)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(SERVERS.kafkaBootstrapServers(), "trades"))
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());
        JobSettings settings = OrderFlowJob.settingsNextTo(tradeSettings, TOPIC);
        List<Long> writtenBatches = Collections.synchronizedList(new ArrayList<>());
        CassandraOrderFlowSink cassandraSink = CassandraOrderFlowSink.open(CASSANDRA);
        OrderFlowSink sink = batch -> {
            cassandraSink.write(batch);
            writtenBatches.add(batch.batchId());
        };

        OrderFlowJob job = OrderFlowJob.start(SPARK.session(), settings, new KafkaOrderSource(settings.kafka()), sink);
        try {
            produce(first);
            job.processAllAvailable();
            produce(second);
            job.processAllAvailable();
        } finally {
            job.stop();
        }

        assertThat(reference.lateEvents()).isEqualTo(1);
        assertThat(job.metrics().inputRecords()).isEqualTo(first.size() + second.size());
        assertThat(storedOrderFlow()).containsExactlyInAnyOrderElementsOf(reference.rows());
        OrderFlowWindow btcBuy = reference.row("Bitstamp", "BTC", "USD", BUY, T0);
        assertThat(List.of(btcBuy.created(), btcBuy.changed(), btcBuy.deleted())).containsExactly(1L, 1L, 0L);
        assertThat(btcBuy.createdNotional()).isEqualByComparingTo("945.00015");
        List<String> rowsBeforeReplay = allRows();

        // As if the driver died after the last write but before Spark recorded the batch as committed: the
        // restarted query runs that batch again from the same offsets and state, and writes it again.
        long lastWritten = writtenBatches.get(writtenBatches.size() - 1);
        forgetBatchesFrom(Path.of(settings.checkpointDir()), lastWritten);
        OrderFlowJob restarted = OrderFlowJob.start(SPARK.session(), settings, new KafkaOrderSource(settings.kafka()),
                sink);
        try {
            restarted.processAllAvailable();
        } finally {
            restarted.stop();
        }

        assertThat(writtenBatches).filteredOn(id -> id == lastWritten).hasSize(2);
        assertThat(allRows()).isEqualTo(rowsBeforeReplay);
    }

    /** Removes the commit of {@code batchId} and everything Spark logged after it. */
    private static void forgetBatchesFrom(Path checkpoint, long batchId) throws IOException {
        for (String log : List.of("commits", "offsets")) {
            try (var files = Files.list(checkpoint.resolve(log))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString().replaceAll("^\\.|\\.crc$", "");
                    long id = Long.parseLong(name);
                    if (id > batchId || (id == batchId && log.equals("commits"))) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    private static List<OrderFlowWindow> storedOrderFlow() {
        try (CqlSession session = CassandraSessions.open(CASSANDRA)) {
            OrderFlowQueries queries = new OrderFlowQueries(session, CASSANDRA);
            List<OrderFlowWindow> rows = new ArrayList<>();
            for (Market market : List.of(BTC_USD, ETH_USD)) {
                rows.addAll(queries.orderFlow(market, T0, T0.plus(Duration.ofHours(1))));
            }
            return rows;
        }
    }

    private static List<String> allRows() {
        try (CqlSession session = CassandraSessions.open(CASSANDRA)) {
            return session.execute("SELECT * FROM " + CASSANDRA.keyspace() + "." + StoreSchema.ORDER_FLOW_TABLE)
                    .all().stream().map(Row::getFormattedContents).sorted().toList();
        }
    }

    private static void produce(List<OrderEvent> orders) {
        KafkaTopics.on(SERVERS).produce(orders.stream()
                .map(order -> new ProducerRecord<>(TOPIC, order.market().key(), OrderJson.encode(order))).toList());
    }

    private static OrderEvent order(Market market, OrderSide side, OrderAction action, String id, String price,
                                    String amount, int secondsAfterT0) {
        Instant time = T0.plusSeconds(secondsAfterT0);
        return new OrderEvent(market.exchange(), market.base(), market.quote(), side, action, id,
                new BigDecimal(price), new BigDecimal(amount), time, time.plusMillis(25));
    }
}
