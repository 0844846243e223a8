package io.cryptostream.servers;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends a server's process: politely with SIGTERM, or outright with SIGKILL as a crash would. */
final class ProcessSignals {

    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);
    /** SIGKILL cannot be refused; longer than this (generous for a loaded machine) means the process is stuck. */
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    private ProcessSignals() {
    }

    /** SIGTERM, then SIGKILL if {@code process} has not exited within {@code grace}; returns once it is gone. */
    static void terminate(String what, ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException e) {
            log.warn("{} (pid {}) did not stop within {} s of SIGTERM: killing it", what, process.pid(),
                    grace.toSeconds());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot wait for " + what + " to exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + what, e);
        }
        kill(what, process);
    }

    /** SIGKILL: no shutdown, no flush. Returns once the process is gone. */
    static void kill(String what, ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(what + " (pid " + process.pid() + ") survived SIGKILL for "
                    + KILL_TIMEOUT.toSeconds() + " s; check it with ps", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + what, e);
        }
    }
}
