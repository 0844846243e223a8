package io.cryptostream.ingest;

/** Kafka stayed away until the spool filled up: the run stops, and the spool keeps what it holds for the next start. */
public final class SpoolFullException extends IngestException {

    public SpoolFullException(String message) {
        super(message);
    }
}
