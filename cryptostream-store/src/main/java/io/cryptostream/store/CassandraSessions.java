package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;

import java.net.InetSocketAddress;

/** Opens driver sessions with failures turned into messages a person can act on. */
public final class CassandraSessions {

    private CassandraSessions() {
    }

    /** A session not bound to a keyspace (the keyspace may not exist yet). The caller closes it. */
    public static CqlSession open(CassandraSettings settings) {
        try {
            return CqlSession.builder()
                    .addContactPoint(new InetSocketAddress(settings.host(), settings.port()))
                    .withLocalDatacenter(settings.localDatacenter())
                    .build();
        } catch (AllNodesFailedException | DriverTimeoutException e) {
            throw unavailable(settings, e);
        } catch (IllegalStateException e) {
            // The driver reports a wrong local data centre as an IllegalStateException naming the ones it saw.
            throw new CassandraUnavailableException("Cassandra at " + settings.address()
                    + " answered but the session could not start (local datacenter '"
                    + settings.localDatacenter() + "'): " + e.getMessage(), e);
        }
    }

    /** The failure to reach Cassandra at {@code settings}' address, with what to do about it. */
    public static CassandraUnavailableException unavailable(CassandraSettings settings, Throwable cause) {
        return new CassandraUnavailableException("Cassandra at " + settings.address()
                + " refused the connection: is it running? Start local servers with ./cryptostream servers start",
                cause);
    }
}
