package io.cryptostream.cli;

import java.io.PrintStream;

/** A one-line progress bar on the terminal, redrawn at most a few times a second. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(done);
        }
    }

    void finish() {
        draw(total);
        out.println();
    }

    private void draw(long done) {
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf("\r%s [%s%s] %3d%% %,d/%,d frames, %.1f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * Math.min(done, total) / total, Math.min(done, total), total, seconds);
        out.flush();
    }
}
