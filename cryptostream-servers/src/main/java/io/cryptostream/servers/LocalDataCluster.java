package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Uuid;

/**
 * Kafka brokers in one KRaft quorum and Cassandra nodes in one ring (one data centre), each a child JVM on this
 * machine, with config, data and logs under {@code <work-dir>/data-cluster/<member>}. Broker {@code i} (from 1) listens
 * on 127.0.0.1 at {@code kafkaPort + 100 (i - 1)}, its controller one above; node {@code i} on {@code 127.0.0.i} at the
 * same CQL and storage ports, its JMX at {@code cassandraJmxPort + 100 (i - 1)}.
 *
 * <p>{@link #start()} returns once every broker answers and the quorum counts every voter, and once the ring shows
 * every node up. The brokers start together (a quorum needs a majority to elect a leader); the nodes one after the
 * other, each joining the ring the previous ones formed.
 */
public final class LocalDataCluster {

    /**
     * @param kafkaHeap     each broker's {@code -Xmx}, e.g. {@code 384m}
     * @param cassandraHeap each node's heap, e.g. {@code 512m}
     */
    public record Settings(Path workDir, int brokers, int kafkaPort, String kafkaHeap, int nodes, int cassandraPort,
                           int cassandraStoragePort, int cassandraJmxPort, String cassandraHeap, Duration startTimeout,
                           Duration stopTimeout, ServerLifetime lifetime) {

        /** Three brokers on 39092/39192/39292, three nodes on 127.0.0.1–3:39042 (storage 37000, JMX 37199...). */
        public static Settings defaults(Path workDir, ServerLifetime lifetime) {
            return new Settings(workDir.toAbsolutePath().normalize(), 3, 39092, "384m", 3, 39042, 37000, 37199, "512m",
                    Duration.ofMinutes(5), ServerSettings.DEFAULT_STOP_TIMEOUT, lifetime);
        }

        public Settings withPorts(int newKafkaPort, int newCassandraPort, int newStoragePort, int newJmxPort) {
            return new Settings(workDir, brokers, newKafkaPort, kafkaHeap, nodes, newCassandraPort, newStoragePort,
                    newJmxPort, cassandraHeap, startTimeout, stopTimeout, lifetime);
        }
    }

    /** One broker or node: its name ({@code kafka-1}, {@code cassandra-3}...), client address and pid if alive. */
    public record Member(String name, String address, OptionalLong pid, Path log) {

        public boolean running() {
            return pid.isPresent();
        }
    }

    private static final int PORT_STEP = 100;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final Settings settings;
    private final Path root;
    private final MemberStateFile state;
    private final ServerLaunch launch;
    private final KafkaQuorum quorum;
    private final CassandraRing ring;
    private final AtomicBoolean stopHookRegistered = new AtomicBoolean();

    public LocalDataCluster(Settings settings) {
        this.settings = settings;
        this.root = settings.workDir().resolve("data-cluster");
        this.state = new MemberStateFile(root.resolve("members.state"),
                "Kafka brokers and Cassandra nodes started by cryptostream cluster start");
        this.launch = new ServerLaunch(settings.workDir(), settings.lifetime());
        List<Integer> controllerPorts = new ArrayList<>();
        for (int broker = 1; broker <= settings.brokers(); broker++) {
            controllerPorts.add(kafkaPorts(broker).get(ServerPort.KAFKA_CONTROLLER));
        }
        this.quorum = new KafkaQuorum(clusterId(), controllerPorts);
        this.ring = CassandraRing.onLoopback(settings.nodes());
    }

