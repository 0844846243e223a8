package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A long run's progress from its meters: on a terminal one line rewritten in place every second; otherwise (a log
 * file, a test) a log line every {@link #LOG_EVERY}, so redirected output stays readable.
 */
final class StatusLine implements AutoCloseable {

    static final Duration LOG_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StatusLine.class);
    /** Carriage return, then the line, then "erase to the end of the line" for a shorter line than the last. */
    private static final String REWRITE = "\r%s\u001B[K";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-line");
        thread.setDaemon(true);
        return thread;
    });
    private final Supplier<String> scrape;
    private final PrintStream terminal;
    private PipelineSnapshot previous;
    private boolean closed;

    private StatusLine(Supplier<String> scrape, PrintStream terminal) {
        this.scrape = scrape;
        this.terminal = terminal;
        this.previous = snapshot();
    }

    /** {@code out} when this process writes to a terminal; empty when its output goes to a file or a pipe. */
    static Optional<PrintStream> terminal(PrintStream out) {
        return System.console() != null ? Optional.of(out) : Optional.empty();
    }

    /** Shows the progress of the meters {@code metrics} serves: rewritten on {@code terminal}, else logged. */
    static StatusLine start(MetricsServer metrics, Optional<PrintStream> terminal) {
        StatusLine status = new StatusLine(metrics::scrape, terminal.orElse(null));
        Duration every = terminal.isPresent() ? Duration.ofSeconds(1) : LOG_EVERY;
        status.timer.scheduleAtFixedRate(status::show, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return status;
    }

    private synchronized void show() {
        if (closed) {
            return;
        }
        try {
            PipelineSnapshot current = snapshot();
            String line = StatusLineFormat.format(previous, current);
            previous = current;
            if (terminal != null) {
                terminal.printf(REWRITE, line);
                terminal.flush();
            } else {
                LOG.info(line);
            }
        } catch (RuntimeException e) {
            // A status line must never end the run; the next tick tries again.
            LOG.debug("status line skipped: {}", e.toString());
        }
    }

    private PipelineSnapshot snapshot() {
        return PipelineSnapshot.of(PrometheusSamples.parse(scrape.get()), Instant.now());
    }

    /** Stops the line and, on a terminal, erases it, so the next output starts on a clean row; may run twice. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal != null && !closed) {
            terminal.printf(REWRITE, "");
            terminal.flush();
        }
        closed = true;
    }
}
