package io.cryptostream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportChartTest {

    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, "a CPU", 24L << 30, "Linux", "17",
            "1.0 1.0 1.0", "2.0 2.0 2.0");

    @Test
    void drawsSixPanelsWithTheMeasuredBarsInTheirColour(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport("2026-11-30T05:00:00Z", 600, 900,
                List.of(new BenchReport.Part("1. decode", 100), new BenchReport.Part("2. ingest", 500)), "full",
                List.of("decode", "ingest"), MACHINE,
                new BenchReport.Decode(List.of(
                        new BenchReport.VenueDecode("Bitstamp", "BitstampCodec", 512, "12 captured + 500 simulated", 1,
                                972_115, 2_400_000, 0.41),
                        new BenchReport.VenueDecode("Kraken", "KrakenCodec", 511, "11 captured + 500 simulated", 1.2,
                                608_181, 2_000_000, 0.30)), BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                        BenchReport.DECODE_TARGET_RATIO, null),
                new BenchReport.Ingest(500_000, 56_281, 465_040, 120_000, 120_000, 0.47, BenchReport.INGEST_TARGET_RATIO,
                        55_900, Map.of(), Map.of(), Map.of(), "defaults", null),
                new BenchReport.SparkJob("json", 5_000_000, 41_929, 40_000, 282_565, 0.15,
                        BenchReport.SPARK_TARGET_TRADES_PER_SECOND, BenchReport.SPARK_TARGET_RATIO, 41_500, 25, 3_200,
                        Map.of(), 0, 5_000_000, 500, 500, "trigger 5 s", null),
                new BenchReport.SparkScaling(List.of(
                        new BenchReport.SparkPoint("json", 2, 5, 5_000_000, 41_929, 282_565, 0.15, 25, 3_200),
                        new BenchReport.SparkPoint("json", 2, 500, 600_000, 30_000, 200_000, 0.15, 3, 4_000),
                        new BenchReport.SparkPoint("json", 1, 5, 600_000, 25_000, -1, -1, 3, 5_000)), null),
                List.of(freshness(1_000, 200, 400, 600, true), freshness(5_000, 300, 700, 900, true),
                        freshness(20_000, 1_500, 4_000, 6_000, false)),
                new BenchReport.State(List.of(
                        new BenchReport.StatePoint("aggregates", 1_000, 2, 3_312, 1_656, -1, -1, 10_000, null),
                        new BenchReport.StatePoint("aggregates", 100_000, 2, 3_248, 1_624, -1, -1, 10_000, null),
                        new BenchReport.StatePoint("keep every trade", 1_000, 2, 273_344, 136_672, -1, -1, 9_000, null),
                        new BenchReport.StatePoint("keep every trade", 1_000_000, 2, 0, 0, -1, -1, 0,
                                "OutOfMemoryError")), null),
                new BenchReport.Memory(900L << 20, 880L << 20, 1_500L << 20, 1_400L << 20, 688L << 20, 1_086L << 20,
                        600L << 20, "-Xms256m -Xmx1g"),
                List.of(), List.of());
        Path png = dir.resolve("bench.png");

        ReportChart.write(report, png);

        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(3 * 560);
        assertThat(chart.getHeight()).isEqualTo(2 * 360 + 40);
        assertThat(pixelsOf(chart, new Color(0x2f6db5))).as("measured bars").isGreaterThan(5_000);
        assertThat(pixelsOf(chart, new Color(0xb0b7c3))).as("limit bars").isGreaterThan(5_000);
    }

    @Test
    void aFailedStageSaysSoInItsPanel(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport("2026-11-30T05:00:00Z", 1, 90, List.of(), "tiny", List.of(), MACHINE,
                new BenchReport.Decode(List.of(), BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                        BenchReport.DECODE_TARGET_RATIO, "no codec"),
                new BenchReport.Ingest(0, 0, 0, 0, 0, 0, BenchReport.INGEST_TARGET_RATIO, -1, Map.of(), Map.of(),
                        Map.of(), "", "down"),
                new BenchReport.SparkJob("", 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, Map.of(), 0, 0, 0, 0, "", "down"),
                new BenchReport.SparkScaling(List.of(), "down"),
                List.of(BenchReport.Freshness.failed(5_000, "down")),
                new BenchReport.State(List.of(), "down"),
                new BenchReport.Memory(-1, -1, -1, -1, -1, -1, -1, ""), List.of(), List.of());
        Path png = dir.resolve("bench.png");

        ReportChart.write(report, png);

        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(pixelsOf(chart, new Color(0x2f6db5))).as("no measured bars, a legend at most").isLessThan(1_000);
        assertThat(pixelsOf(chart, new Color(0xc0392b))).as("the failures, in red").isPositive();
    }

    private static BenchReport.Freshness freshness(double rate, double p50, double p99, double max, boolean carried) {
        return new BenchReport.Freshness(rate, rate, (long) rate * 30, 0, p50, p99, max, 20, "trigger 0 s", 30, 400,
                600, Map.of(), rate, 0, p99, p99, carried, Map.of(), null);
    }

    private static long pixelsOf(BufferedImage image, Color color) {
        long count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }
}
