package io.cryptostream.servers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits until a launched server answers a real request on its client port ({@link ChildServer#probe}), its
 * process dies, or a deadline passes.
 */
final class ReadinessProbe {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final ChildServer server;
    private final String host;
    private final ServerFiles files;
    private final Duration startTimeout;

    /** @param host the address the server listens on */
    ReadinessProbe(ChildServer server, String host, ServerFiles files, Duration startTimeout) {
        this.server = server;
        this.host = host;
        this.files = files;
        this.startTimeout = startTimeout;
    }

    /**
     * @param child the process as launched by this JVM, which knows its exit code; empty for a reused server
     */
    Readiness await(ProcessHandle process, Optional<Process> child, int clientPort, Instant deadline) {
        String what = what(process);
        String endpoint = host + ":" + clientPort;
        Exception lastFailure = null;
        while (true) {
            if (!process.isAlive()) {
                String exitCode = child.map(p -> " with exit code " + p.exitValue()).orElse("");
                return new Readiness.Exited(what + " exited" + exitCode + " before accepting connections on "
                        + endpoint + ".");
            }
            if (LoopbackPorts.acceptsConnections(host, clientPort)) {
                try {
                    server.probe(host, clientPort);
                    return new Readiness.Ready();
                } catch (Exception e) {
                    lastFailure = e;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                String reason = lastFailure == null
                        ? "the port never opened"
                        : "last attempt failed with " + lastFailure;
                return new Readiness.TimedOut(what + " did not accept connections on " + endpoint + " within "
                        + startTimeout.toSeconds() + " s (" + reason + ").");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartException("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** The end of the server's own log and of its console output, for error messages. */
    String logTails() {
        return LogTail.of(files.serverLog()) + LogTail.of(files.consoleLog());
    }

    private String what(ProcessHandle process) {
        return server.kind().displayName() + " (pid " + process.pid() + ")";
    }
}
