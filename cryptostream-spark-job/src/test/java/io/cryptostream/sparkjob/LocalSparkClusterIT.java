package io.cryptostream.sparkjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptostream.cli.CryptostreamCommand;
import io.cryptostream.domain.Trade;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.LoopbackPorts;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.SparkJvmFlags;
import io.cryptostream.spark.TopicTrades;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryptostream cluster start} brings up a Spark standalone master and two workers; the spark-submit jar
 * submitted to that master runs on executors the workers start, and writes exactly the reference aggregates of a real
 * capture; {@code cluster stop} ends every member.
 */
class LocalSparkClusterIT {

    @Test
    void theJobSubmittedToTheLocalClusterWritesTheReferenceAggregates(@TempDir Path work) throws Exception {
        List<Trade> trades = CaptureTrades.of(Fixtures.require("ws/cryptofeed/COINBASE.ws.28.0"), "coinbase");
        ServerEndpoints servers = TestServers.shared().endpoints();
        String topic = "clustered_" + Long.toHexString(System.nanoTime());
        String keyspace = "clustered_" + Long.toHexString(System.nanoTime());
        TopicTrades.produce(servers, topic, trades);
        List<Integer> ports = LoopbackPorts.free(2);
        // Spark alone, on the shared servers: LocalDataClusterIT covers the brokers and Cassandra nodes.
        List<String> clusterFlags = List.of("--no-data-cluster", "--work-dir", work.toString(), "--master-port",
                ports.get(0).toString(),
                "--master-ui-port", ports.get(1).toString());
        try {
            SparkSubmission.Run start = cryptostream(work, "start", clusterFlags);
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(start.output()).contains("master spark://127.0.0.1:" + ports.get(0));

            SparkSubmission.Run submit = SparkSubmission.run(work, List.of("--master", "spark://127.0.0.1:" + ports.get(0),
                    "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2"), List.of(
                    "--kafka-broker", servers.kafkaBootstrapServers(), "--kafka-topic", topic,
                    "--cassandra-url", servers.cassandraHostPort(), "--keyspace", keyspace,
                    "--work-dir", work.toString(), "--timeout", "15"));

            assertThat(submit.exitCode()).as(submit.output()).isZero();
            assertThat(submit.output()).as("executors on the cluster's workers").contains("Granted executor ID app-");
            SparkSubmission.assertRowsAreTheReferenceOf(trades, servers, keyspace);
        } finally {
            SparkSubmission.Run stop = cryptostream(work, "stop", clusterFlags);
            assertThat(stop.exitCode()).as(stop.output()).isZero();
        }
        SparkSubmission.Run status = cryptostream(work, "status", clusterFlags);
        assertThat(status.output()).contains("master: stopped", "worker-1: stopped", "worker-2: stopped");
    }

    /** {@code cryptostream cluster SUBCOMMAND FLAGS} in a child JVM on this test's classpath. */
    private static SparkSubmission.Run cryptostream(Path work, String subcommand, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(SparkJvmFlags.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CryptostreamCommand.class.getName(),
                "cluster", subcommand));
        command.addAll(flags);
        return SparkSubmission.await(command, work.resolve("cluster-" + subcommand + ".log"), 300);
    }
}
