package io.cryptostream.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSessionsTest {

    @Test
    void aClosedPortGivesAMessageSayingWhatToDo() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = probe.getLocalPort();
        }
        CassandraSettings settings = CassandraSettings.defaults().withContactPoint("127.0.0.1", closedPort);

        assertThatThrownBy(() -> CassandraSessions.open(settings))
                .isInstanceOf(CassandraUnavailableException.class)
                .hasMessage("Cassandra at 127.0.0.1:" + closedPort + " refused the connection: is it running?"
                        + " Start local servers with ./cryptostream servers start");
    }
}
