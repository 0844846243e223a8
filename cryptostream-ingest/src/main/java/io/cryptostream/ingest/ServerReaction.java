package io.cryptostream.ingest;

import java.time.Duration;
import java.util.Objects;

/** What a session does about a refusal from the venue (an error frame or a refused WebSocket upgrade). */
public sealed interface ServerReaction {

    /** Log and keep the socket, e.g. one invalid subscription among valid ones. */
    record Continue(String logMessage) implements ServerReaction {
        public Continue {
            Objects.requireNonNull(logMessage, "logMessage");
        }
    }

    /** Log, close the socket and connect again, not before {@code atLeast} has passed. */
    record Reconnect(String logMessage, Duration atLeast) implements ServerReaction {
        public Reconnect {
            Objects.requireNonNull(logMessage, "logMessage");
            Objects.requireNonNull(atLeast, "atLeast");
        }
    }

    /** End the run with this error: retrying cannot help. */
    record Fail(IngestException error) implements ServerReaction {
        public Fail {
            Objects.requireNonNull(error, "error");
        }
    }
}
