package io.cryptostream.servers;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine: one master and {@code workers} workers, each a detached child JVM on
 * 127.0.0.1 with a small heap, run from this JVM's own classpath (which holds Spark), their pids recorded in
 * {@code <work-dir>/spark-cluster/cluster.state} for a later {@code status} or {@code stop}. The executors the workers
 * start run on the same jars: the workers' {@code SPARK_HOME/jars} links every entry of that classpath, so a job
 * finds the Kafka source, the Cassandra connector and cryptostream's classes there.
 */
public final class SparkStandaloneCluster {

    /**
     * @param jvmFlags     the module openings Spark needs on JDK 17
     * @param workerMemory memory each worker offers its executors, e.g. {@code 1g}
     * @param lifetime     {@link ServerLifetime#DETACHED} for {@code cluster start}; otherwise the members (and the
     *                     executors their workers started) end with this JVM, even when it is killed
     */
    public record Settings(Path workDir, int masterPort, int masterUiPort, int workers, int workerCores,
                           String workerMemory, String daemonHeap, List<String> jvmFlags, Duration startTimeout,
                           Duration stopTimeout, ServerLifetime lifetime) {

        public Settings {
            jvmFlags = List.copyOf(jvmFlags);
        }

        /**
         * {@code cluster start}'s: small daemons (the master and workers only schedule; the executors they start hold
         * the data), each worker offering 1 core and 1 GiB.
         */
        public static Settings onThisMachine(Path workDir, int masterPort, int masterUiPort, int workers,
                                             List<String> jvmFlags, ServerLifetime lifetime) {
            return new Settings(workDir, masterPort, masterUiPort, workers, 1, "1g", "-Xmx256m", jvmFlags,
                    Duration.ofMinutes(3), Duration.ofSeconds(30), lifetime);
        }
    }

    /** One of the cluster's JVMs as last recorded: its name ({@code master}, {@code worker-1}...) and pid if alive. */
    public record Member(String name, OptionalLong pid) {

        public boolean running() {
            return pid.isPresent();
        }
    }

    private static final String MASTER = "master";
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final Settings settings;
    private final Path root;
    private final MemberStateFile state;
    private final AtomicBoolean stopHookRegistered = new AtomicBoolean();

    public SparkStandaloneCluster(Settings settings) {
        this.settings = settings;
        this.root = settings.workDir().resolve("spark-cluster");
        this.state = new MemberStateFile(root.resolve("cluster.state"),
                "Spark standalone cluster started by cryptostream cluster start");
    }

    public String masterUrl() {
        return "spark://" + LocalServers.HOST + ":" + settings.masterPort();
    }

    public String masterUi() {
        return "http://" + LocalServers.HOST + ":" + settings.masterUiPort();
    }

    /**
     * Starts the master and the workers unless the recorded ones still run, and waits until the master counts every
     * worker alive. A cluster that does not get there in time is stopped.
     *
     * @throws ServerStartException naming the port in use, or the end of the master's log when it is not ready
     */
    public String start() {
        if (status().stream().allMatch(Member::running)) {
            awaitWorkers(Instant.now().plus(settings.startTimeout()));
            return masterUrl();
        }
        stop();
        requireFree(settings.masterPort(), "Spark master port");
        requireFree(settings.masterUiPort(), "Spark master web UI port");
        if (settings.lifetime().stopsAtJvmExit() && stopHookRegistered.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-spark-cluster"));
        }
        try {
            Path sparkHome = linkedSparkHome();
            record(MASTER, launch(MASTER, sparkHome, "org.apache.spark.deploy.master.Master", List.of(
                    "--host", LocalServers.HOST, "--port", Integer.toString(settings.masterPort()),
                    "--webui-port", Integer.toString(settings.masterUiPort()))));
            for (int worker = 1; worker <= settings.workers(); worker++) {
                String name = "worker-" + worker;
                Path workerDir = Files.createDirectories(root.resolve(name));
                record(name, launch(name, sparkHome, "org.apache.spark.deploy.worker.Worker", List.of(
                        "--host", LocalServers.HOST, "--cores", Integer.toString(settings.workerCores()),
                        "--memory", settings.workerMemory(), "--work-dir", workerDir.toString(),
                        "--webui-port", "0", masterUrl())));
            }
        } catch (IOException e) {
            stop();
            throw new ServerStartException("Cannot launch the Spark cluster in " + root + ": " + e, e);
        }
        try {
            awaitWorkers(Instant.now().plus(settings.startTimeout()));
        } catch (ServerStartException e) {
            stop();
            throw e;
        }
        return masterUrl();
    }

