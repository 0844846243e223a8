package io.cryptostream.ingest;

/** The venue refused the API key: reconnecting cannot help, so the run ends. */
public final class CredentialsRejectedException extends IngestException {

    public CredentialsRejectedException(String message) {
        super(message);
    }
}
