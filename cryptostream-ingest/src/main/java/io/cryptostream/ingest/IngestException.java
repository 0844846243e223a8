package io.cryptostream.ingest;

/** Ends an ingest run; the message says what a person should do about it and never carries a secret. */
public class IngestException extends RuntimeException {

    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
