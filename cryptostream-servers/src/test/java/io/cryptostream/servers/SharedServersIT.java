package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SharedServersIT {

    /** Schema changes wait for agreement and take over a second here; the driver's default limit is 2 s. */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    private final ServerEndpoints servers = TestServers.shared().endpoints();

    @Test
    void aRecordProducedToKafkaIsConsumedBack() {
        KafkaTopics topics = KafkaTopics.on(servers);
        String topic = topics.createUnique("servers-test-", 1);

        topics.produce(List.of(new ProducerRecord<>(topic, "BTC-USD", "{\"price\":\"42000.5\"}")));

        List<ConsumerRecord<String, String>> received = topics.readAll(topic, 1, Duration.ofSeconds(30));
        assertThat(received).as("records consumed from %s", topic).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("BTC-USD");
            assertThat(record.value()).isEqualTo("{\"price\":\"42000.5\"}");
        });
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
