package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedServersTest {

    /** Schema changes wait for agreement and take over a second here; the driver's default limit is 2 s. */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    private final ServerEndpoints servers = TestServers.shared().endpoints();

    @Test
    void aRecordProducedToKafkaIsConsumedBack() throws Exception {
        String topic = "servers-test-" + UUID.randomUUID();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "BTC-USD", "{\"price\":\"42000.5\"}")).get();
        }

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received = record;
                }
            }
            assertThat(received).as("record consumed from %s", topic).isNotNull();
            assertThat(received.key()).isEqualTo("BTC-USD");
            assertThat(received.value()).isEqualTo("{\"price\":\"42000.5\"}");
        }
    }

    @Test
    void aRowWrittenToCassandraIsReadBack() {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(servers.cassandraContactPoint())
                .withLocalDatacenter(servers.cassandraDatacenter())
                .build()) {
            session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS servers_test WITH replication"
                    + " = {'class': 'SimpleStrategy', 'replication_factor': 1}").setTimeout(DDL_TIMEOUT));
            session.execute(SimpleStatement.newInstance(
                    "CREATE TABLE IF NOT EXISTS servers_test.prices (market text PRIMARY KEY, price decimal)")
                    .setTimeout(DDL_TIMEOUT));
            session.execute("INSERT INTO servers_test.prices (market, price) VALUES ('BTC-USD', 42000.5)");

            Row row = session.execute("SELECT price FROM servers_test.prices WHERE market = 'BTC-USD'").one();

            assertThat(row).isNotNull();
            assertThat(row.getBigDecimal("price")).isEqualByComparingTo("42000.5");
        }
    }

    @Test
    void statusSeesBothServersRunningOnTheirPorts() {
        List<ServerStatus> statuses = TestServers.shared().localServers().status();

        assertThat(statuses).extracting(ServerStatus::server)
                .containsExactly(ServerKind.KAFKA, ServerKind.CASSANDRA);
        assertThat(statuses).allSatisfy(status -> {
            assertThat(status.state()).isEqualTo(ServerStatus.State.RUNNING);
            assertThat(ProcessHandle.of(status.pid().orElseThrow())).hasValueSatisfying(
                    process -> assertThat(process.isAlive()).isTrue());
            assertThat(status.logFile()).exists();
        });
        assertThat(statuses.get(0).endpoint()).isEqualTo(servers.kafkaBootstrapServers());
        assertThat(statuses.get(1).endpoint()).isEqualTo(servers.cassandraHostPort());
    }

    @Test
    void anotherInstanceOnTheSameWorkDirFindsAndReusesTheRunningServers() {
        LocalServers shared = TestServers.shared().localServers();
        // As `cryptostream servers status|start` would in a later process: only the work dir is shared.
        LocalServers later = new LocalServers(shared.settings().withLifetime(ServerLifetime.DETACHED));
        Map<ServerKind, OptionalLong> pidsBefore = pids(shared.status());

        assertThat(pids(later.status())).isEqualTo(pidsBefore);
        assertThat(later.start()).isEqualTo(servers);
        assertThat(pids(shared.status())).isEqualTo(pidsBefore);
    }

    private static Map<ServerKind, OptionalLong> pids(List<ServerStatus> statuses) {
        return Map.of(statuses.get(0).server(), statuses.get(0).pid(), statuses.get(1).server(), statuses.get(1).pid());
    }
}
