package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSecurity;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Against a real Cassandra node that requires a login: the store's sessions and the Spark window sink log in as a
 * role of their own with the password from a file and write rows that read back; a wrong password stops them with
 * one line naming Cassandra and the user; and no password reaches a log line or an exception.
 */
class CassandraPasswordAuthIT {

    private static final String USER = "window_writer";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final Market MARKET = new Market("Kraken", "BTC", "USD");
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    static Path secrets;

    private static TestServers servers;
    private static ServerEndpoints endpoints;
    private static SparkSession spark;
    private static final StringWriter logs = new StringWriter();
    private static WriterAppender capture;

    @BeforeAll
    static void start() throws Exception {
        captureLogs();
        servers = TestServers.dedicatedWithCassandraPasswords();
        endpoints = servers.endpoints();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            try (CqlSession superuser = CassandraSessions.open(settings("system", ServerEndpoints.CASSANDRA_SUPERUSER,
                    ServerEndpoints.CASSANDRA_SUPERUSER))) {
                superuser.execute("CREATE ROLE IF NOT EXISTS " + USER + " WITH PASSWORD = '" + PASSWORD
                        + "' AND LOGIN = true");
            }
        });
        Files.writeString(secrets.resolve("cassandra-password"), PASSWORD + "\n");
        spark = SparkSessionFactory.create(JobSettings.defaults().withCassandra(asWriter("auth_setup")));
    }

    @AfterEach
    void noPasswordInTheLogs() {
        assertThat(logs.toString()).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD);
    }

    @AfterAll
    static void stop() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (servers != null) {
                servers.localServers().stop();
            }
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(capture.getName());
            context.updateLoggers();
            capture.stop();
        }
    }

    @Test
    void theStoreAndTheSparkSinkLogInWithThePasswordFromAFileAndTheirRowsReadBack() throws Exception {
        String keyspace = "auth_" + Long.toHexString(System.nanoTime());
        CassandraSettings writer = asWriter(keyspace);
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), Duration.ofMinutes(5));
        reference.addBatch(trades());

        CassandraWindowSink sink = CassandraWindowSink.open(writer);
        sink.write(TableRows.windowBatch(spark, 0, reference.directionWindows(), reference.candles()));

        try (CqlSession session = CassandraSessions.open(writer)) {
            assertThat(session.execute("SELECT username FROM system_views.clients").all())
                    .extracting(row -> row.getString("username")).contains(USER);
            WindowQueries queries = new WindowQueries(session, writer);
            assertThat(queries.windowsOfHour(START, 1_000))
                    .containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            List<Candle> candles = queries.candles(MARKET, START, START.plusSeconds(3600));
            assertThat(candles).containsExactlyInAnyOrderElementsOf(reference.candles());
        }
    }

    @Test
    void aWrongPasswordStopsTheStoreAndTheSinkInOneLineNamingCassandraAndTheUser() {
        CassandraSettings wrong = settings("auth_wrong", USER, WRONG_PASSWORD);
        String expected = "Cassandra at " + endpoints.cassandraHostPort() + " rejected the login of user '" + USER
                + "': check its password (CASSANDRA_PASSWORD or cryptostream.cassandra.password-file)";

        assertThatThrownBy(() -> StoreSchema.ensure(wrong))
                .isInstanceOf(CassandraUnavailableException.class)
                .hasMessage(expected)
                .satisfies(CassandraPasswordAuthIT::namesNoPassword);
        assertThatThrownBy(() -> CassandraWindowSink.open(wrong))
                .isInstanceOf(CassandraUnavailableException.class)
                .hasMessage(expected)
                .satisfies(CassandraPasswordAuthIT::namesNoPassword);
        // The driver's own warnings about the refused login were captured, so the check after each test has teeth.
        assertThat(logs.toString()).contains(USER);
    }

    @Test
    void withoutCredentialsTheMessageSaysToSetAUser() {
        CassandraSettings anonymous = settings("auth_anonymous", null, null);

        assertThatThrownBy(() -> CassandraSessions.open(anonymous).close())
                .isInstanceOf(CassandraUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("Cassandra at " + endpoints.cassandraHostPort()
                        + " rejected the login of a client without credentials: set cryptostream.cassandra.username");
    }

    /** The whole chain of causes, as a stack trace would print it. */
    private static void namesNoPassword(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
    }

    /** The writer's password as the CLI takes it from cryptostream.cassandra.password-file: the file's text, trimmed. */
    private static CassandraSettings asWriter(String keyspace) throws Exception {
        return settings(keyspace, USER, Files.readString(secrets.resolve("cassandra-password")).strip());
    }

    private static CassandraSettings settings(String keyspace, String user, String password) {
        CassandraSecurity security = new CassandraSecurity(Optional.ofNullable(user), Optional.ofNullable(password),
                Optional.empty(), Optional.empty());
        return new CassandraSettings(endpoints.host(), endpoints.cassandraPort(), endpoints.cassandraDatacenter(),
                keyspace, new Replication.SimpleStrategy(1)).withSecurity(security);
    }

    /** Everything logged at INFO and above by the driver and cryptostream, WARN and above by the rest. */
    private static void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("password-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        Configurator.setLevel("com.datastax", Level.INFO);
        Configurator.setLevel("io.cryptostream", Level.INFO);
    }

    private static List<Trade> trades() {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Instant eventTime = START.plusSeconds(i * 7L);
            TakerSide side = i % 3 == 0 ? TakerSide.SELL : TakerSide.BUY;
            trades.add(Trade.of(MARKET, side, new BigDecimal("20000.12").add(BigDecimal.valueOf(i, 2)),
                    new BigDecimal("0.00012345").multiply(BigDecimal.valueOf(i + 1)), Long.toString(1_000 + i),
                    eventTime, eventTime));
        }
        return trades;
    }
}
