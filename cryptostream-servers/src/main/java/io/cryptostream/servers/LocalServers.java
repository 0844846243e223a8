package io.cryptostream.servers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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

    static final File DEV_NULL = new File("/dev/null");

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);
    private static final int LOG_TAIL_LINES = 25;
    private static final int LOG_TAIL_BYTES = 16 * 1024;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNECT_TIMEOUT_MS = 500;
    /** A FileLock belongs to the whole JVM, so instances on the same work dir also synchronise in memory. */
    private static final Map<Path, Object> WORK_DIR_MONITORS = new ConcurrentHashMap<>();

    private final ServerSettings settings;
    private final ServerStateFile state;
    private final List<LaunchedServer> stoppedAtJvmExit = new CopyOnWriteArrayList<>();
    private final AtomicBoolean exitHookRegistered = new AtomicBoolean();

    private record LaunchedServer(ServerKind server, ProcessHandle process) {
    }

    public LocalServers(ServerSettings settings) {
        this.settings = settings;
        this.state = new ServerStateFile(settings.workDir().resolve("servers.state"));
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
        return underWorkDirLock(this::startLocked);
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
        return underWorkDirLock(() -> {
            List<Callable<ServerStatus>> stops = new ArrayList<>();
            for (ServerStateFile.Entry entry : state.read().values()) {
                Optional<ProcessHandle> process = entry.liveProcess();
                if (process.isEmpty()) {
                    state.remove(entry.server());
                    continue;
                }
                stops.add(() -> {
                    ServerStatus before = statusOf(entry, process.get());
                    stopProcess(entry.server(), process.get());
                    state.remove(entry.server());
                    stoppedAtJvmExit.removeIf(launched -> launched.process().pid() == entry.pid());
                    return before;
                });
            }
            return inParallel("stop", stops);
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
                requireFree(port, settings.port(port));
            }
        }
        Optional<Path> exitWithParentClasspath = settings.lifetime().stopsAtJvmExit() && !toLaunch.isEmpty()
                ? Optional.of(installExitWithParentLauncher())
                : Optional.empty();
        List<Callable<Integer>> starts = new ArrayList<>();
        for (ServerKind server : ServerKind.values()) {
            ServerStateFile.Entry entry = running.get(server);
            starts.add(entry != null
                    ? () -> reuse(entry, deadline)
                    : () -> launch(server, exitWithParentClasspath, deadline));
        }
        List<Integer> clientPorts = inParallel("start", starts);
        return new ServerEndpoints(HOST, clientPorts.get(ServerKind.KAFKA.ordinal()),
                clientPorts.get(ServerKind.CASSANDRA.ordinal()));
    }

    private int reuse(ServerStateFile.Entry entry, Instant deadline) {
        ServerKind server = entry.server();
        ProcessHandle process = entry.liveProcess().orElseThrow();
        int clientPort = entry.clientPort();
        if (clientPort != settings.port(server.clientPort())) {
            log.warn("{} already runs from {} on port {}, not on the configured {}: stop it first to move it",
                    server.displayName(), workDir(), clientPort, settings.port(server.clientPort()));
        }
        awaitReady(ChildServer.of(server, settings), process, Optional.empty(), clientPort, deadline, false);
        log.info("{} already runs (pid {}) at {}:{}: reusing it", server.displayName(), process.pid(), HOST,
                clientPort);
        return clientPort;
    }

    private int launch(ServerKind kind, Optional<Path> exitWithParentClasspath, Instant deadline) {
        try {
            return launchChecked(kind, exitWithParentClasspath, deadline);
        } catch (IOException e) {
            throw new ServerStartException("Cannot launch " + kind.displayName() + " in "
                    + ServerFiles.in(workDir(), kind).root() + ": " + e, e);
        }
    }

    private int launchChecked(ServerKind kind, Optional<Path> exitWithParentClasspath, Instant deadline)
            throws IOException {
        Instant launchStart = Instant.now();
        ChildServer server = ChildServer.of(kind, settings);
        ServerFiles files = ServerFiles.in(workDir(), kind);
        Map<ServerPort, Integer> ports = settings.ports(kind);
        Files.createDirectories(files.data());
        Files.createDirectories(files.logs());
        server.writeConfig(files, ports);
        ServerClasspath classpath = ServerClasspath.of(kind);
        classpath.writeArgFile(files.classpathArgFile(), exitWithParentClasspath.stream().toList());
        ChildServer.JavaCommand java = new ChildServer.JavaCommand(javaBinary(), files.classpathArgFile());
        server.prepareStorage(files, java, remaining(deadline));

        List<String> jvmOptions = new ArrayList<>(server.jvmOptions(files, classpath, ports));
        // Names the owning work dir in `ps` output, so a person can tell whose server a process is.
        jvmOptions.add("-Dcryptostream.workdir=" + workDir());
        List<String> mainClassAndArguments = new ArrayList<>();
        if (exitWithParentClasspath.isPresent()) {
            mainClassAndArguments.add(ExitWithParentLauncher.class.getName());
            mainClassAndArguments.add(Long.toString(ProcessHandle.current().pid()));
        }
        mainClassAndArguments.add(kind.mainClass());
        mainClassAndArguments.addAll(server.arguments(files));
        List<String> command = new ArrayList<>(java.command(jvmOptions, mainClassAndArguments));
        if (settings.lifetime() == ServerLifetime.DETACHED) {
            // A session of its own: no SIGINT from Ctrl-C or SIGHUP from the terminal that ran `servers start`.
            // setsid execs in place (the JVM is not a process group leader), so the pid stays the server's.
            setsid().ifPresent(setsid -> command.add(0, setsid.toString()));
        }
        Files.writeString(files.consoleLog(), "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = ChildEnvironment.withoutSecrets(new ProcessBuilder(command))
                .directory(files.root().toFile())
                .redirectInput(Redirect.from(DEV_NULL))
                .redirectOutput(Redirect.appendTo(files.consoleLog().toFile()))
                .redirectErrorStream(true)
                .start();
        ProcessHandle handle = process.toHandle();
        state.put(ServerStateFile.Entry.of(kind, handle, ports));
        if (settings.lifetime().stopsAtJvmExit()) {
            stopAtJvmExit(new LaunchedServer(kind, handle));
        }
        int clientPort = ports.get(kind.clientPort());
        awaitReady(server, handle, Optional.of(process), clientPort, deadline, true);
        log.debug("{} started (pid {}) at {}:{} in {} ms", kind.displayName(), handle.pid(), HOST, clientPort,
                Duration.between(launchStart, Instant.now()).toMillis());
        return clientPort;
    }

    /**
     * Waits until the server answers a real request. A server this call launched is stopped if it does not get
     * there in time; a reused one is left alone for the person to inspect.
     */
    private void awaitReady(ChildServer server, ProcessHandle process, Optional<Process> child, int clientPort,
                            Instant deadline, boolean launchedNow) {
        ServerKind kind = server.kind();
        ServerFiles files = ServerFiles.in(workDir(), kind);
        String what = kind.displayName() + " (pid " + process.pid() + ")";
        String endpoint = HOST + ":" + clientPort;
        Exception lastFailure = null;
        while (true) {
            if (!process.isAlive()) {
                state.remove(kind);
                String exitCode = child.map(p -> " with exit code " + p.exitValue()).orElse("");
                throw new ServerStartException(what + " exited" + exitCode + " before accepting connections on "
                        + endpoint + "." + lastLines(files.serverLog()) + lastLines(files.consoleLog()));
            }
            if (acceptsConnections(clientPort)) {
                try {
                    server.probe(HOST, clientPort);
                    return;
                } catch (Exception e) {
                    lastFailure = e;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                String reason = lastFailure == null
                        ? "the port never opened"
                        : "last attempt failed with " + lastFailure;
                String action;
                if (launchedNow) {
                    stopProcess(kind, process);
                    state.remove(kind);
                    action = "It was stopped.";
                } else {
                    action = "Stop it with `cryptostream servers stop` and start again.";
                }
                throw new ServerStartException(what + " did not accept connections on " + endpoint + " within "
                        + settings.startTimeout().toSeconds() + " s (" + reason + "). " + action
                        + lastLines(files.serverLog()) + lastLines(files.consoleLog()));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private void stopAtJvmExit(LaunchedServer launched) {
        stoppedAtJvmExit.add(launched);
        if (exitHookRegistered.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopLaunchedForJvmExit, "stop-local-servers"));
        }
    }

    /** Runs in a shutdown hook: no work dir lock (a start may be holding it), only this JVM's own children. */
    private void stopLaunchedForJvmExit() {
        List<Callable<Void>> stops = new ArrayList<>();
        for (LaunchedServer launched : stoppedAtJvmExit) {
            stops.add(() -> {
                stopProcess(launched.server(), launched.process());
                state.remove(launched.server());
                return null;
            });
        }
        inParallel("stop", stops);
        if (settings.lifetime() == ServerLifetime.DISPOSABLE) {
            for (ServerKind server : ServerKind.values()) {
                deleteRecursively(ServerFiles.in(workDir(), server).data());
            }
        }
    }

    private void stopProcess(ServerKind server, ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException e) {
            log.warn("{} (pid {}) did not stop within {} s of SIGTERM: killing it", server.displayName(),
                    process.pid(), settings.stopTimeout().toSeconds());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot wait for " + server.displayName() + " to exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + server.displayName(), e);
        }
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(server.displayName() + " (pid " + process.pid()
                    + ") survived SIGKILL for " + KILL_TIMEOUT.toSeconds() + " s; check it with ps", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + server.displayName(), e);
        }
    }

    private ServerStatus statusOf(ServerStateFile.Entry entry, ProcessHandle process) {
        ServerStatus.State running = acceptsConnections(entry.clientPort())
                ? ServerStatus.State.RUNNING
                : ServerStatus.State.NOT_ANSWERING;
        return new ServerStatus(entry.server(), running, OptionalLong.of(process.pid()), entry.ports(),
                logFile(entry.server()));
    }

    private <T> T underWorkDirLock(Callable<T> action) {
        Path workDir = workDir();
        synchronized (WORK_DIR_MONITORS.computeIfAbsent(workDir, dir -> new Object())) {
            try {
                Files.createDirectories(workDir);
                try (FileChannel channel = FileChannel.open(workDir.resolve("servers.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    return action.call();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot use the work dir " + workDir + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Copies the one class file of {@link ExitWithParentLauncher} to a classpath directory of its own. */
    private Path installExitWithParentLauncher() {
        Path classpathDir = workDir().resolve("launcher");
        String classFile = ExitWithParentLauncher.class.getSimpleName() + ".class";
        Path target = classpathDir.resolve(ExitWithParentLauncher.class.getPackageName().replace('.', '/'))
                .resolve(classFile);
        try (InputStream in = ExitWithParentLauncher.class.getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IllegalStateException(classFile + " is missing from the cryptostream-servers jar");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
        return classpathDir;
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }

    private static void requireJavaForCassandra() {
        int feature = Runtime.version().feature();
        if (feature != 11 && feature != 17) {
            throw new ServerStartException("Cassandra 5.0 runs on Java 11 or 17, but this JVM is Java " + feature
                    + " (" + System.getProperty("java.home") + "): run cryptostream with JDK 17");
        }
    }

    private static void requireFree(ServerPort port, int number) {
        try (ServerSocket socket = new ServerSocket()) {
            // Lets a port in TIME_WAIT after a recent stop count as free, as it does for the servers themselves.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, number));
        } catch (BindException e) {
            throw new PortInUseException(port, number);
        } catch (IOException e) {
            throw new ServerStartException("Cannot check whether port " + number + " (" + port.description()
                    + ") is free: " + e.getMessage(), e);
        }
    }

    static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Optional<Path> setsid() {
        return Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** The last lines of a log, indented, for error messages; empty if the file is missing or empty. */
    static String lastLines(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return "";
            }
            long from = Math.max(0, size - LOG_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            channel.position(from);
            int read;
            do {
                read = channel.read(buffer);
            } while (read > 0 && buffer.hasRemaining());
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\r?\n")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0);
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "\nLast lines of " + file + ":\n    " + String.join("\n    ", tail);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /**
     * Runs each task on a thread of its own (the common pool has a single thread on a 2-core machine) and
     * returns the results in task order. If tasks fail, all are still awaited and the failures combined.
     */
    private static <T> List<T> inParallel(String purpose, List<Callable<T>> tasks) {
        List<FutureTask<T>> futures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            FutureTask<T> future = new FutureTask<>(tasks.get(i));
            Thread thread = new Thread(future, "local-servers-" + purpose + "-" + i);
            thread.setDaemon(true);
            thread.start();
            futures.add(future);
        }
        List<T> results = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (FutureTask<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during " + purpose + " of the local servers", e);
            }
        }
        if (failures.isEmpty()) {
            return results;
        }
        if (failures.size() == 1 && failures.get(0) instanceof RuntimeException single) {
            throw single;
        }
        String messages = String.join("\n\n", failures.stream().map(Throwable::getMessage).toList());
        RuntimeException combined = failures.stream().allMatch(ServerStartException.class::isInstance)
                ? new ServerStartException(messages)
                : new IllegalStateException(purpose + " of the local servers failed: " + messages);
        failures.forEach(combined::addSuppressed);
        throw combined;
    }
}
