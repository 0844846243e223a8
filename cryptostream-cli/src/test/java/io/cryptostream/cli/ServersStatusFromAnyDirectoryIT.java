package io.cryptostream.cli;

import io.cryptostream.servers.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code servers status} run from another directory sees the servers of the project directory the launcher names,
 * or of {@code CRYPTOSTREAM_WORK_DIR}: the work dir does not follow the current directory.
 */
class ServersStatusFromAnyDirectoryIT {

    private static Path runningServers;

    @BeforeAll
    static void startServers() {
        runningServers = TestServers.shared().localServers().workDir().toAbsolutePath();
    }

    @Test
    void seesTheServersOfTheProjectDirectoryTheLauncherNames(@TempDir Path dir) throws Exception {
        Path project = projectWithTheRunningServers(dir);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        String status = serversStatus(elsewhere, List.of("-D" + CryptostreamConfig.HOME_PROPERTY + "=" + project), null, dir);

        assertThat(status).contains("Kafka: running", "Cassandra: running");
        assertThat(Files.exists(elsewhere.resolve("var"))).as("nothing made in the current directory").isFalse();
    }

    @Test
    void seesTheServersOfCryptostreamWorkDir(@TempDir Path dir) throws Exception {
        Path project = projectWithTheRunningServers(dir);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        String status = serversStatus(elsewhere, List.of(), project.resolve("var").toString(), dir);

        assertThat(status).contains("Kafka: running", "Cassandra: running");
    }

    @Test
    void withoutEitherTheCurrentDirectoryIsTheProjectDirectory(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        String status = serversStatus(elsewhere, List.of(), null, dir);

        assertThat(status).contains("Kafka: not running", "Cassandra: not running");
    }

    /** A project directory whose var/servers is the running test servers' work dir. */
    private static Path projectWithTheRunningServers(Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createSymbolicLink(Files.createDirectories(project.resolve("var")).resolve("servers"), runningServers);
        return project;
    }

    private static String serversStatus(Path directory, List<String> properties, String workDirVariable, Path dir)
            throws Exception {
        Path log = dir.resolve("status.log");
        ProcessBuilder builder = CommandProcess.processBuilder(properties, List.of("servers", "status"), log).directory(directory.toFile());
        builder.environment().remove("CRYPTOSTREAM_WORK_DIR");
        if (workDirVariable != null) {
            builder.environment().put("CRYPTOSTREAM_WORK_DIR", workDirVariable);
        }
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("servers status ended").isTrue();
        String output = CommandProcess.read(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
