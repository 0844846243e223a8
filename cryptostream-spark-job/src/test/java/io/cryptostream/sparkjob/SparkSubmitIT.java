package io.cryptostream.sparkjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptostream.domain.Trade;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.TopicTrades;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit jar run by Spark's own SparkSubmit, on the classpath a Spark installation gives its driver, with
 * {@code --master local[2]}: a real Coinbase capture put into Kafka comes out of Cassandra as exactly the windows and
 * candles the reference aggregation computes from the capture.
 */
class SparkSubmitIT {

    @Test
    void theSubmittedJobWritesTheReferenceAggregatesOfACapture(@TempDir Path work) throws Exception {
        List<Trade> trades = CaptureTrades.of(Fixtures.require("ws/cryptofeed/COINBASE.ws.28.0"), "coinbase");
        ServerEndpoints servers = TestServers.shared().endpoints();
        String topic = "submitted_" + Long.toHexString(System.nanoTime());
        String keyspace = "submitted_" + Long.toHexString(System.nanoTime());
        TopicTrades.produce(servers, topic, trades);

        SparkSubmission.Run submit = SparkSubmission.run(work, List.of("--master", "local[2]"), List.of(
                "--kafka-broker", servers.kafkaBootstrapServers(), "--kafka-topic", topic,
                "--cassandra-url", servers.cassandraHostPort(), "--keyspace", keyspace,
                "--work-dir", work.toString(), "--timeout", "15"));

        assertThat(submit.exitCode()).as(submit.output()).isZero();
        assertThat(submit.output()).contains("Spark job reading topic " + topic);
        assertThat(trades).as("trades in the capture").isNotEmpty();
        SparkSubmission.assertRowsAreTheReferenceOf(trades, servers, keyspace);
    }
}
