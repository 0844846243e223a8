package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stops stand-in processes recorded in a state file, as a later {@code servers stop} would; no real servers. */
class StopTest {

    @TempDir
    Path workDir;

    private Process standIn;

    @AfterEach
    void killStandIn() {
        if (standIn != null) {
            standIn.destroyForcibly();
        }
    }

    @Test
    void stopTerminatesARecordedProcessAndForgetsIt() throws Exception {
        standIn = new ProcessBuilder("sleep", "60").start();
        LocalServers servers = recordAsKafka(standIn, Duration.ofSeconds(10));

        List<ServerStatus> stopped = servers.stop();

        assertThat(stopped).singleElement().satisfies(status -> {
            assertThat(status.server()).isEqualTo(ServerKind.KAFKA);
            assertThat(status.pid()).hasValue(standIn.pid());
        });
        assertThat(standIn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(workDir.resolve("servers.state")).doesNotExist();
        assertThat(servers.status()).allSatisfy(status ->
                assertThat(status.state()).isEqualTo(ServerStatus.State.STOPPED));
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        // An ignored signal stays ignored across exec, so this sleep ignores SIGTERM.
        standIn = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60").start();
        LocalServers servers = recordAsKafka(standIn, Duration.ofSeconds(1));
        Thread.sleep(200);

        long begin = System.nanoTime();
        servers.stop();

        assertThat(standIn.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRecordedProcessThatIsGoneIsForgottenWithoutStoppingAnything() throws Exception {
        standIn = new ProcessBuilder("true").start();
        standIn.waitFor();
        LocalServers servers = recordAsKafka(standIn, Duration.ofSeconds(1));

        assertThat(servers.stop()).isEmpty();
        assertThat(workDir.resolve("servers.state")).doesNotExist();
    }

    private LocalServers recordAsKafka(Process process, Duration stopTimeout) {
        ServerSettings settings = ServerSettings.defaults().withWorkDir(workDir).withStopTimeout(stopTimeout);
        new ServerStateFile(workDir.resolve("servers.state"))
                .put(ServerStateFile.Entry.of(ServerKind.KAFKA, process.toHandle(), settings.ports(ServerKind.KAFKA)));
        return new LocalServers(settings);
    }
}
