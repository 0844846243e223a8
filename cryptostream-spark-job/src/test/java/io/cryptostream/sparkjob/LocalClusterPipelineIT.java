package io.cryptostream.sparkjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptostream.cli.CryptostreamCommand;
import io.cryptostream.domain.Trade;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.ExitWithParentLauncher;
import io.cryptostream.servers.LocalDataCluster;
import io.cryptostream.servers.LoopbackPorts;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.servers.ServerLifetime;
import io.cryptostream.servers.SparkStandaloneCluster;
import io.cryptostream.spark.SparkJvmFlags;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on {@code cluster start}'s cluster (three KRaft brokers, a three-node Cassandra ring, a Spark
 * master and two workers): a real capture replayed through ingest into a trades topic replicated three ways, the job
 * submitted to the master with spark-submit as docs/cluster.md shows, writing at LOCAL_QUORUM into a keyspace
 * replicated three ways. One broker and one Cassandra node are killed outright while the replay runs and started
 * again later; the candles and windows in Cassandra are exactly the reference aggregation of the capture, and the job
 * ran as one application and one query throughout. Every process started here ends with this JVM, even when killed.
 */
class LocalClusterPipelineIT {

    /** 9,757 Binance BTCUSDT trades over 346 s; replayed 5 times faster, about 70 s. */
    private static final String CAPTURE = "ws/binance_hftbacktest/spot_btcusdt_20240808.gz";
    private static final String SPEED = "5x";
    private static final String TOPIC = "trades";
    private static final String KEYSPACE = "cluster_pipeline";
    private static final String KILLED_BROKER = "kafka-2";
    private static final String KILLED_NODE = "cassandra-3";
    /** Longer than Cassandra's own timeouts, which a request waiting on the killed node meets. */
    private static final Duration CQL_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern APPLICATION_ID = Pattern.compile("\"id\"\\s*:\\s*\"(app-[^\"]+)\"");

