package io.cryptostream.store;

import io.cryptostream.domain.SensitiveProperties;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the driver and the Spark connector authenticate to Cassandra and encrypt the connection. Passwords come from
 * the environment or a file (the CLI reads them), never from the command line; they print masked.
 *
 * @param username           PLAIN (password) authentication when present
 * @param password           required with a username
 * @param truststore         TLS with this truststore (JKS or PKCS12) when present
 * @param truststorePassword the truststore's password, if it has one
 */
public record CassandraSecurity(Optional<String> username, Optional<String> password, Optional<Path> truststore,
                                Optional<String> truststorePassword) {

    public CassandraSecurity {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        if (username.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("Cassandra user " + username.get() + " needs a password: set "
                    + "CASSANDRA_PASSWORD or cryptostream.cassandra.password-file");
        }
    }

    /** Neither authentication nor TLS: the local server. */
    public static CassandraSecurity none() {
        return new CassandraSecurity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "CassandraSecurity[username=" + username.orElse("") + ", password="
                + password.map(p -> SensitiveProperties.MASK).orElse("") + ", truststore="
                + truststore.map(Path::toString).orElse("") + ", truststorePassword="
                + truststorePassword.map(p -> SensitiveProperties.MASK).orElse("") + "]";
    }
}
