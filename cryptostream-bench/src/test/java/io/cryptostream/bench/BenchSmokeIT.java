package io.cryptostream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Benchmarks are not tests: this only checks that a bench run at the smallest sizes produces every figure, the
 * JSON and the chart. It starts its own Kafka and Cassandra and the child JVMs (simulator, ingest, Spark drivers),
 * a few minutes on 2 cores.
 */
class BenchSmokeIT {

    @Test
    void aTinyBenchProducesEveryFigure(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.tiny(out);
        BenchReport report = new BenchRunner().run(options, System.out);
        String first = options.formats().get(0).settingValue();

        assertThat(report.decode().error()).isNull();
        assertThat(report.ingest().error()).isNull();
        assertThat(report.sparkJob().error()).isNull();
        assertThat(report.sparkScaling().error()).isNull();
        assertThat(report.freshness()).extracting(BenchReport.Freshness::error).containsOnlyNulls();
        assertThat(report.state().error()).isNull();
        assertThat(report.failed()).isFalse();

        assertThat(report.decode().venues()).isNotEmpty().allSatisfy(venue -> {
            assertThat(venue.tradesPerSecond()).isPositive();
            assertThat(venue.limitTradesPerSecond()).isPositive();
        });
        assertThat(report.ingest().tradesPerSecond()).isPositive();
        assertThat(report.ingest().rawProducerTradesPerSecond()).isPositive();
        assertThat(report.ingest().frameClientTradesPerSecond()).isPositive();
        assertThat(report.ingest().limitTradesPerSecond()).isEqualTo(Math.min(
                report.ingest().rawProducerTradesPerSecond(), report.ingest().frameClientTradesPerSecond()));
        assertThat(report.ingest().cpuMicrosPerTrade()).containsKeys("ingest JVM", "simulator JVM", "Kafka broker")
                .allSatisfy((process, micros) -> assertThat(micros).as(process).isPositive());
        assertThat(report.sparkJob().sustainedTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().plainConsumerTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().tradesInCassandra())
                .isEqualTo(report.sparkJob().trades() - report.sparkJob().lateDropped());
        assertThat(report.sparkScaling().points()).extracting(BenchReport.SparkPoint::format,
                        BenchReport.SparkPoint::cores, BenchReport.SparkPoint::markets)
                .contains(tuple(first, 1, 5), tuple(first, 2, 5), tuple(first, 2, 50), tuple(first, 2, 500));
        assertThat(report.sparkScaling().points())
                .allSatisfy(point -> assertThat(point.sustainedTradesPerSecond()).isPositive());
        assertThat(report.freshness()).extracting(BenchReport.Freshness::targetTradesPerSecond)
                .containsExactlyElementsOf(options.freshnessRates());
        assertThat(report.freshness()).allSatisfy(run -> {
            assertThat(run.trades()).isPositive();
            assertThat(run.p99Millis()).isPositive();
            assertThat(run.maxMillis()).isGreaterThanOrEqualTo(run.p99Millis());
            assertThat(run.cpuMicrosPerTrade()).containsKeys("ingest JVM", "simulator JVM", "Spark driver");
        });
        assertThat(report.state().points()).hasSize(2 * options.stateTradesPerWindow().size())
                .allSatisfy(point -> {
                    assertThat(point.failure()).isNull();
                    assertThat(point.bytesPerWindow()).isPositive();
                });
        assertThat(report.memory().ingestPeakRssBytes()).isPositive();
        assertThat(report.memory().sparkDriverPeakRssBytes()).isPositive();
        assertThat(report.levers()).extracting(BenchReport.Lever::lever)
                .contains("trigger interval", "maxOffsetsPerTrigger", "shuffle partitions", "RocksDB state store",
                        "producer batching/compression", "Pekko buffer size", "topic encoding",
                        "decode and check (upper bound: no aggregation at all)");
        assertThat(report.targets()).isNotEmpty();

        assertThat(Files.readString(out.resolve("bench.json"))).contains("\"sparkJob\"", "\"freshness\"");
        BufferedImage chart = ImageIO.read(out.resolve("bench.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(1000);
    }
}
