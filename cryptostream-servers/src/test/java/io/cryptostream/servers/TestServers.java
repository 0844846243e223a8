package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one Cassandra node shared by all tests of a JVM, in any module: started on first use on
 * free ports, in a fresh directory under the module's {@code target/}, and stopped (data deleted, logs kept) when
 * the JVM exits. If the test JVM is killed outright, the servers notice and stop themselves.
 *
 * <pre>{@code
 * ServerEndpoints servers = TestServers.shared().endpoints();
 * producerProps.put("bootstrap.servers", servers.kafkaBootstrapServers());
 * CqlSession.builder().addContactPoint(servers.cassandraContactPoint())
 *         .withLocalDatacenter(servers.cassandraDatacenter()).build();
 * }</pre>
 *
 * Tests share the servers, so each should use its own topic and keyspace names.
 */
public final class TestServers {

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);

    private static TestServers shared;
    private static RuntimeException startFailure;

    private final LocalServers localServers;
    private final ServerEndpoints endpoints;

    private TestServers(LocalServers localServers, ServerEndpoints endpoints) {
        this.localServers = localServers;
        this.endpoints = endpoints;
    }

    /**
     * The JVM-wide servers, started by the first call (about 10–20 s); later calls return at once. A failed start
     * is not retried: every later call rethrows it, so one broken setup does not cost each test class a timeout.
     */
    public static synchronized TestServers shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw new ServerStartException("The shared test servers failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        try {
            shared = start(ServerSettings.defaults());
            return shared;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /**
     * Servers of the caller's own, on free ports in a fresh work dir, for tests that SIGKILL and restart them, which
     * would break every test on {@link #shared()}. Stopped when the JVM exits, like the shared ones.
     */
    public static TestServers dedicated() {
        return start(ServerSettings.defaults());
    }

    /**
     * Like {@link #dedicated()}, with Cassandra requiring a login
     * ({@link ServerSettings#withCassandraPasswordAuthentication()}); returns once the superuser
     * {@link ServerEndpoints#CASSANDRA_SUPERUSER} can log in. Stop them with {@code localServers().stop()} when done.
     */
    public static TestServers dedicatedWithCassandraPasswords() {
        return start(ServerSettings.defaults().withCassandraPasswordAuthentication());
    }

    public ServerEndpoints endpoints() {
        return endpoints;
    }

    /** SIGKILLs {@code server} as a crash would (no shutdown, no flush) and returns once its process is gone. */
    public void kill(ServerKind server) {
        localServers.status().stream().filter(status -> status.server() == server).findFirst()
                .flatMap(status -> status.pid().isPresent() ? ProcessHandle.of(status.pid().getAsLong()) : Optional.empty())
                .ifPresent(process -> ProcessSignals.kill(server.displayName(), process));
    }

    /** Starts every server that is not running, on its own ports and data dir, and returns once all answer. */
    public ServerEndpoints restart() {
        return localServers.start();
    }

    /** For {@code status()} and the work dir; do not {@code stop()} the shared ones, other tests use them. */
    public LocalServers localServers() {
        return localServers;
    }

    private static TestServers start(ServerSettings defaults) {
        Instant begin = Instant.now();
        ServerSettings settings = LoopbackPorts.assignFree(defaults
                .withWorkDir(freshWorkDir())
                .withLifetime(ServerLifetime.DISPOSABLE));
        LocalServers servers = new LocalServers(settings);
        ServerEndpoints endpoints = servers.start();
        log.info("Kafka at {} and Cassandra at {} started in {} s (work dir {})", endpoints.kafkaBootstrapServers(),
                endpoints.cassandraHostPort(),
                String.format(Locale.ROOT, "%.1f", Duration.between(begin, Instant.now()).toMillis() / 1000.0),
                settings.workDir());
        return new TestServers(servers, endpoints);
    }

    /** Under the module's {@code target/} (the test's working directory under Maven), else the temp dir. */
    private static Path freshWorkDir() {
        Path target = Path.of("target");
        Path parent = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(parent, "test-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work dir for the test servers in " + parent, e);
        }
    }
}
