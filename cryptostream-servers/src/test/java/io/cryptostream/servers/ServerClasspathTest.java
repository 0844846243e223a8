package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerClasspathTest {

    @TempDir
    Path releaseJars;

    @Test
    void inTheReleaseAServerRunsOnTheJarsOfItsOwnFolder() throws IOException {
        Path kafka = Files.createDirectories(releaseJars.resolve("kafka"));
        Files.createFile(kafka.resolve("kafka_2.13-4.1.1.jar"));
        Files.createFile(kafka.resolve("kafka-clients-4.1.1.jar"));
        Files.createFile(kafka.resolve("NOTICE.txt"));
        Files.createFile(Files.createDirectories(releaseJars.resolve("cassandra")).resolve("cassandra-all-5.0.9.jar"));

        ServerClasspath classpath = ServerClasspath.inRelease(ServerKind.KAFKA, releaseJars);

        assertThat(classpath.entries()).containsExactly(kafka.resolve("kafka-clients-4.1.1.jar"),
                kafka.resolve("kafka_2.13-4.1.1.jar"));
    }

    @Test
    void aReleaseWithoutAServersJarsSaysToUnpackItAgain() {
        assertThatThrownBy(() -> ServerClasspath.inRelease(ServerKind.CASSANDRA, releaseJars))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("no Cassandra server jars in " + releaseJars.resolve("cassandra"))
                .hasMessageContaining("unpack the whole cryptostream tar.gz again");
    }
}
