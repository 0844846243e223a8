package io.cryptostream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Why one WebSocket session ended, for the reconnect decision.
 *
 * @param connectedAt when the venue accepted the connection; null if it never did
 * @param holdOff     least wait the venue asked for before the next attempt
 */
record SessionEnd(Reason reason, String detail, Instant connectedAt, Instant endedAt, Duration holdOff) {

    enum Reason {
        /** The connection could not be opened, or failed. */
        FAILED,
        /** The server closed the socket. */
        CLOSED_BY_SERVER,
        /** No frame for the stale interval. */
        STALE,
        /** The venue refused something and the protocol decided to reconnect (429, FORCE_DISCONNECT). */
        REFUSED,
        /** The connection neared the venue's maximum age and was closed to be replaced. */
        CYCLED,
        /** The venue asked the client to reconnect (maintenance). */
        RECONNECT_REQUESTED,
        /** A stop was requested. */
        STOPPED;

        /** Planned reconnects happen as soon as the venue's spacing rules allow: no failure backoff. */
        boolean planned() {
            return this == CYCLED || this == RECONNECT_REQUESTED;
        }
    }

    SessionEnd {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(holdOff, "holdOff");
    }

    /** How long the venue had accepted the connection; zero if it never did. */
    Duration upFor() {
        return connectedAt == null ? Duration.ZERO : Duration.between(connectedAt, endedAt);
    }
}
