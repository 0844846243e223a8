package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkStandaloneClusterTest {

    @TempDir
    Path workDir;

    private SparkStandaloneCluster cluster() {
        return new SparkStandaloneCluster(new SparkStandaloneCluster.Settings(workDir, 17077, 17080, 2, 1, "1g",
                "-Xmx256m", List.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), ServerLifetime.DETACHED));
    }

    @Test
    void aClusterNeverStartedHasEveryMemberStopped() {
        assertThat(cluster().status()).containsExactly(
                new SparkStandaloneCluster.Member("master", OptionalLong.empty()),
                new SparkStandaloneCluster.Member("worker-1", OptionalLong.empty()),
                new SparkStandaloneCluster.Member("worker-2", OptionalLong.empty()));
    }

    @Test
    void aRecordedPidRunsOnlyIfItsProcessStartedWhenRecorded() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseThrow();
        record(new String[] {"master", Long.toString(self.pid()), started.toString()},
                new String[] {"worker-1", Long.toString(self.pid()), started.minus(Duration.ofHours(1)).toString()});

        assertThat(cluster().status()).extracting(SparkStandaloneCluster.Member::running)
                .as("master: this JVM; worker-1: the same pid, but another process's start time")
                .containsExactly(true, false, false);
    }

    @Test
    void stoppingAClusterThatDoesNotRunStopsNothingAndForgetsIt() throws IOException {
        record(new String[] {"master", "999999999", Instant.now().toString()});

        assertThat(cluster().stop()).isEmpty();
        assertThat(workDir.resolve("spark-cluster/cluster.state")).doesNotExist();
    }

    @Test
    void theMasterIsOnLoopback() {
        assertThat(cluster().masterUrl()).isEqualTo("spark://127.0.0.1:17077");
        assertThat(cluster().masterUi()).isEqualTo("http://127.0.0.1:17080");
    }

    private void record(String[]... members) throws IOException {
        Properties state = new Properties();
        for (String[] member : members) {
            state.setProperty(member[0] + ".pid", member[1]);
            state.setProperty(member[0] + ".started", member[2]);
        }
        Path file = Files.createDirectories(workDir.resolve("spark-cluster")).resolve("cluster.state");
        try (Writer out = Files.newBufferedWriter(file)) {
            state.store(out, null);
        }
    }
}
