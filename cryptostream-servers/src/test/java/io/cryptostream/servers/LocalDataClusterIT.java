package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three KRaft brokers and a three-node Cassandra ring started as {@code cluster start} starts them: a topic created
 * with the brokers' defaults is replicated three ways with two replicas required in sync, a keyspace with
 * NetworkTopologyStrategy 3 takes writes and reads at LOCAL_QUORUM, and both keep taking writes after one broker and
 * one node are killed outright. The members live only as long as this JVM (they stop themselves if it is killed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalDataClusterIT {

    private static final String TOPIC = "trades";
    private static final String KEYSPACE = "cluster_check";
    private static final int RECORDS = 100;
    /**
     * Longer than Cassandra's own read timeouts (5 s, 10 s for a scan), which a read waiting on a dead node meets,
     * and than a schema change agreed by three nodes on a busy machine.
     */
    private static final Duration CQL_TIMEOUT = Duration.ofSeconds(30);

    private static LocalDataCluster cluster;

    @BeforeAll
    static void startCluster() {
        List<Integer> ports = LoopbackPorts.free(4);
        Path workDir = Path.of("target", "local-data-cluster-" + Long.toHexString(System.nanoTime()));
        cluster = new LocalDataCluster(LocalDataCluster.Settings.defaults(workDir, ServerLifetime.UNTIL_JVM_EXIT)
                .withPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3)));
        long started = System.nanoTime();
        cluster.start();
        System.out.printf("Local data cluster ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        for (LocalDataCluster.Member member : cluster.status()) {
            System.out.printf("%s at %s: RSS %d MiB%n", member.name(), member.address(),
                    ProcessMemory.rssBytes(member.pid().orElseThrow()).orElse(0) >> 20);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            assertThat(cluster.status()).noneMatch(LocalDataCluster.Member::running);
        }
    }

    @Test
    @Order(1)
    void startsEveryBrokerAndNode() {
        assertThat(cluster.status()).extracting(LocalDataCluster.Member::name)
                .containsExactly("kafka-1", "kafka-2", "kafka-3", "cassandra-1", "cassandra-2", "cassandra-3");
        assertThat(cluster.status()).allMatch(LocalDataCluster.Member::running);
        assertThat(cluster.status()).extracting(LocalDataCluster.Member::address)
                .filteredOn(address -> address.startsWith("127.0.0.3:")).hasSize(1);
    }

    @Test
    @Order(2)
    void replicatesATopicCreatedWithBrokerDefaultsToEveryBrokerWithTwoInSyncRequired() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty()))).all()
                    .get(60, TimeUnit.SECONDS);
            TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(TOPIC);
            assertThat(topic.partitions()).hasSize(4).allSatisfy(partition -> {
                assertThat(partition.replicas()).hasSize(3);
                assertThat(partition.isr()).hasSize(3);
            });
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        }
        assertThat(produce("before")).isEqualTo(RECORDS);
    }

    @Test
    @Order(3)
    void replicatesAKeyspaceToEveryNodeAndWritesAndReadsAtLocalQuorum() {
        try (CqlSession session = session()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".checks (id int PRIMARY KEY, phase text)");
            Row replication = session.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    KEYSPACE).one();
            assertThat(replication.getMap("replication", String.class, String.class))
                    .containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy")
                    .containsEntry("datacenter1", "3");
            writeAtLocalQuorum(session, 0, "before");
            assertThat(readAtLocalQuorum(session)).containsEntry(0, "before").hasSize(RECORDS);
        }
    }

    @Test
    @Order(4)
    void keepsTakingWritesAfterOneBrokerAndOneNodeAreKilled() throws Exception {
        cluster.kill("kafka-2");
        cluster.kill("cassandra-3");
        assertThat(cluster.status()).filteredOn(member -> !member.running())
                .extracting(LocalDataCluster.Member::name).containsExactlyInAnyOrder("kafka-2", "cassandra-3");

        assertThat(produce("after")).isEqualTo(RECORDS);
        try (CqlSession session = session()) {
            writeAtLocalQuorum(session, RECORDS, "after");
            // A read may still be sent to the killed node until the others' failure detector convicts it.
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() ->
                    assertThat(readAtLocalQuorum(session)).hasSize(2 * RECORDS).containsEntry(RECORDS - 1, "before")
                            .containsEntry(2 * RECORDS - 1, "after"));
        }
    }

    /** Sends {@link #RECORDS} records with {@code acks=all}; returns how many were acknowledged. */
    private static int produce(String phase) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord<>(TOPIC, phase + "-" + i, phase)));
            }
            int acknowledged = 0;
            for (Future<RecordMetadata> send : sends) {
                send.get(120, TimeUnit.SECONDS);
                acknowledged++;
            }
            return acknowledged;
        }
    }

    private static void writeAtLocalQuorum(CqlSession session, int firstId, String phase) {
        for (int id = firstId; id < firstId + RECORDS; id++) {
            session.execute(SimpleStatement.newInstance("INSERT INTO " + KEYSPACE + ".checks (id, phase) VALUES (?, ?)",
                            id, phase)
                    .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true));
        }
    }

    private static Map<Integer, String> readAtLocalQuorum(CqlSession session) {
        Map<Integer, String> rows = new HashMap<>();
        session.execute(SimpleStatement.newInstance("SELECT id, phase FROM " + KEYSPACE + ".checks")
                        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true))
                .forEach(row -> rows.put(row.getInt("id"), row.getString("phase")));
        return rows;
    }

    private static CqlSession session() {
        return CqlSession.builder().addContactPoints(cluster.cassandraContactPoints())
                .withLocalDatacenter(cluster.cassandraDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, CQL_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, CQL_TIMEOUT)
                        .build())
                .build();
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis());
        return Admin.create(config);
    }
}
