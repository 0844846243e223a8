package io.cryptostream.cli;

import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.servers.ServerSettings;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.store.CassandraSettings;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reference.conf states the command line's defaults; the libraries' {@code defaults()} state the same values for
 * tests and the bench, which do not read settings. Until one reads the other, these checks keep them equal.
 */
class SettingsDefaultsTest {

    private final CryptostreamConfig config = CryptostreamConfig.load(null, Map.of());

    @Test
    void theSparkJobsDefaultsAreTheLibrarysDefaults() {
        JobSettings fromSettings = new TradePipeline(config, new PrintStream(OutputStream.nullOutputStream()))
                .jobSettings(TradePipeline.KAFKA);
        JobSettings library = JobSettings.defaults();

        assertThat(fromSettings.master()).isEqualTo(library.master());
        assertThat(fromSettings.window()).isEqualTo(library.window());
        assertThat(fromSettings.watermark()).isEqualTo(library.watermark());
        assertThat(fromSettings.triggerInterval()).isEqualTo(library.triggerInterval());
        assertThat(fromSettings.shufflePartitions()).isEqualTo(library.shufflePartitions());
        assertThat(fromSettings.maxEventTimeAhead()).isEqualTo(library.maxEventTimeAhead());
    }

    @Test
    void theTopicsAndTheKafkaSourcesDefaultsAreTheLibrarysDefaults() {
        KafkaSourceSettings library = KafkaSourceSettings.defaults();

        assertThat(config.string("kafka.topic")).isEqualTo(library.topic()).isEqualTo(KafkaSinkSettings.DEFAULT_TOPIC);
        assertThat(config.string("kafka.orders-topic")).isEqualTo(KafkaSinkSettings.DEFAULT_ORDERS_TOPIC);
        assertThat(config.string("kafka.starting-offsets")).isEqualTo(library.startingOffsets());
        assertThat(config.integer("kafka.max-offsets-per-trigger")).isEqualTo(library.maxOffsetsPerTrigger());
        assertThat("127.0.0.1:" + config.integer("servers.kafka-port"))
                .isEqualTo(library.bootstrapServers()).isEqualTo(KafkaSinkSettings.DEFAULT_BOOTSTRAP_SERVERS);
    }

    @Test
    void theCassandraDefaultsAreTheLibrarysDefaults() {
        CassandraSettings library = CassandraSettings.defaults();
        CassandraSettings fromSettings = Endpoints.cassandraSettings(config,
                library.host() + ":" + config.integer("servers.cassandra-port"));

        assertThat(fromSettings.port()).isEqualTo(library.port());
        assertThat(fromSettings.localDatacenter()).isEqualTo(library.localDatacenter());
        assertThat(fromSettings.keyspace()).isEqualTo(library.keyspace());
        assertThat(fromSettings.replication()).isEqualTo(library.replication());
        assertThat(fromSettings.consistency()).isEqualTo(library.consistency());
    }

    @Test
    void theLocalServersPortsAreTheServersModulesDefaults() {
        ServerSettings fromSettings = Endpoints.serverSettings(config);
        ServerSettings library = ServerSettings.defaults();

        assertThat(fromSettings.kafkaPort()).isEqualTo(library.kafkaPort());
        assertThat(fromSettings.kafkaControllerPort()).isEqualTo(library.kafkaControllerPort());
        assertThat(fromSettings.cassandraPort()).isEqualTo(library.cassandraPort());
        assertThat(fromSettings.cassandraStoragePort()).isEqualTo(library.cassandraStoragePort());
        assertThat(fromSettings.cassandraJmxPort()).isEqualTo(library.cassandraJmxPort());
    }
}
