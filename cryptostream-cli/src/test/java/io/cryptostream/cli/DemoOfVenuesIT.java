package io.cryptostream.cli;

import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --source NAME} runs a venue's connector offline against its simulator, through the whole pipeline: for
 * Bitstamp (whose live orders take the order-flow job too), Coinbase Advanced Trade and Binance USD-M. The other
 * venues' simulators go through ingest, Kafka, Spark and Cassandra in {@code GapFillEndToEndIT}, every venue's
 * captures in {@code ReplayCapturesIT}, and {@code demo} itself in {@code DemoCommandIT}.
 */
class DemoOfVenuesIT {

    @ParameterizedTest
    @CsvSource({"bitstamp,Bitstamp", "coinbase-advanced,Coinbase", "binance-futures,BinanceFutures"})
    void demoOfEachVenuePrintsItsAggregatesFromCassandra(String source, String exchange, @TempDir Path work) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        Path config = work.resolve("cryptostream.conf");
        Files.writeString(config, """
                cryptostream {
                  work-dir = "%s"
                  kafka { bootstrap-servers = "%s", topic = "demo-%s", orders-topic = "demo-orders-%s" }
                  cassandra { contact-point = "%s", keyspace = "demo_%s" }
                  simulator.trades-per-second = 20
                  spark.trigger = 1s
                }
                """.formatted(work, servers.kafkaBootstrapServers(), source, source, servers.cassandraHostPort(),
                source.replace('-', '_')));

        CommandOutput result = CommandOutput.run("demo", "--config", config.toString(), "--source", source,
                "--duration", "6s", "--show-every", "1h");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        String finalTable = result.out().substring(result.out().indexOf("Final aggregates read back from Cassandra"));
        assertThat(finalTable).containsPattern(exchange + "\\s+\\S+-\\S+\\s+(BUY|SELL)\\s+\\d+");
        if (source.equals("bitstamp")) {
            assertThat(result.out()).containsPattern("Spark order flow: [1-9]\\d* order events");
        }
    }
}
