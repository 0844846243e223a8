package io.cryptostream.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Launches one server's JVM: writes its config, records its classpath in an @argfile, prepares its storage and
 * starts the process with output appended to its console log. Waiting for it to answer is the caller's part.
 */
final class ServerLaunch {

    static final File DEV_NULL = new File("/dev/null");

    private final Path workDir;
    private final ServerLifetime lifetime;

    ServerLaunch(Path workDir, ServerLifetime lifetime) {
        this.workDir = workDir;
        this.lifetime = lifetime;
    }

    /**
     * Starts {@code server} on {@code ports}, with its config, data and logs in {@code files}.
     *
     * @param exitWithParentClasspath where {@link #installExitWithParentLauncher} put the launcher, for a server
     *                                that ends with this JVM; empty for a detached one
     */
    Process start(ChildServer server, ServerFiles files, Map<ServerPort, Integer> ports,
                  Optional<Path> exitWithParentClasspath, Instant deadline) throws IOException {
        ServerKind kind = server.kind();
        Files.createDirectories(files.data());
        Files.createDirectories(files.logs());
        server.writeConfig(files, ports);
        ServerClasspath classpath = ServerClasspath.of(kind);
        classpath.writeArgFile(files.classpathArgFile(), exitWithParentClasspath.stream().toList());
        ChildServer.JavaCommand java = new ChildServer.JavaCommand(javaBinary(), files.classpathArgFile());
        server.prepareStorage(files, java, remaining(deadline));

        List<String> jvmOptions = new ArrayList<>(server.jvmOptions(files, classpath, ports));
        // Names the owning work dir in `ps` output, so a person can tell whose server a process is.
        jvmOptions.add("-Dcryptostream.workdir=" + workDir);
        List<String> mainClassAndArguments = new ArrayList<>();
        if (exitWithParentClasspath.isPresent()) {
            mainClassAndArguments.add(ExitWithParentLauncher.class.getName());
            mainClassAndArguments.add(Long.toString(ProcessHandle.current().pid()));
        }
        mainClassAndArguments.add(kind.mainClass());
        mainClassAndArguments.addAll(server.arguments(files));
        List<String> command = new ArrayList<>(java.command(jvmOptions, mainClassAndArguments));
        if (lifetime == ServerLifetime.DETACHED) {
            // A session of its own: no SIGINT from Ctrl-C or SIGHUP from the terminal that ran `servers start`.
            // setsid execs in place (the JVM is not a process group leader), so the pid stays the server's.
            setsid().ifPresent(setsid -> command.add(0, setsid.toString()));
        }
        Files.writeString(files.consoleLog(), "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return ChildEnvironment.withoutSecrets(new ProcessBuilder(command))
                .directory(files.root().toFile())
                .redirectInput(Redirect.from(DEV_NULL))
                .redirectOutput(Redirect.appendTo(files.consoleLog().toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /** Copies the one class file of {@link ExitWithParentLauncher} to a classpath directory of its own. */
    Path installExitWithParentLauncher() {
        Path classpathDir = workDir.resolve("launcher");
        try {
            return ExitWithParentLauncher.installIn(classpathDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the launcher in " + classpathDir, e);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The setsid binary that gives a detached child a session of its own, where there is one. */
    static Optional<Path> setsid() {
        return Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
