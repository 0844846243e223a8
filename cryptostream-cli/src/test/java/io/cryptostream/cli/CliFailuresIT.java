package io.cryptostream.cli;

import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Each failure a person can meet at start ends in one line naming the component, the address and the fix. */
class CliFailuresIT {

    private static ServerEndpoints servers;

    @BeforeAll
    static void startServers() {
        servers = TestServers.shared().endpoints();
    }

    @Test
    void aCheckpointPathThatIsAFileEndsInOneLineNamingTheFlag(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("checkpoint"), "not a directory");

        CommandOutput result = aggregate(servers.kafkaBootstrapServers(), servers.cassandraHostPort(),
                "--checkpoint", file.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("cryptostream: The checkpoint directory " + file + " is a file, not a"
                + " directory: give a directory with --checkpoint (or spark.checkpoint-dir); the job keeps its Kafka"
                + " offsets and window state there.\n");
    }

    @Test
    void aKafkaAddressNobodyListensOnIsFoundInSecondsAndNamed(@TempDir Path work) {
        long started = System.nanoTime();

        CommandOutput result = aggregate("127.0.0.1:1", servers.cassandraHostPort(),
                "--checkpoint", work.resolve("checkpoint").toString());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).hasLineCount(1)
                .startsWith("cryptostream: Kafka at 127.0.0.1:1 did not answer within 5 s")
                .contains("--kafka-broker");
    }

    @Test
    void anUnreachableCassandraAtStartEndsInOneLine(@TempDir Path work) {
        CommandOutput result = aggregate(servers.kafkaBootstrapServers(), "127.0.0.1:1",
                "--checkpoint", work.resolve("checkpoint").toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("cryptostream: Cassandra at 127.0.0.1:1 refused the connection: is it"
                + " running? Start local servers with ./cryptostream servers start\n");
    }

    @Test
    void aBadFlagValueIsBadUsageNamingTheFlag(@TempDir Path work) {
        CommandOutput result = CommandOutput.run("replay", work.resolve("capture.gz").toString(), "--exchange", "kraken",
                "--speed", "fast", "--work-dir", work.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("--speed must be max or a positive factor such as 1x or 10x, was 'fast'");
    }

    private static CommandOutput aggregate(String kafka, String cassandra, String... more) {
        String keyspace = "failures_" + Long.toHexString(System.nanoTime());
        String[] args = {"aggregate", "--kafkabroker", kafka, "--kafkatopic", keyspace, "--cassandraurl", cassandra,
                "--keyspace", keyspace, "--timeout", "5"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CommandOutput.run(all);
    }
}
