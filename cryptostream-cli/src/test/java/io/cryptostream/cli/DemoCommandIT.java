package io.cryptostream.cli;

import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo}, pointed by a HOCON file at the shared test servers, prints aggregates read back from Cassandra. */
class DemoCommandIT {

    @Test
    void printsAggregatesReadBackFromCassandra(@TempDir Path work) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        Path config = work.resolve("cryptostream.conf");
        Files.writeString(config, """
                cryptostream {
                  work-dir = "%s"
                  kafka { bootstrap-servers = "%s", topic = "demo-test-trades" }
                  cassandra { contact-point = "%s", keyspace = "demo_test" }
                  simulator.trades-per-second = 10
                  spark.trigger = 1s
                }
                """.formatted(work, servers.kafkaBootstrapServers(), servers.cassandraHostPort()));

        int dashboardPort = freePort();

        CommandOutput result = CommandOutput.run("demo", "--config", config.toString(), "--duration", "15s", "--show-every", "10s",
                "--dashboard-port", Integer.toString(dashboardPort));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Spark job reading topic demo-test-trades at " + servers.kafkaBootstrapServers())
                .contains("Final aggregates read back from Cassandra")
                .contains("Live candles while it runs: http://127.0.0.1:" + dashboardPort + "/")
                .containsPattern("Coinbase\\s+BTC-USD\\s+(BUY|SELL)\\s+\\d+")
                .containsPattern("Spark: \\d+ records in \\d+ batches, 0 late trades dropped");
        String finalTable = result.out().substring(result.out().indexOf("Final aggregates read back from Cassandra"));
        assertThat(finalTable).contains("window (UTC)", "vwap").doesNotContain("(none yet");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
