package io.cryptostream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmarks are not tests: this only checks that a bench run at the smallest sizes produces every figure, the
 * JSON and the chart. It starts its own Kafka and Cassandra and two child JVMs, about a minute on 2 cores.
 */
class BenchSmokeIT {

    @Test
    void aTinyBenchProducesEveryFigure(@TempDir Path out) throws Exception {
        BenchReport report = new BenchRunner().run(BenchOptions.tiny(out), System.out);

        assertThat(report.decode().error()).isNull();
        assertThat(report.ingest().error()).isNull();
        assertThat(report.sparkJob().error()).isNull();
        assertThat(report.freshness().error()).isNull();
        assertThat(report.state().error()).isNull();
        assertThat(report.failed()).isFalse();

        assertThat(report.decode().venues()).isNotEmpty().allSatisfy(venue -> {
            assertThat(venue.tradesPerSecond()).isPositive();
            assertThat(venue.limitTradesPerSecond()).isPositive();
        });
        assertThat(report.ingest().tradesPerSecond()).isPositive();
        assertThat(report.ingest().rawProducerTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().sustainedTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().plainConsumerTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().tradesInCassandra())
                .isEqualTo(report.sparkJob().trades() - report.sparkJob().lateDropped());
        assertThat(report.freshness().trades()).isPositive();
        assertThat(report.freshness().p99Millis()).isPositive();
        assertThat(report.state().points()).hasSize(2 * BenchOptions.tiny(out).stateTradesPerWindow().size())
                .allSatisfy(point -> {
                    assertThat(point.failure()).isNull();
                    assertThat(point.bytesPerWindow()).isPositive();
                });
        assertThat(report.memory().ingestPeakRssBytes()).isPositive();
        assertThat(report.memory().sparkDriverPeakRssBytes()).isPositive();
        assertThat(report.levers()).extracting(BenchReport.Lever::lever)
                .contains("trigger interval", "maxOffsetsPerTrigger", "shuffle partitions", "RocksDB state store",
                        "producer batching/compression", "Pekko buffer size", "topic encoding");
        assertThat(report.targets()).isNotEmpty();

        assertThat(Files.readString(out.resolve("bench.json"))).contains("\"sparkJob\"", "\"freshness\"");
        BufferedImage chart = ImageIO.read(out.resolve("bench.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(1000);
    }
}
