package io.cryptostream.sparkjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.spark.SparkJvmFlags;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ExitWithParentLauncher;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableRow;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** The spark-submit jar run by Spark's own SparkSubmit, on the classpath a Spark installation gives its driver. */
final class SparkSubmission {

    private SparkSubmission() {
    }

    /** A finished child process: its exit code and everything it printed. */
    record Run(int exitCode, String output) {
    }

    /** {@code spark-submit SPARK_OPTIONS job.jar JOB_FLAGS}, waited for; its output is in {@code work}. */
    static Run run(Path work, List<String> sparkOptions, List<String> jobFlags) throws Exception {
        Path log = work.resolve("spark-submit.log");
        return await(start(work, sparkOptions, jobFlags, log), log, 300);
    }

    /**
     * {@code spark-submit SPARK_OPTIONS job.jar JOB_FLAGS} started, its output going to {@code log}. The driver ends
     * with this JVM, even when it is killed.
     */
    static Process start(Path work, List<String> sparkOptions, List<String> jobFlags, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(SparkJvmFlags.list());
        command.addAll(List.of("-cp", sparkInstallationClasspath() + File.pathSeparator
                        + ExitWithParentLauncher.installIn(work.resolve("launcher")),
                ExitWithParentLauncher.class.getName(), Long.toString(ProcessHandle.current().pid()),
                "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(sparkOptions);
        command.addAll(List.of("--class", "io.cryptostream.cli.AggregateJob", System.getProperty("cryptostream.spark-job.jar")));
        command.addAll(jobFlags);
        return start(command, log);
    }

    /** {@code command} started with its output going to {@code log}. */
    static Process start(List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    static Run await(List<String> command, Path log, int timeoutSeconds) throws Exception {
        return await(start(command, log), log, timeoutSeconds);
    }

    static Run await(Process process, Path log, int timeoutSeconds) throws Exception {
        try {
            assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                    .as("%s finished within %d s: %s", process.info().commandLine().orElse("a child JVM"),
                            timeoutSeconds, log).isTrue();
        } finally {
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    /** Both tables of {@code keyspace} hold exactly the reference aggregation of {@code trades}. */
    static void assertRowsAreTheReferenceOf(List<Trade> trades, ServerEndpoints servers, String keyspace) {
        try (CqlSession session = CqlSession.builder().addContactPoint(servers.cassandraContactPoint())
                .withLocalDatacenter(servers.cassandraDatacenter()).build()) {
            assertRowsAreTheReferenceOf(trades, session, keyspace);
        }
    }

    /** Both tables of {@code keyspace}, read through {@code session}, hold exactly the reference of {@code trades}. */
    static void assertRowsAreTheReferenceOf(List<Trade> trades, CqlSession session, String keyspace) {
        ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
        assertThat(rows(session, keyspace + "." + StoreSchema.WINDOWS_TABLE, DirectionWindow::of))
                .containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(rows(session, keyspace + "." + StoreSchema.CANDLES_TABLE, Candle::of))
                .containsExactlyInAnyOrderElementsOf(reference.candles());
    }

    private static <T> List<T> rows(CqlSession session, String table, Function<TableRow, T> record) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + table).spliterator(), false)
                .map(row -> record.apply(TableRow.of(row))).toList();
    }

    /** Recorded by cryptostream-runtime-spark: spark-sql and what it brings, as a Spark installation's jars/. */
    private static String sparkInstallationClasspath() throws Exception {
        try (InputStream in = SparkSubmission.class.getResourceAsStream("/io/cryptostream/servers/spark-installation.classpath")) {
            assertThat(in).as("the cryptostream-runtime-spark jar on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
