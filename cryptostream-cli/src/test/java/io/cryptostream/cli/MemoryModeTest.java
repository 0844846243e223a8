package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --mode memory}: simulator, ingest and Spark in this process, aggregates printed, no Kafka or Cassandra. */
class MemoryModeTest {

    @Test
    void printsAggregateTablesWithNoKafkaOrCassandra(@TempDir Path work) {
        CommandOutput result = CommandOutput.run("run", "--mode", "memory", "--source", "simulator", "--timeout", "12",
                "--watchlist", "0~Coinbase~BTC~USD,0~Coinbase~ETH~USD", "--work-dir", work.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("mode memory, venue simulator")
                .contains("Batch 0:")
                .containsPattern("Coinbase\\s+BTC-USD\\s+(BUY|SELL)")
                .containsPattern("Coinbase\\s+ETH-USD\\s+(BUY|SELL)")
                .contains("0 records rejected and set aside in file "
                        + work.toAbsolutePath().normalize().resolve("rejected").resolve("trades.jsonl"))
                .doesNotContain("Kafka at", "Cassandra at");
        Matcher spark = Pattern.compile("Spark: (\\d+) trades").matcher(result.out());
        assertThat(spark.find()).as(result.out()).isTrue();
        Matcher ingest = Pattern.compile("total\\s+\\d+\\s+(\\d+)").matcher(result.out());
        assertThat(ingest.find()).as(result.out()).isTrue();
        assertThat(Long.parseLong(spark.group(1))).isPositive().isEqualTo(Long.parseLong(ingest.group(1)));
    }
}
