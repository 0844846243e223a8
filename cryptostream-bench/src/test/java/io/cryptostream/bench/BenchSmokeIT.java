package io.cryptostream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * Benchmarks are not tests: this only checks that a bench run of the quick selection at the smallest sizes produces
 * every stage's figures, its target rows, the JSON and the chart. It starts its own Kafka and Cassandra and the child
 * JVMs (JMH forks, simulator, ingest, the Spark driver): about a minute and a half on 2 cores.
 */
class BenchSmokeIT {

    @Test
    void aTinyBenchProducesEveryFigure(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.tiny(out);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchReport report;
        try (PrintStream both = new PrintStream(new TeeOutput(printed), true, StandardCharsets.UTF_8)) {
            report = new BenchRunner().run(options, both);
        }
        String tables = printed.toString(StandardCharsets.UTF_8);
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
                .containsExactly(tuple(first, 2, 5));
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
        assertThat(report.levers()).as("levers are measured in the full run only")
                .allSatisfy(lever -> assertThat(lever.lever()).startsWith("none (run-to-run spread)"));
        assertThat(report.ingest().metricsServedTradesPerSecond()).isPositive();
        assertThat(report.sparkJob().metricsServedTradesPerSecond()).isPositive();

        assertThat(report.targets()).extracting(BenchReport.Target::stage)
                .contains("ingest", "spark job, " + first, "freshness", "state", "bench run (tiny)",
                        "ingest, metrics served", "spark job, " + first + ", metrics served")
                .anySatisfy(stage -> assertThat(stage).startsWith("decode "));
        assertThat(report.targets()).filteredOn(t -> t.stage().equals("freshness")).hasSize(2);
        assertThat(report.targets()).filteredOn(t -> t.stage().equals("spark job, " + first)).hasSize(2);
        assertThat(report.parts()).extracting(BenchReport.Part::name)
                .containsSubsequence("1. decode", "Kafka and Cassandra: start", "2. ingest", "3. spark job",
                        "4. freshness", "5. state", "Kafka and Cassandra: stop", "report");
        assertThat(report.parts().stream().mapToDouble(BenchReport.Part::seconds).sum())
                .isCloseTo(report.seconds(), within(1.0));
        assertThat(tables).contains("Run time, by part", "Targets", "bench run (tiny)",
                "every stage ≤ 1.5 min on 2 cores");
        report.targets().forEach(target -> assertThat(tables).contains(target.measured()));

        assertThat(Files.readString(out.resolve("bench.json"))).contains("\"sparkJob\"", "\"freshness\"");
        BufferedImage chart = ImageIO.read(out.resolve("bench.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(1000);
    }

    /** Prints as the bench would and keeps a copy, so the printed tables can be checked. */
    private static final class TeeOutput extends OutputStream {
        private final ByteArrayOutputStream copy;

        TeeOutput(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            System.out.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
            copy.write(bytes, offset, length);
        }
    }
}
