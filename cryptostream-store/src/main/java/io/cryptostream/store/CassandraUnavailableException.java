package io.cryptostream.store;

/** Cassandra could not be reached, did not answer or refused the login; the message says what to do. */
public class CassandraUnavailableException extends RuntimeException {
    public CassandraUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
