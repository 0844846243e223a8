package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The local servers run for hours next to secrets of the shell that started them: they must not inherit them. The
 * failsafe configuration of this module sets {@code CRYPTOCOMPARE_API_KEY} and {@code CASSANDRA_PASSWORD} in this
 * test JVM's environment.
 */
class ServerEnvironmentIT {

    @Test
    void serversStartedWithSecretsInTheEnvironmentDoNotInheritThem() throws Exception {
        assertThat(System.getenv("CRYPTOCOMPARE_API_KEY")).as("set by failsafe for this test").isNotBlank();
        TestServers servers = TestServers.shared();
        var running = servers.localServers().status().stream()
                .filter(status -> status.pid().isPresent()).toList();
        assertThat(running).hasSize(ServerKind.values().length);
        for (ServerStatus server : running) {
            String environ = Files.readString(Path.of("/proc/" + server.pid().getAsLong() + "/environ"))
                    .replace('\0', '\n');
            assertThat(environ).as("environment of %s", server.server())
                    .contains("PATH=")
                    .doesNotContain("CRYPTOCOMPARE_API_KEY")
                    .doesNotContain("CASSANDRA_PASSWORD")
                    .doesNotContain(System.getenv("CRYPTOCOMPARE_API_KEY"));
        }
    }
}
