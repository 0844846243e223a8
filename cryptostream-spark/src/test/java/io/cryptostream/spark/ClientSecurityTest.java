package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cryptostream.store.CassandraSecurity;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SASL/TLS settings reach Spark's Kafka source and the Cassandra connector, and never print. */
class ClientSecurityTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"job\" password=\"hunter2\";";

    @Test
    void kafkaClientPropertiesBecomeKafkaPrefixedSourceOptions() {
        KafkaSourceSettings source = KafkaSourceSettings.defaults().withClientProperties(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS));

        assertThat(source.readerOptions())
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "PLAIN")
                .containsEntry("kafka.sasl.jaas.config", JAAS)
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:19092")
                .containsEntry("subscribe", "trades");
        assertThat(source.toString()).contains("SASL_SSL").doesNotContain("hunter2");
    }

    @Test
    void theJobsOwnSourceOptionsWinOverPassedThroughOnes() {
        KafkaSourceSettings source = KafkaSourceSettings.defaults().withClientProperties(Map.of(
                "bootstrap.servers", "elsewhere:9092"));

        assertThat(source.readerOptions()).containsEntry("kafka.bootstrap.servers", "127.0.0.1:19092");
    }

    @Test
    void cassandraCredentialsAndTruststoreReachTheConnector() {
        CassandraSettings cassandra = CassandraSettings.defaults().withSecurity(new CassandraSecurity(
                Optional.of("job"), Optional.of("hunter2"), Optional.of(Path.of("/etc/ts.p12")), Optional.of("changeit")));

        assertThat(SparkSessionFactory.cassandraConf(cassandra))
                .containsEntry("spark.cassandra.auth.username", "job")
                .containsEntry("spark.cassandra.auth.password", "hunter2")
                .containsEntry("spark.cassandra.connection.ssl.enabled", "true")
                .containsEntry("spark.cassandra.connection.ssl.trustStore.path", "/etc/ts.p12")
                .containsEntry("spark.cassandra.connection.ssl.trustStore.password", "changeit");
        assertThat(cassandra.toString()).doesNotContain("hunter2").doesNotContain("changeit");
    }

    @Test
    void withoutSecurityTheConnectorGetsNoCredentialsAndNoTls() {
        assertThat(SparkSessionFactory.cassandraConf(CassandraSettings.defaults()).keySet())
                .containsExactly("spark.cassandra.connection.host", "spark.cassandra.connection.port",
                        "spark.cassandra.connection.localDC", "spark.cassandra.input.consistency.level",
                        "spark.cassandra.output.consistency.level", "spark.cassandra.connection.reconnectionDelayMS.max");
    }

    @Test
    void theConnectorGetsEveryContactPointAndTheConsistency() {
        CassandraSettings cluster = new CassandraSettings("127.0.0.1", 39042, "datacenter1", "cryptocompare",
                new Replication.NetworkTopologyStrategy(Map.of("datacenter1", 3)), CassandraSecurity.none(),
                List.of("127.0.0.2", "127.0.0.3"), DefaultConsistencyLevel.LOCAL_QUORUM);

        assertThat(SparkSessionFactory.cassandraConf(cluster))
                .containsEntry("spark.cassandra.connection.host", "127.0.0.1,127.0.0.2,127.0.0.3")
                .containsEntry("spark.cassandra.connection.port", "39042")
                .containsEntry("spark.cassandra.input.consistency.level", "LOCAL_QUORUM")
                .containsEntry("spark.cassandra.output.consistency.level", "LOCAL_QUORUM");
    }
}
