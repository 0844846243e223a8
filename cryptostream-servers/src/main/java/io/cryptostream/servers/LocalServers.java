package io.cryptostream.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, inspects and stops a real Kafka broker and a real Cassandra node as child JVMs, each on its own
 * classpath recorded at build time, with data, logs and generated config under the work dir.
 *
 * <p>The pid and ports of each launched server go to {@code servers.state} in the work dir, so a later process
 * can find them: {@link #start()} reuses servers that still run, {@link #status()} and {@link #stop()} work on
 * servers started by another process. A file lock in the work dir serialises {@code start} and {@code stop}
 * across processes.
 */
public final class LocalServers {

    /** Every server listens on loopback only. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    private final ServerSettings settings;
    private final ServerStateFile state;
    private final WorkDirLock lock;
    private final ServerLaunch launch;
    private final StopAtJvmExit stopAtJvmExit;

    public LocalServers(ServerSettings settings) {
        this.settings = settings;
        this.state = new ServerStateFile(settings.workDir().resolve("servers.state"));
        this.lock = new WorkDirLock(settings.workDir());
        this.launch = new ServerLaunch(settings.workDir(), settings.lifetime());
        this.stopAtJvmExit = new StopAtJvmExit(settings, state);
    }

    public ServerSettings settings() {
        return settings;
    }

    public Path workDir() {
        return settings.workDir();
    }

    /** The server's own log file (its JVM output goes to {@code console.log} next to it). */
    public Path logFile(ServerKind server) {
        return ServerFiles.in(workDir(), server).serverLog();
    }

    /**
     * Starts whichever server is not running yet, concurrently, and waits until both accept connections: Kafka
     * answers {@code describeCluster}, Cassandra answers {@code SELECT release_version FROM system.local}.
     * A server recorded in the work dir that still runs is reused, on the ports it was started with.
     *
     * @throws PortInUseException   before launching anything, if another process holds a port
     * @throws ServerStartException if a server dies or is not ready within the start timeout; the message
     *                              quotes the end of its log
     */
    public ServerEndpoints start() {
        return lock.holding(this::startLocked);
    }

    /** What runs from this work dir, with pids and ports; servers never started are {@code STOPPED}. */
    public List<ServerStatus> status() {
        Map<ServerKind, ServerStateFile.Entry> recorded = state.read();
        List<ServerStatus> statuses = new ArrayList<>();
        for (ServerKind server : ServerKind.values()) {
            ServerStateFile.Entry entry = recorded.get(server);
            Optional<ProcessHandle> process = entry == null ? Optional.empty() : entry.liveProcess();
            statuses.add(process.isPresent()
                    ? statusOf(entry, process.get())
                    : new ServerStatus(server, ServerStatus.State.STOPPED, OptionalLong.empty(),
                    settings.ports(server), logFile(server)));
        }
        return statuses;
    }

    /**
     * Stops the servers recorded in the work dir, concurrently: SIGTERM, then SIGKILL after the stop timeout.
     *
     * @return the servers that were stopped, as they were just before
     */
    public List<ServerStatus> stop() {
        return lock.holding(() -> {
            List<Callable<ServerStatus>> stops = new ArrayList<>();
            for (ServerStateFile.Entry entry : state.read().values()) {
                Optional<ProcessHandle> process = entry.liveProcess();
                if (process.isEmpty()) {
                    state.remove(entry.server());
                    continue;
                }
                stops.add(() -> {
                    ServerStatus before = statusOf(entry, process.get());
                    ProcessSignals.terminate(entry.server().displayName(), process.get(), settings.stopTimeout());
                    state.remove(entry.server());
                    stopAtJvmExit.forget(entry.pid());
                    return before;
                });
            }
            return ConcurrentTasks.run("stop", stops);
        });
    }

    private ServerEndpoints startLocked() {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        Map<ServerKind, ServerStateFile.Entry> running = new EnumMap<>(ServerKind.class);
        List<ServerKind> toLaunch = new ArrayList<>();
        state.read().forEach((server, entry) -> {
            if (entry.liveProcess().isPresent()) {
                running.put(server, entry);
            } else {
                state.remove(server);
            }
        });
        for (ServerKind server : ServerKind.values()) {
            if (!running.containsKey(server)) {
                toLaunch.add(server);
            }
        }
        if (toLaunch.contains(ServerKind.CASSANDRA)) {
            requireJavaForCassandra();
        }
        for (ServerKind server : toLaunch) {
            for (ServerPort port : server.ports()) {
                LoopbackPorts.requireFree(port, settings.port(port));
            }
        }
        Optional<Path> exitWithParentClasspath = settings.lifetime().stopsAtJvmExit() && !toLaunch.isEmpty()
                ? Optional.of(launch.installExitWithParentLauncher())
                : Optional.empty();
        List<Callable<Integer>> starts = new ArrayList<>();
        for (ServerKind server : ServerKind.values()) {
            ServerStateFile.Entry entry = running.get(server);
            starts.add(entry != null
                    ? () -> reuse(entry, deadline)
                    : () -> launch(server, exitWithParentClasspath, deadline));
        }
        List<Integer> clientPorts = ConcurrentTasks.run("start", starts);
        return new ServerEndpoints(HOST, clientPorts.get(ServerKind.KAFKA.ordinal()),
                clientPorts.get(ServerKind.CASSANDRA.ordinal()));
    }

    /** A server that does not answer in time is left alone for the person to inspect. */
    private int reuse(ServerStateFile.Entry entry, Instant deadline) {
        ServerKind server = entry.server();
        ProcessHandle process = entry.liveProcess().orElseThrow();
        int clientPort = entry.clientPort();
        if (clientPort != settings.port(server.clientPort())) {
            log.warn("{} already runs from {} on port {}, not on the configured {}: stop it first to move it",
                    server.displayName(), workDir(), clientPort, settings.port(server.clientPort()));
        }
        requireReady(ChildServer.of(server, settings), process, Optional.empty(), clientPort, deadline,
                () -> "Stop it with `cryptostream servers stop` and start again.");
        log.info("{} already runs (pid {}) at {}:{}: reusing it", server.displayName(), process.pid(), HOST,
                clientPort);
        return clientPort;
    }

    /** A server launched here that does not answer in time is stopped. */
    private int launch(ServerKind kind, Optional<Path> exitWithParentClasspath, Instant deadline) {
        Instant launchStart = Instant.now();
        ChildServer server = ChildServer.of(kind, settings);
        Map<ServerPort, Integer> ports = settings.ports(kind);
        Process process;
        try {
            process = launch.start(server, ServerFiles.in(workDir(), kind), ports, exitWithParentClasspath, deadline);
        } catch (IOException e) {
            throw new ServerStartException("Cannot launch " + kind.displayName() + " in "
                    + ServerFiles.in(workDir(), kind).root() + ": " + e, e);
        }
        ProcessHandle handle = process.toHandle();
        state.put(ServerStateFile.Entry.of(kind, handle, ports));
        if (settings.lifetime().stopsAtJvmExit()) {
            stopAtJvmExit.add(kind, handle);
        }
        int clientPort = ports.get(kind.clientPort());
        requireReady(server, handle, Optional.of(process), clientPort, deadline, () -> {
            ProcessSignals.terminate(kind.displayName(), handle, settings.stopTimeout());
            state.remove(kind);
            return "It was stopped.";
        });
        log.debug("{} started (pid {}) at {}:{} in {} ms", kind.displayName(), handle.pid(), HOST, clientPort,
                Duration.between(launchStart, Instant.now()).toMillis());
        return clientPort;
    }

    /**
     * Returns once the server answers a real request. One that exited is forgotten; for one still running when the
     * deadline passes, {@code onTimeout} deals with it and says how, for the message.
     */
    private void requireReady(ChildServer server, ProcessHandle process, Optional<Process> child, int clientPort,
                              Instant deadline, Supplier<String> onTimeout) {
        ReadinessProbe probe = new ReadinessProbe(server, HOST, ServerFiles.in(workDir(), server.kind()),
                settings.startTimeout());
        Readiness readiness = probe.await(process, child, clientPort, deadline);
        if (readiness instanceof Readiness.Exited exited) {
            state.remove(server.kind());
            throw new ServerStartException(exited.detail() + probe.logTails());
        }
        if (readiness instanceof Readiness.TimedOut timedOut) {
            throw new ServerStartException(timedOut.detail() + " " + onTimeout.get() + probe.logTails());
        }
    }

    private ServerStatus statusOf(ServerStateFile.Entry entry, ProcessHandle process) {
        ServerStatus.State running = LoopbackPorts.acceptsConnections(entry.clientPort())
                ? ServerStatus.State.RUNNING
                : ServerStatus.State.NOT_ANSWERING;
        return new ServerStatus(entry.server(), running, OptionalLong.of(process.pid()), entry.ports(),
                logFile(entry.server()));
    }

    static void requireJavaForCassandra() {
        int feature = Runtime.version().feature();
        if (feature != 11 && feature != 17) {
            throw new ServerStartException("Cassandra 5.0 runs on Java 11 or 17, but this JVM is Java " + feature
                    + " (" + System.getProperty("java.home") + "): run cryptostream with JDK 17");
        }
    }
}