    /** The master and each worker as recorded, with the pid of those still alive. */
    public List<Member> status() {
        List<Member> members = new ArrayList<>();
        members.add(member(MASTER));
        for (int worker = 1; worker <= settings.workers(); worker++) {
            members.add(member("worker-" + worker));
        }
        return members;
    }

    /** Stops the workers, then the master: SIGTERM, SIGKILL after the stop timeout. Returns those that ran. */
    public List<Member> stop() {
        List<Member> before = status();
        List<Member> running = new ArrayList<>(before.stream().filter(Member::running).toList());
        java.util.Collections.reverse(running);
        for (Member member : running) {
            ProcessHandle.of(member.pid().getAsLong()).ifPresent(process ->
                    ProcessSignals.terminate("Spark " + member.name(), process, settings.stopTimeout()));
        }
        state.delete();
        return running;
    }

    public Path log(String member) {
        return root.resolve(member + ".log");
    }

    private Process launch(String name, Path sparkHome, String mainClass, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (!settings.lifetime().stopsAtJvmExit()) {
            ServerLaunch.setsid().ifPresent(setsid -> command.add(setsid.toString()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(settings.daemonHeap());
        command.addAll(settings.jvmFlags());
        // Names the owning work dir in `ps` output, as the local servers do.
        command.add("-Dcryptostream.workdir=" + settings.workDir());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (settings.lifetime().stopsAtJvmExit()) {
            // This classpath holds the launcher; a worker's shutdown hooks end the executors it started.
            command.addAll(List.of(ExitWithParentLauncher.class.getName(), Long.toString(ProcessHandle.current().pid())));
        }
        command.add(mainClass);
        command.addAll(arguments);
        Path log = log(name);
        Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = ChildEnvironment.withoutSecrets(new ProcessBuilder(command))
                .directory(root.toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "SPARK_HOME", sparkHome.toString(),
                // Spark's launcher asks a source build for the Scala version when it is not given.
                "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", LocalServers.HOST));
        return builder.start();
    }

    /** A SPARK_HOME whose jars/ links every entry of this JVM's classpath, for the executors' classpath. */
    private Path linkedSparkHome() throws IOException {
        Path jars = root.resolve("spark-home").resolve("jars");
        if (Files.isDirectory(jars)) {
            try (Stream<Path> old = Files.list(jars)) {
                for (Path link : old.toList()) {
                    Files.delete(link);
                }
            }
        }
        Files.createDirectories(jars);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            Path link = jars.resolve(jar.getFileName().toString());
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        return jars.getParent();
    }

    private void awaitWorkers(Instant deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(masterUi() + "/json/")).timeout(Duration.ofSeconds(5)).build();
        int alive = 0;
        while (Instant.now().isBefore(deadline)) {
            if (status().stream().anyMatch(member -> !member.running())) {
                throw new ServerStartException("A Spark cluster member exited while starting; see its log in " + root
                        + tail(log(MASTER)));
            }
            try {
                Matcher matcher = ALIVE_WORKERS.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                alive = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
                if (alive >= settings.workers()) {
                    return;
                }
            } catch (IOException e) {
                // The master's web UI is not up yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartException("Interrupted while waiting for the Spark cluster", e);
            }
            sleepBriefly();
        }
        throw new ServerStartException("The Spark master at " + masterUrl() + " counted " + alive + " of "
                + settings.workers() + " workers alive within " + settings.startTimeout().toSeconds() + " s" + tail(log(MASTER)));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("Interrupted while waiting for the Spark cluster", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "; " + log + " ends with:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LocalServers.HOST, port));
        } catch (BindException e) {
            throw new ServerStartException("The " + what + " " + LocalServers.HOST + ":" + port + " is in use by another "
                    + "process: stop it, or choose another port");
        } catch (IOException e) {
            throw new ServerStartException("Cannot check whether " + what + " " + port + " is free: " + e.getMessage(), e);
        }
    }

    private void record(String name, Process process) {
        state.record(name, process.toHandle());
    }

    private Member member(String name) {
        return new Member(name, state.liveProcess(name).map(process -> OptionalLong.of(process.pid()))
                .orElse(OptionalLong.empty()));
    }
}