    @Test
    void aCaptureReplayedWhileABrokerAndANodeAreKilledComesOutOfCassandraAsTheReferenceAggregates(@TempDir Path work)
            throws Exception {
        Path capture = Fixtures.require(CAPTURE);
        List<Trade> trades = CaptureTrades.of(capture, "binance");
        List<Integer> ports = LoopbackPorts.free(6);
        LocalDataCluster data = new LocalDataCluster(LocalDataCluster.Settings.defaults(work, ServerLifetime.UNTIL_JVM_EXIT)
                .withPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3)));
        SparkStandaloneCluster spark = new SparkStandaloneCluster(SparkStandaloneCluster.Settings.onThisMachine(work,
                ports.get(4), ports.get(5), 2, SparkJvmFlags.list(), ServerLifetime.UNTIL_JVM_EXIT));
        PeakMemory memory = new PeakMemory();
        Process driver = null;
        Process replay = null;
        try {
            long started = System.nanoTime();
            data.start();
            spark.start();
            System.out.printf("Cluster ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertThat(data.status()).extracting(LocalDataCluster.Member::name)
                    .containsExactly("kafka-1", "kafka-2", "kafka-3", "cassandra-1", "cassandra-2", "cassandra-3");
            assertThat(data.status()).allMatch(LocalDataCluster.Member::running);
            assertThat(data.status()).extracting(LocalDataCluster.Member::address)
                    .filteredOn(address -> address.startsWith("127.0.0.3:")).hasSize(1);
            assertThat(spark.status()).extracting(SparkStandaloneCluster.Member::name)
                    .containsExactly("master", "worker-1", "worker-2");

            String cassandraHosts = data.cassandraContactPoints().stream()
                    .map(point -> point.getHostString() + ":" + point.getPort()).collect(Collectors.joining(","));
            Path settings = Files.writeString(work.resolve("cluster.conf"), """
                    cryptostream.cassandra.replication { class = NetworkTopologyStrategy, datacenter-replication = { datacenter1 = 3 } }
                    """);
            Path driverLog = work.resolve("spark-submit.log");
            driver = SparkSubmission.start(work, List.of("--master", spark.masterUrl(),
                    "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2"), List.of(
                    "--config", settings.toString(),
                    "--kafka-broker", data.kafkaBootstrapServers(), "--kafka-topic", TOPIC,
                    "--cassandra-url", cassandraHosts, "--keyspace", KEYSPACE,
                    "--work-dir", work.toString(), "--trigger", "2s", "--timeout", "0"), driverLog);
            Process job = driver;
            memory.watch("driver", () -> job.pid());
            await("the job's query running on executors of the cluster").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        assertThat(job.isAlive()).as("spark-submit running: %s", driverLog).isTrue();
                        String log = Files.readString(driverLog);
                        return log.contains("Spark job reading topic " + TOPIC) && log.contains("Granted executor ID app-");
                    });
            String application = onlyApplication(spark);
            watchMembers(memory, data, spark);

            try (Admin admin = admin(data)) {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(60, TimeUnit.SECONDS)
                        .get(TOPIC);
                assertThat(topic.partitions()).hasSizeGreaterThan(1).allSatisfy(partition -> {
                    assertThat(partition.replicas()).hasSize(3);
                    assertThat(partition.isr()).hasSize(3);
                });
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                Config config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");

                Path replayLog = work.resolve("replay.log");
                replay = SparkSubmission.start(replayCommand(work, capture, data), replayLog);
                Process replaying = replay;
                memory.watch("replay (ingest)", () -> replaying.pid());
                long distinctTrades = trades.stream().map(Trade::tradeId).distinct().count();

                long beforeKills = await("a fifth of the trades in Kafka").atMost(Duration.ofMinutes(3))
                        .ignoreExceptions().until(() -> recordsIn(admin), records -> records >= distinctTrades / 5);
                assertThat(replay.isAlive()).as("the replay still running when the broker and the node are killed: %s",
                        replayLog).isTrue();
                data.kill(KILLED_BROKER);
                data.kill(KILLED_NODE);
                System.out.printf("Killed %s and %s with %d of %d trades in Kafka%n", KILLED_BROKER, KILLED_NODE,
                        beforeKills, distinctTrades);
                assertThat(data.status()).filteredOn(member -> !member.running())
                        .extracting(LocalDataCluster.Member::name).containsExactlyInAnyOrder(KILLED_BROKER, KILLED_NODE);

                long beforeRestarts = await("half of the trades in Kafka with a broker down")
                        .atMost(Duration.ofMinutes(3)).ignoreExceptions()
                        .until(() -> recordsIn(admin), records -> records >= distinctTrades / 2);
                System.out.printf("Restarting %s and %s with %d trades in Kafka, the replay %s%n", KILLED_BROKER,
                        KILLED_NODE, beforeRestarts, replay.isAlive() ? "running" : "done");
                data.restart(KILLED_BROKER);
                data.restart(KILLED_NODE);
                System.out.printf("Restarted %s and %s, the replay %s%n", KILLED_BROKER, KILLED_NODE,
                        replay.isAlive() ? "running" : "done");
                watchMembers(memory, data, spark);
                assertThat(data.status()).allMatch(LocalDataCluster.Member::running);

                SparkSubmission.Run replayed = SparkSubmission.await(replay, replayLog, 300);
                assertThat(replayed.exitCode()).as(replayed.output()).isZero();
                assertThat(recordsIn(admin)).as("records in the topic: each distinct trade once").isEqualTo(distinctTrades);
            }

            try (CqlSession session = session(data)) {
                Row replication = session.execute(
                        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", KEYSPACE).one();
                assertThat(replication.getMap("replication", String.class, String.class))
                        .containsEntry("datacenter1", "3");
                await("Cassandra holding the reference aggregation of the capture").atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                                SparkSubmission.assertRowsAreTheReferenceOf(trades, session, KEYSPACE));
            }
            assertThat(driver.isAlive()).as("the job still running: %s", driverLog).isTrue();
            assertThat(onlyApplication(spark)).as("the one application, never resubmitted").isEqualTo(application);
            assertThat(Files.readString(driverLog).split("Spark job reading topic ", -1))
                    .as("the query started once: %s", driverLog).hasSize(2);
        } finally {
            memory.close();
            if (driver != null) {
                driver.destroy();
                if (!driver.waitFor(60, TimeUnit.SECONDS)) {
                    driver.destroyForcibly().waitFor();
                }
            }
            if (replay != null) {
                replay.destroyForcibly().waitFor();
            }
            spark.stop();
            data.stop();
            memory.print();
        }
        assertThat(spark.status()).noneMatch(SparkStandaloneCluster.Member::running);
        assertThat(data.status()).noneMatch(LocalDataCluster.Member::running);
    }

    /** {@code replay --kafka-only}, paced, in a JVM of its own that ends with this one. */
    private static List<String> replayCommand(Path work, Path capture, LocalDataCluster data) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(SparkJvmFlags.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitWithParentLauncher.class.getName(),
                Long.toString(ProcessHandle.current().pid()), CryptostreamCommand.class.getName(),
                "replay", capture.toString(), "--venue", "binance", "--kafka-only", "--speed", SPEED,
                "--kafka-broker", data.kafkaBootstrapServers(), "--kafka-topic", TOPIC,
                "--work-dir", work.resolve("replay").toString()));
        return command;
    }

    /** The id of the master's one running application; none has completed. */
    private static String onlyApplication(SparkStandaloneCluster spark) throws Exception {
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(spark.masterUi() + "/json/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String active = json.substring(json.indexOf("\"activeapps\""), json.indexOf("\"completedapps\""));
        String completed = json.substring(json.indexOf("\"completedapps\""));
        List<String> running = new ArrayList<>();
        Matcher matcher = APPLICATION_ID.matcher(active);
        while (matcher.find()) {
            running.add(matcher.group(1));
        }
        assertThat(running).as("running applications: %s", json).hasSize(1);
        assertThat(APPLICATION_ID.matcher(completed).find()).as("completed applications: %s", json).isFalse();
        return running.get(0);
    }

    /** Every record in the topic's partitions (nothing is ever deleted from it here). */
    private static long recordsIn(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topic.partitions().forEach(partition -> latest.put(new TopicPartition(TOPIC, partition.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static void watchMembers(PeakMemory memory, LocalDataCluster data, SparkStandaloneCluster spark) {
        for (LocalDataCluster.Member member : data.status()) {
            member.pid().ifPresent(pid -> memory.watch(member.name(), () -> pid));
        }
        for (SparkStandaloneCluster.Member member : spark.status()) {
            member.pid().ifPresent(pid -> {
                memory.watch("spark " + member.name(), () -> pid);
                // The executor a worker started for the job.
                ProcessHandle.of(pid).ifPresent(worker -> worker.children().forEach(executor ->
                        memory.watch("executor of " + member.name(), executor::pid)));
            });
        }
        memory.watch("this test JVM", () -> ProcessHandle.current().pid());
    }

    private static Admin admin(LocalDataCluster data) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, data.kafkaBootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis());
        return Admin.create(config);
    }

    /** Reads at LOCAL_QUORUM, as the job writes: two of the three replicas answer. */
    private static CqlSession session(LocalDataCluster data) {
        return CqlSession.builder().addContactPoints(data.cassandraContactPoints())
                .withLocalDatacenter(data.cassandraDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, CQL_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, CQL_TIMEOUT)
                        .build())
                .build();
    }

    /**
     * The highest resident set size seen of each watched process, sampled every second while the test runs, for the
     * memory budget in docs/cluster.md.
     */
    private static final class PeakMemory implements AutoCloseable {
        private final Map<String, Supplier<Long>> watched = new ConcurrentHashMap<>();
        private final Map<String, Long> peaks = new ConcurrentHashMap<>();
        private volatile long peakTotal;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rss-sampler");
            thread.setDaemon(true);
            return thread;
        });

        PeakMemory() {
            sampler.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
        }

        void watch(String name, Supplier<Long> pid) {
            watched.put(name + " (" + pid.get() + ")", pid);
        }

        private void sample() {
            long total = 0;
            for (Map.Entry<String, Supplier<Long>> process : watched.entrySet()) {
                long rss = ProcessMemory.rssBytes(process.getValue().get()).orElse(0);
                peaks.merge(process.getKey(), rss, Math::max);
                total += rss;
            }
            peakTotal = Math.max(peakTotal, total);
        }

        void print() {
            Map<String, Long> sorted = new TreeMap<>(peaks);
            sorted.forEach((name, rss) -> System.out.printf("peak RSS %-40s %,6d MiB%n", name, rss >> 20));
            System.out.printf("peak RSS of all of them at one time: %,d MiB%n", peakTotal >> 20);
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }
}
