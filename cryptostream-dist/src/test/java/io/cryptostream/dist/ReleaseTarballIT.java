package io.cryptostream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tar.gz, unpacked into an empty directory and run the way a user without Maven runs it: through
 * {@code bin/cryptostream}, with only a Java runtime on the PATH and a HOME that holds no Maven repository.
 */
class ReleaseTarballIT {

    private static final String VERSION = System.getProperty("cryptostream.version");

    @TempDir
    static Path unpacked;

    @TempDir
    static Path emptyHome;

    private static Path release;
    private static Map<String, String> serverPorts;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("cryptostream.release"));
        assertThat(tarball).as("built by mvn -Pdist package").exists();
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        release = unpacked.resolve("cryptostream-" + VERSION);
        serverPorts = freeServerPorts();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (release != null) {
            run(List.of("servers", "stop"), 120);
        }
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        Result result = run(List.of("--version"), 60);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("cryptostream " + VERSION).contains("Java 17");
    }

    @Test
    void memoryModeAggregatesTheSimulatorsTrades() throws Exception {
        Result result = run(List.of("run", "--mode", "memory", "--source", "simulator", "--timeout", "20"), 180);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("mode memory, venue simulator")
                .contains("Batch 0:")
                .containsPattern("Coinbase\\s+BTC-USD\\s+(BUY|SELL)");
    }

    @Test
    void localServersRunOnTheJarsTheReleaseCarries() throws Exception {
        Result start = run(List.of("servers", "start"), 240);
        assertThat(start.exitCode()).as(start.output()).isZero();

        Result status = run(List.of("servers", "status"), 60);

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("127.0.0.1:" + serverPorts.get("CRYPTOSTREAM_KAFKA_PORT"))
                .contains("127.0.0.1:" + serverPorts.get("CRYPTOSTREAM_CASSANDRA_PORT"));
        assertThat(release.resolve("var")).exists();
    }

    @Test
    void aSparkClusterStartsOnTheReleasesJars() throws Exception {
        // Spark alone: LocalClusterPipelineIT covers the brokers and Cassandra nodes.
        List<String> ports = List.of("--no-data-cluster", "--master-port", Integer.toString(freePort()),
                "--master-ui-port", Integer.toString(freePort()));
        try {
            Result start = run(concat(List.of("cluster", "start"), ports), 240);
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(start.output()).contains("Ready in").contains("master spark://127.0.0.1:" + ports.get(2));

            Result status = run(concat(List.of("cluster", "status"), ports), 60);

            assertThat(status.output()).contains("master: running", "worker-1: running", "worker-2: running");
        } finally {
            Result stop = run(concat(List.of("cluster", "stop"), ports), 120);
            assertThat(stop.exitCode()).as(stop.output()).isZero();
        }
    }

    private static List<String> concat(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private record Result(int exitCode, String output) {
    }

    /** bin/cryptostream ARGS with only java's folder and the system's on the PATH and an empty HOME. */
    private static Result run(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(release.resolve("bin/cryptostream").toString()));
        command.addAll(args);
        Path log = Files.createTempFile(emptyHome.getParent(), "release-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(unpacked.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        environment.put("HOME", emptyHome.toString());
        // The other sessions' local servers keep the default ports: these ones take free ports.
        environment.putAll(serverPorts);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("bin/cryptostream " + String.join(" ", args) + " did not finish within "
                    + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static Map<String, String> freeServerPorts() {
        Map<String, String> ports = new LinkedHashMap<>();
        for (String variable : List.of("CRYPTOSTREAM_KAFKA_PORT", "CRYPTOSTREAM_KAFKA_CONTROLLER_PORT",
                "CRYPTOSTREAM_CASSANDRA_PORT", "CRYPTOSTREAM_CASSANDRA_STORAGE_PORT", "CRYPTOSTREAM_CASSANDRA_JMX_PORT")) {
            ports.put(variable, Integer.toString(freePort()));
        }
        return ports;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
