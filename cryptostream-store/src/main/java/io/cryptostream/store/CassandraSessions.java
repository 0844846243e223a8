package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

import java.net.InetSocketAddress;
import java.util.List;

/** Opens driver sessions with failures turned into messages a person can act on. */
public final class CassandraSessions {

    private CassandraSessions() {
    }

    /** A session not bound to a keyspace (the keyspace may not exist yet). The caller closes it. */
    public static CqlSession open(CassandraSettings settings) {
        try {
            return CqlSession.builder()
                    .withConfigLoader(configLoader(settings))
                    .addContactPoints(settings.contactHosts().stream()
                            .map(host -> new InetSocketAddress(host, settings.port())).toList())
                    .withLocalDatacenter(settings.localDatacenter())
                    .build();
        } catch (AllNodesFailedException e) {
            if (e.getAllErrors().values().stream().flatMap(List::stream)
                    .anyMatch(AuthenticationException.class::isInstance)) {
                throw loginRejected(settings, e);
            }
            throw unavailable(settings, e);
        } catch (AuthenticationException e) {
            throw loginRejected(settings, e);
        } catch (DriverTimeoutException e) {
            throw unavailable(settings, e);
        } catch (IllegalStateException e) {
            // The driver reports a wrong local data centre as an IllegalStateException naming the ones it saw.
            throw new CassandraUnavailableException("Cassandra at " + settings.address()
                    + " answered but the session could not start (local datacenter '"
                    + settings.localDatacenter() + "'): " + e.getMessage(), e);
        }
    }

    /**
     * The consistency of every request, and the driver's own authentication and TLS options, over its defaults; the
     * classes are named as the driver's reference.conf names them.
     */
    static DriverConfigLoader configLoader(CassandraSettings settings) {
        CassandraSecurity security = settings.security();
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, settings.consistency().name());
        if (security.username().isPresent()) {
            config = config.withString(DefaultDriverOption.AUTH_PROVIDER_CLASS, "PlainTextAuthProvider")
                    .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, security.username().get())
                    .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, security.password().orElseThrow());
        }
        if (security.truststore().isPresent()) {
            config = config.withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory")
                    .withString(DefaultDriverOption.SSL_TRUSTSTORE_PATH, security.truststore().get().toString());
            if (security.truststorePassword().isPresent()) {
                config = config.withString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD,
                        security.truststorePassword().get());
            }
        }
        return config.build();
    }

    /** Cassandra answered but refused the login: names the user, never the password. */
    private static CassandraUnavailableException loginRejected(CassandraSettings settings, Throwable cause) {
        String user = settings.security().username()
                .map(name -> "user '" + name + "': check its password (CASSANDRA_PASSWORD or "
                        + "cryptostream.cassandra.password-file)")
                .orElse("a client without credentials: set cryptostream.cassandra.username and its password "
                        + "(CASSANDRA_PASSWORD or cryptostream.cassandra.password-file)");
        return new CassandraUnavailableException("Cassandra at " + settings.address() + " rejected the login of "
                + user, cause);
    }

    /** The failure to reach Cassandra at {@code settings}' address, with what to do about it. */
    public static CassandraUnavailableException unavailable(CassandraSettings settings, Throwable cause) {
        return new CassandraUnavailableException("Cassandra at " + settings.address()
                + " refused the connection: is it running? Start local servers with ./cryptostream servers start",
                cause);
    }
}
