package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortInUseTest {

    @TempDir
    Path workDir;

    @Test
    void aPortHeldByAnotherProcessIsReportedBeforeAnythingIsLaunched() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(LocalServers.HOST, 0));
            int held = squatter.getLocalPort();
            // Every other port free, so servers a person already runs on the defaults never matter here.
            LocalServers servers = new LocalServers(ServerSettings.defaults()
                    .withWorkDir(workDir)
                    .withPort(ServerPort.KAFKA, freePort())
                    .withPort(ServerPort.KAFKA_CONTROLLER, freePort())
                    .withPort(ServerPort.CASSANDRA_STORAGE, freePort())
                    .withPort(ServerPort.CASSANDRA_JMX, freePort())
                    .withPort(ServerPort.CASSANDRA_CQL, held)
                    .withLifetime(ServerLifetime.UNTIL_JVM_EXIT));

            assertThatThrownBy(servers::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + held + " (Cassandra CQL) is already in use by another process: stop it,"
                            + " or choose other ports with --cassandra-port / CRYPTOSTREAM_CASSANDRA_PORT");
            assertThat(workDir.resolve("servers.state")).doesNotExist();
            assertThat(workDir.resolve("kafka")).doesNotExist();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LocalServers.HOST))) {
            return socket.getLocalPort();
        }
    }
}
