package io.cryptostream.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The progress display: one line per step, stamped with the time since the bench started. */
final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final int stages;

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

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
