package io.cryptostream.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, "a CPU", 24L << 30, "Linux", "17",
            "1.0 1.0 1.0", "1.0 1.0 1.0");

    @Test
    void servingMetricsMeetsItsTargetWithinFivePercentOfTheSameRunsWithout() {
        List<BenchReport.Target> targets = Targets.check(report(48_000, 50_000, 40_000, 41_000, List.of()));

        assertThat(target(targets, "ingest, metrics served").met()).isTrue();
        assertThat(target(targets, "ingest, metrics served").measured())
                .isEqualTo("48,000 vs 50,000 trades/s = 0.96 (the better of two runs each, interleaved)");
        assertThat(target(targets, "spark job, avro, metrics served").met()).isTrue();
        assertThat(target(targets, "spark job, avro, metrics served").cause()).isNull();
    }

    @Test
    void aMissNamesTheSpreadOfTheSameSettingsRunTwice() {
        BenchReport.Lever spread = new BenchReport.Lever("ingest", "none (run-to-run spread)", "ingest, again", 43_000,
                "trades/s", 0.86, "noise, not a lever");

        List<BenchReport.Target> targets = Targets.check(report(45_000, 50_000, 40_000, 41_000, List.of(spread)));

        BenchReport.Target ingest = target(targets, "ingest, metrics served");
        assertThat(ingest.met()).isFalse();
        assertThat(ingest.target()).isEqualTo("with metrics served and scraped every second ≥ 0.95 of without");
        assertThat(ingest.cause()).contains("differed by ×1.16");
    }

    @Test
    void runsWithoutTheComparisonHaveNoMetricsTarget() {
        List<BenchReport.Target> targets = Targets.check(report(-1, 50_000, -1, 41_000, List.of()));

        assertThat(targets).extracting(BenchReport.Target::stage).doesNotContain("ingest, metrics served",
                "spark job, avro, metrics served").contains("ingest", "spark job, avro");
    }

    private static BenchReport.Target target(List<BenchReport.Target> targets, String stage) {
        return targets.stream().filter(t -> t.stage().equals(stage)).findFirst().orElseThrow();
    }

    private static BenchReport report(double ingestServed, double ingest, double sparkServed, double spark,
                                      List<BenchReport.Lever> levers) {
        return new BenchReport("2026-11-30T05:00:00Z", 600, 900, List.of(), "full", List.of("ingest", "spark"),
                MACHINE,
                new BenchReport.Decode(List.of(), BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                        BenchReport.DECODE_TARGET_RATIO, BenchReport.NOT_SELECTED),
                new BenchReport.Ingest(300_000, ingest, 400_000, 120_000, 120_000, ingest / 120_000,
                        BenchReport.INGEST_TARGET_RATIO, ingestServed, Map.of(), Map.of(), Map.of(), "defaults", null),
                new BenchReport.SparkJob("avro", 2_000_000, spark, spark, 400_000, spark / 400_000,
                        BenchReport.SPARK_TARGET_TRADES_PER_SECOND, BenchReport.SPARK_TARGET_RATIO, sparkServed, 10,
                        5_000, Map.of(), 0, 2_000_000, 500, 500, "trigger 5 s", null),
                new BenchReport.SparkScaling(List.of(new BenchReport.SparkPoint("avro", 2, 5, 2_000_000, spark,
                        400_000, spark / 400_000, 10, 5_000)), null),
                List.of(), new BenchReport.State(List.of(), BenchReport.NOT_SELECTED),
                new BenchReport.Memory(0, 0, 0, 0, 0, 0, 0, ""), levers, List.of());
    }
}
