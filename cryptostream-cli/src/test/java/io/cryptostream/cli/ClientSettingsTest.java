package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cryptostream.ingest.KafkaSinkSettings;
import org.apache.kafka.clients.admin.NewTopic;
import io.cryptostream.store.CassandraSecurity;
import io.cryptostream.store.CassandraSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings of the Kafka and Cassandra clients the config gives: SASL/TLS, credentials, the spool. */
class ClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"ingest\" password=\"hunter2\";";

    @Test
    void kafkaPropertiesFromTheFileAndTheBlockReachTheProducerAndTheSparkSource(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("kafka.properties");
        Files.writeString(properties, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=" + JAAS + "\n");
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.kafka.properties { \"sasl.mechanism\" = PLAIN, "
                + "\"client.dns.lookup\" = use_all_dns_ips }");
        Map<String, Object> flags = new HashMap<>();
        flags.put("kafka.properties-file", properties.toString());
        CryptostreamConfig config = CryptostreamConfig.load(file, flags);

        Map<String, String> client = KafkaClientProperties.of(config);
        assertThat(client).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("sasl.jaas.config", JAAS);

        KafkaSinkSettings sink = TradePipeline.kafkaSink(config, "broker:9092", "trades");
        assertThat(sink.extraProperties()).isEqualTo(client);
        assertThat(sink.toString()).contains("SASL_PLAINTEXT").doesNotContain("hunter2");
    }

    @Test
    void severalCassandraContactPointsOnOnePortReachTheDriverAndTheConnector() {
        CassandraSettings cassandra = Endpoints.cassandraSettings(CryptostreamConfig.load(null, Map.of()),
                "127.0.0.1:39042, 127.0.0.2:39042,127.0.0.3:39042");
        assertThat(cassandra.contactHosts()).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
        assertThat(cassandra.port()).isEqualTo(39042);

        assertThatThrownBy(() -> Endpoints.cassandraSettings(CryptostreamConfig.load(null, Map.of()),
                "127.0.0.1:39042,127.0.0.2:9042"))
                .hasMessageContaining("cassandra.contact-point").hasMessageContaining("same port");
    }

    @Test
    void cassandraConsistencyIsLocalQuorumUnlessConfigured() {
        assertThat(Endpoints.cassandraSettings(CryptostreamConfig.load(null, Map.of()), "db").consistency())
                .isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
        assertThat(Endpoints.cassandraSettings(CryptostreamConfig.load(null, Map.of("cassandra.consistency", "one")),
                "db").consistency()).isEqualTo(DefaultConsistencyLevel.ONE);
        assertThatThrownBy(() -> Endpoints.cassandraSettings(
                CryptostreamConfig.load(null, Map.of("cassandra.consistency", "MOST")), "db"))
                .hasMessageContaining("cassandra.consistency").hasMessageContaining("LOCAL_QUORUM");
    }

    @Test
    void topicsTakeTheBrokersPartitionsAndReplicationUnlessConfigured() {
        NewTopic byDefault = TopicLayout.of(CryptostreamConfig.load(null, Map.of())).newTopic("trades");
        assertThat(byDefault.numPartitions()).isEqualTo(-1);
        assertThat(byDefault.replicationFactor()).isEqualTo((short) -1);

        NewTopic configured = TopicLayout.of(CryptostreamConfig.load(null,
                Map.of("kafka.topic-partitions", 6, "kafka.topic-replication", 3))).newTopic("trades");
        assertThat(configured.numPartitions()).isEqualTo(6);
        assertThat(configured.replicationFactor()).isEqualTo((short) 3);

        assertThatThrownBy(() -> TopicLayout.of(CryptostreamConfig.load(null, Map.of("kafka.topic-partitions", -1))))
                .hasMessageContaining("kafka.topic-partitions");
    }

    @Test
    void noKafkaPropertiesByDefault() {
        assertThat(KafkaClientProperties.of(CryptostreamConfig.load(null, Map.of()))).isEmpty();
    }

    @Test
    void theSpoolIsUnderTheWorkDirUnlessConfigured(@TempDir Path dir) {
        Map<String, Object> flags = new HashMap<>();
        flags.put("work-dir", dir.toString());
        KafkaSinkSettings byDefault = TradePipeline.kafkaSink(CryptostreamConfig.load(null, flags), "b:9092", "trades");
        assertThat(byDefault.spoolFile()).isEqualTo(dir.resolve("spool").resolve("trades.spool"));
        assertThat(byDefault.spoolMaxBytes()).isEqualTo(1024L * 1024 * 1024);

        flags.put("ingest.spool.dir", dir.resolve("elsewhere").toString());
        flags.put("ingest.spool.max-bytes", "512MiB");
        KafkaSinkSettings configured = TradePipeline.kafkaSink(CryptostreamConfig.load(null, flags), "b:9092", "orders");
        assertThat(configured.spoolFile()).isEqualTo(dir.resolve("elsewhere").resolve("orders.spool"));
        assertThat(configured.spoolMaxBytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void cassandraCredentialsComeFromTheConfigAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.cassandra { username = ingest, tls.truststore = \"/etc/ts.p12\" }");
        CryptostreamConfig config = CryptostreamConfig.load(file, Map.of());

        CassandraSecurity security = Endpoints.cassandraSecurity(config, Map.of(
                "CASSANDRA_PASSWORD", "hunter2", "CASSANDRA_TRUSTSTORE_PASSWORD", "changeit"));

        assertThat(security.username()).contains("ingest");
        assertThat(security.password()).contains("hunter2");
        assertThat(security.truststore()).contains(Path.of("/etc/ts.p12"));
        assertThat(security.truststorePassword()).contains("changeit");
        assertThat(CassandraSettings.defaults().withSecurity(security).toString())
                .doesNotContain("hunter2").doesNotContain("changeit");
    }

    @Test
    void aCassandraPasswordFileIsReadWhenTheEnvironmentHasNone(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("cassandra.password");
        Files.writeString(secret, "from-file\n");
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.cassandra { username = ingest, password-file = \"" + secret + "\" }");

        CassandraSecurity security = Endpoints.cassandraSecurity(CryptostreamConfig.load(file, Map.of()), Map.of());

        assertThat(security.password()).contains("from-file");
        assertThat(security.truststore()).isEmpty();
    }

    @Test
    void aCassandraUserWithoutAPasswordNamesTheVariable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.cassandra.username = ingest");
        CryptostreamConfig config = CryptostreamConfig.load(file, Map.of());

        assertThatThrownBy(() -> Endpoints.cassandraSecurity(config, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CASSANDRA_PASSWORD");
    }

    @Test
    void withoutAUserNoCassandraSecretIsRead() {
        assertThat(Endpoints.cassandraSecurity(CryptostreamConfig.load(null, Map.of()),
                Map.of("CASSANDRA_PASSWORD", "unused"))).isEqualTo(CassandraSecurity.none());
    }
}
