package io.cryptostream.ingest;

/** Where ingest's connection to its venue stands, as the metrics and the readiness check report it. */
public enum ConnectionState {
    /** No session: before the first, or waiting to reconnect after one that failed or was closed. */
    DISCONNECTED,
    /** A session is opening: the upgrade, or waiting for the venue's welcome. */
    CONNECTING,
    /** The venue accepted the connection and every market's subscription was sent. */
    SUBSCRIBED,
    /** The last session was closed because no frame came for the stale interval; a new one follows. */
    STALE
}
