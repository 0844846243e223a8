package io.cryptostream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress display: one line per step, stamped with the time since the bench started; it also keeps how long each
 * part of the run took, so the report can say where the time went.
 */
final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final int stages;
    private final Map<String, Double> partSeconds = new LinkedHashMap<>();
    private long partStartNanos = startNanos;

    Progress(PrintStream out, int stages) {
        this.out = out;
        this.stages = stages;
    }

    void stage(int number, String title) {
        out.printf(Locale.ROOT, "[%6.1fs] == %d/%d %s%n", elapsedSeconds(), number, stages, title);
        out.flush();
    }

    void line(String text) {
        out.printf(Locale.ROOT, "[%6.1fs]    %s%n", elapsedSeconds(), text);
        out.flush();
    }

    void line(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    /** The time since the previous part ended is {@code part}'s (added to it when the part came before). */
    void endPart(String part) {
        long now = System.nanoTime();
        partSeconds.merge(part, (now - partStartNanos) / 1e9, Double::sum);
        partStartNanos = now;
    }

    List<BenchReport.Part> parts() {
        List<BenchReport.Part> parts = new ArrayList<>();
        partSeconds.forEach((part, seconds) -> parts.add(new BenchReport.Part(part, seconds)));
        return parts;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
