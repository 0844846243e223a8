package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void defaultsAreTheDocumentedPortsAndWorkDir() {
        ServerSettings defaults = ServerSettings.defaults();

        assertThat(defaults.workDir()).isEqualTo(Path.of("var").toAbsolutePath());
        assertThat(defaults.ports(ServerKind.KAFKA)).containsExactly(
                entry(ServerPort.KAFKA, 19092),
                entry(ServerPort.KAFKA_CONTROLLER, 19093));
        assertThat(defaults.ports(ServerKind.CASSANDRA)).containsExactly(
                entry(ServerPort.CASSANDRA_CQL, 19042),
                entry(ServerPort.CASSANDRA_STORAGE, 17000),
                entry(ServerPort.CASSANDRA_JMX, 17199));
        assertThat(defaults.lifetime()).isEqualTo(ServerLifetime.DETACHED);
        assertThat(defaults.cassandraPasswordAuthentication()).isFalse();
    }

    @Test
    void cassandraPasswordAuthenticationIsKeptThroughLaterChanges() {
        ServerSettings settings = ServerSettings.defaults().withCassandraPasswordAuthentication()
                .withWorkDir(Path.of("elsewhere")).withPort(ServerPort.CASSANDRA_CQL, 29042)
                .withLifetime(ServerLifetime.DISPOSABLE);

        assertThat(settings.cassandraPasswordAuthentication()).isTrue();
    }

    @Test
    void twoServerPortsWithTheSameNumberAreRejected() {
        assertThatThrownBy(() -> ServerSettings.defaults().withPort(ServerPort.CASSANDRA_CQL, 19092))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Kafka and Cassandra CQL ports are both 19092: each server port needs its own number");
    }

    @Test
    void aPortOutOfRangeNamesTheOptionToFixIt() {
        assertThatThrownBy(() -> ServerSettings.defaults().withPort(ServerPort.KAFKA, 70000))
                .hasMessageContaining("Kafka port must be between 1 and 65535, was 70000")
                .hasMessageContaining("--kafka-port / CRYPTOSTREAM_KAFKA_PORT");
    }
}
