package io.cryptostream.spark;

import io.cryptostream.store.CassandraUnavailableException;

/** Cassandra stayed unreachable for longer than the job's outage budget; the job stopped and can be rerun. */
public class CassandraOutageException extends CassandraUnavailableException {
    public CassandraOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
