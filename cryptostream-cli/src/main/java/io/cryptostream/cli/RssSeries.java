package io.cryptostream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process's resident memory (VmRSS) sampled over a soak, and whether it stays flat: after the warm-up (JIT,
 * heap sizing, first windows) a process whose memory is bounded grows no more than a tolerance, judged on the
 * least-squares line through the samples rather than on one noisy sample.
 */
final class RssSeries {

    static final String FLAT = "flat";
    static final String GROWING = "growing";
    static final String TOO_SHORT = "too short to tell";
    /** Fewest samples after the warm-up for a verdict. */
    private static final int MIN_SAMPLES = 3;
    private static final double MIB = 1024 * 1024;

    /** One sample: seconds since the soak started, resident bytes. */
    record Sample(double seconds, long bytes) {
    }

    /**
     * @param growthAfterWarmUpMib what the fitted line rises from the first to the last sample after the warm-up
     * @param toleranceMib         the rise still called flat: the tolerance share of the first sample after warm-up
     */
    record Summary(int samples, double firstMib, double minMib, double maxMib, double lastMib, double slopeMibPerHour,
                   double growthAfterWarmUpMib, double toleranceMib, String verdict) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(double seconds, long bytes) {
        samples.add(new Sample(seconds, bytes));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Empty when there was no sample at all (the process was never seen). */
    synchronized Optional<Summary> summary(double warmUpSeconds, double tolerancePercent) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Sample> settled = samples.stream().filter(s -> s.seconds() >= warmUpSeconds).toList();
        long min = samples.stream().mapToLong(Sample::bytes).min().orElseThrow();
        long max = samples.stream().mapToLong(Sample::bytes).max().orElseThrow();
        List<Sample> fitted = settled.size() >= 2 ? settled : samples;
        double slopePerSecond = slope(fitted);
        double span = fitted.get(fitted.size() - 1).seconds() - fitted.get(0).seconds();
        double growth = slopePerSecond * span;
        double tolerance = fitted.get(0).bytes() * tolerancePercent / 100;
        String verdict = settled.size() < MIN_SAMPLES ? TOO_SHORT : growth <= tolerance ? FLAT : GROWING;
        return Optional.of(new Summary(samples.size(), samples.get(0).bytes() / MIB, min / MIB, max / MIB,
                samples.get(samples.size() - 1).bytes() / MIB, slopePerSecond * 3600 / MIB, growth / MIB,
                tolerance / MIB, verdict));
    }

    /** Least-squares slope in bytes per second; 0 for fewer than two distinct times. */
    static double slope(List<Sample> points) {
        double meanT = points.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double meanB = points.stream().mapToDouble(Sample::bytes).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Sample p : points) {
            covariance += (p.seconds() - meanT) * (p.bytes() - meanB);
            variance += (p.seconds() - meanT) * (p.seconds() - meanT);
        }
        return variance == 0 ? 0 : covariance / variance;
    }
}