    /** {@code bootstrap.servers} for clients: every broker. */
    public String kafkaBootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int broker = 1; broker <= settings.brokers(); broker++) {
            servers.add(LocalServers.HOST + ":" + kafkaPorts(broker).get(ServerPort.KAFKA));
        }
        return String.join(",", servers);
    }

    /** Every node's CQL address, as the driver's contact points. */
    public List<InetSocketAddress> cassandraContactPoints() {
        return ring.hosts().stream().map(host -> new InetSocketAddress(host, settings.cassandraPort())).toList();
    }

    public String cassandraDatacenter() {
        return ServerEndpoints.CASSANDRA_DATACENTER;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Starts the members unless every recorded one still runs (then only waits for the quorum and the ring).
     * Members that do not get ready in time are stopped.
     *
     * @throws ServerStartException naming a port in use, or the member that failed and the end of its log
     */
    public void start() {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        if (status().stream().allMatch(Member::running)) {
            awaitQuorum(deadline);
            awaitRing(deadline);
            return;
        }
        stop();
        LocalServers.requireJavaForCassandra();
        requirePortsFree();
        Optional<Path> exitWithParentClasspath = settings.lifetime().stopsAtJvmExit()
                ? Optional.of(launch.installExitWithParentLauncher())
                : Optional.empty();
        if (settings.lifetime().stopsAtJvmExit() && stopHookRegistered.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-local-data-cluster"));
        }
        try {
            List<Process> brokers = new ArrayList<>();
            for (int broker = 1; broker <= settings.brokers(); broker++) {
                brokers.add(launch(broker(broker), brokerName(broker), kafkaPorts(broker), exitWithParentClasspath,
                        deadline));
            }
            for (int node = 1; node <= settings.nodes(); node++) {
                CassandraNode server = node(node);
                Process process = launch(server, nodeName(node), cassandraPorts(node), exitWithParentClasspath,
                        deadline);
                requireReady(server, server.host(), nodeName(node), process, settings.cassandraPort(), deadline);
            }
            for (int broker = 1; broker <= settings.brokers(); broker++) {
                requireReady(broker(broker), LocalServers.HOST, brokerName(broker), brokers.get(broker - 1),
                        kafkaPorts(broker).get(ServerPort.KAFKA), deadline);
            }
            awaitQuorum(deadline);
            awaitRing(deadline);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Every broker, then every node, as recorded, with the pid of those alive. */
    public List<Member> status() {
        List<Member> members = new ArrayList<>();
        for (int broker = 1; broker <= settings.brokers(); broker++) {
            String name = brokerName(broker);
            members.add(member(name, LocalServers.HOST + ":" + kafkaPorts(broker).get(ServerPort.KAFKA),
                    ServerKind.KAFKA));
        }
        for (int node = 1; node <= settings.nodes(); node++) {
            members.add(member(nodeName(node), ring.host(node - 1) + ":" + settings.cassandraPort(),
                    ServerKind.CASSANDRA));
        }
        return members;
    }

    /** Stops every running member at once: SIGTERM, SIGKILL after the stop timeout. Returns those that ran. */
    public List<Member> stop() {
        List<Member> running = status().stream().filter(Member::running).toList();
        List<Callable<Member>> stops = new ArrayList<>();
        for (Member member : running) {
            stops.add(() -> {
                ProcessHandle.of(member.pid().getAsLong()).ifPresent(process ->
                        ProcessSignals.terminate(member.name(), process, settings.stopTimeout()));
                return member;
            });
        }
        ConcurrentTasks.run("stop", stops);
        state.delete();
        return running;
    }

    /**
     * Starts one member that is not running (after {@link #kill}, say) again on its own data, and returns once the
     * quorum counts every broker again (for a broker) or the ring shows every node up again (for a node); other
     * members may still be down.
     *
     * @throws IllegalArgumentException for a name that is not one of {@link #status()}'s
     */
    public void restart(String member) {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        Optional<Path> exitWithParentClasspath = settings.lifetime().stopsAtJvmExit()
                ? Optional.of(launch.installExitWithParentLauncher())
                : Optional.empty();
        boolean down = state.liveProcess(member).isEmpty();
        for (int broker = 1; broker <= settings.brokers(); broker++) {
            if (member.equals(brokerName(broker))) {
                if (down) {
                    Process process = launch(broker(broker), member, kafkaPorts(broker), exitWithParentClasspath,
                            deadline);
                    requireReady(broker(broker), LocalServers.HOST, member, process,
                            kafkaPorts(broker).get(ServerPort.KAFKA), deadline);
                }
                awaitQuorum(deadline);
                return;
            }
        }
        for (int node = 1; node <= settings.nodes(); node++) {
            if (member.equals(nodeName(node))) {
                if (down) {
                    CassandraNode server = node(node);
                    Process process = launch(server, member, cassandraPorts(node), exitWithParentClasspath, deadline);
                    requireReady(server, server.host(), member, process, settings.cassandraPort(), deadline);
                }
                awaitRing(deadline);
                return;
            }
        }
        throw new IllegalArgumentException("No cluster member " + member + ": the members are "
                + status().stream().map(Member::name).toList());
    }

    /** SIGKILL of one member, as a crash would end it; for tests of the cluster's tolerance. */
    public void kill(String member) {
        state.liveProcess(member).ifPresent(process -> ProcessSignals.kill(member, process));
    }

    private Process launch(ChildServer server, String name, Map<ServerPort, Integer> ports,
                           Optional<Path> exitWithParentClasspath, Instant deadline) {
        try {
            Process process = launch.start(server, files(name, server.kind()), ports, exitWithParentClasspath,
                    deadline);
            state.record(name, process.toHandle());
            return process;
        } catch (IOException e) {
            throw new ServerStartException("Cannot launch " + name + " in " + root.resolve(name) + ": " + e, e);
        }
    }

    private void requireReady(ChildServer server, String host, String name, Process process, int clientPort,
                              Instant deadline) {
        ReadinessProbe probe = new ReadinessProbe(server, host, files(name, server.kind()), settings.startTimeout());
        Readiness readiness = probe.await(process.toHandle(), Optional.of(process), clientPort, deadline);
        if (readiness instanceof Readiness.Exited exited) {
            throw new ServerStartException(name + ": " + exited.detail() + probe.logTails());
        }
        if (readiness instanceof Readiness.TimedOut timedOut) {
            throw new ServerStartException(name + ": " + timedOut.detail() + " The cluster was stopped."
                    + probe.logTails());
        }
    }

    /** Until the quorum has every broker as a voter that has caught up with the leader. */
    private void awaitQuorum(Instant deadline) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "cryptostream-quorum-check");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        String seen = "no answer";
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    QuorumInfo info = admin.describeMetadataQuorum().quorumInfo()
                            .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    long caughtUp = info.voters().stream()
                            .filter(voter -> voter.lastCaughtUpTimestamp().isPresent()).count();
                    int brokers = admin.describeCluster().nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .size();
                    seen = caughtUp + " voters caught up and " + brokers + " brokers";
                    if (caughtUp == settings.brokers() && brokers == settings.brokers()) {
                        return;
                    }
                } catch (Exception e) {
                    seen = e.toString();
                }
                String last = seen;
                pauseUntil(deadline, () -> "The Kafka quorum at " + kafkaBootstrapServers() + " did not count "
                        + settings.brokers() + " brokers within " + settings.startTimeout().toSeconds() + " s (last: "
                        + last + "); see the logs under " + root);
            }
        }
    }

    /** Until the driver sees every node of the ring up. */
    private void awaitRing(Instant deadline) {
        String seen = "no answer";
        while (true) {
            try (CqlSession session = CqlSession.builder().addContactPoints(cassandraContactPoints())
                    .withLocalDatacenter(cassandraDatacenter())
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, PROBE_TIMEOUT)
                            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, PROBE_TIMEOUT)
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, PROBE_TIMEOUT)
                            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                            .build())
                    .build()) {
                long peers = session.execute("SELECT peer FROM system.peers").all().size();
                long up = session.getMetadata().getNodes().values().stream()
                        .filter(node -> node.getState() == NodeState.UP).count();
                seen = up + " nodes up, " + peers + " peers";
                if (up == settings.nodes() && peers == settings.nodes() - 1) {
                    return;
                }
            } catch (RuntimeException e) {
                seen = e.toString();
            }
            String last = seen;
            pauseUntil(deadline, () -> "The Cassandra ring at " + cassandraContactPoints() + " did not show "
                    + settings.nodes() + " nodes up within " + settings.startTimeout().toSeconds() + " s (last: "
                    + last + "); see the logs under " + root);
        }
    }

    private static void pauseUntil(Instant deadline, Supplier<String> timeoutMessage) {
        if (Instant.now().isAfter(deadline)) {
            throw new ServerStartException(timeoutMessage.get());
        }
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("Interrupted while waiting for the local data cluster", e);
        }
    }

    private void requirePortsFree() {
        for (int broker = 1; broker <= settings.brokers(); broker++) {
            kafkaPorts(broker).forEach(LoopbackPorts::requireFree);
        }
        for (int node = 1; node <= settings.nodes(); node++) {
            LoopbackPorts.requireFree(ServerPort.CASSANDRA_JMX, cassandraPorts(node).get(ServerPort.CASSANDRA_JMX));
        }
        // The CQL and storage ports are the same on every node's own address; 127.0.0.1 is the first node's.
        LoopbackPorts.requireFree(ServerPort.CASSANDRA_CQL, settings.cassandraPort());
        LoopbackPorts.requireFree(ServerPort.CASSANDRA_STORAGE, settings.cassandraStoragePort());
    }

    private KafkaBroker broker(int broker) {
        return new KafkaBroker(quorum, broker, settings.kafkaHeap());
    }

    private CassandraNode node(int node) {
        return new CassandraNode(false, ring, node - 1, settings.cassandraHeap());
    }

    private Map<ServerPort, Integer> kafkaPorts(int broker) {
        int port = settings.kafkaPort() + PORT_STEP * (broker - 1);
        Map<ServerPort, Integer> ports = new EnumMap<>(ServerPort.class);
        ports.put(ServerPort.KAFKA, port);
        ports.put(ServerPort.KAFKA_CONTROLLER, port + 1);
        return ports;
    }

    private Map<ServerPort, Integer> cassandraPorts(int node) {
        Map<ServerPort, Integer> ports = new EnumMap<>(ServerPort.class);
        ports.put(ServerPort.CASSANDRA_CQL, settings.cassandraPort());
        ports.put(ServerPort.CASSANDRA_STORAGE, settings.cassandraStoragePort());
        ports.put(ServerPort.CASSANDRA_JMX, settings.cassandraJmxPort() + PORT_STEP * (node - 1));
        return ports;
    }

    private ServerFiles files(String member, ServerKind kind) {
        return new ServerFiles(kind, root.resolve(member));
    }

    private Member member(String name, String address, ServerKind kind) {
        return new Member(name, address, state.liveProcess(name).map(process -> OptionalLong.of(process.pid()))
                .orElse(OptionalLong.empty()), files(name, kind).serverLog());
    }

    /**
     * The brokers' one cluster id, kept next to their storage: storage formatted with it must meet it again on the
     * next start. A fresh id for a cluster whose storage is gone.
     */
    private String clusterId() {
        Path file = root.resolve("kafka-cluster.id");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(root);
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private static String brokerName(int broker) {
        return "kafka-" + broker;
    }

    private static String nodeName(int node) {
        return "cassandra-" + node;
    }
}
