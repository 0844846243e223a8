package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RssSeriesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void memoryThatSettlesAfterTheWarmUpIsFlatThoughItGrewDuringIt() {
        RssSeries series = new RssSeries();
        series.add(0, 200 * MIB);
        series.add(30, 400 * MIB);
        for (int t = 60; t <= 600; t += 30) {
            series.add(t, (500 + (t / 30 % 2 == 0 ? 5 : -5)) * MIB);
        }

        RssSeries.Summary summary = series.summary(60, 10).orElseThrow();

        assertThat(summary.verdict()).isEqualTo(RssSeries.FLAT);
        assertThat(summary.firstMib()).isEqualTo(200);
        assertThat(summary.minMib()).isEqualTo(200);
        assertThat(summary.maxMib()).isEqualTo(505);
        assertThat(summary.lastMib()).isEqualTo(505);
        assertThat(summary.toleranceMib()).isCloseTo(50.5, within(0.01));
    }

    @Test
    void memoryThatKeepsRisingAfterTheWarmUpIsGrowingWithItsSlopePerHour() {
        RssSeries series = new RssSeries();
        for (int t = 0; t <= 3600; t += 60) {
            series.add(t, (300 + t / 60) * MIB);
        }

        RssSeries.Summary summary = series.summary(600, 10).orElseThrow();

        assertThat(summary.slopeMibPerHour()).isCloseTo(60, within(1e-6));
        assertThat(summary.growthAfterWarmUpMib()).isCloseTo(50, within(1e-6));
        assertThat(summary.toleranceMib()).isCloseTo(31, within(1e-6));
        assertThat(summary.verdict()).isEqualTo(RssSeries.GROWING);
    }

    @Test
    void tooFewSamplesAfterTheWarmUpGiveNoVerdictAndNoSampleGivesNoSummary() {
        RssSeries series = new RssSeries();
        assertThat(series.summary(60, 10)).isEmpty();

        series.add(0, 100 * MIB);
        series.add(70, 100 * MIB);

        assertThat(series.summary(60, 10).orElseThrow().verdict()).isEqualTo(RssSeries.TOO_SHORT);
    }
}
