package io.cryptostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.servers.ChildEnvironment;
import io.cryptostream.servers.ExitWithParentLauncher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SoakChild} JVM seen from the soak: started with this JVM's classpath and module openings and without its
 * secret variables, bound to this JVM's life ({@link ExitWithParentLauncher}), driven by lines on its stdin, its log
 * in a file.
 */
final class SoakChildProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Path resultFile;
    private final Path logFile;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private SoakChildProcess(String name, Process process, Path resultFile, Path logFile) {
        this.name = name;
        this.process = process;
        this.resultFile = resultFile;
        this.logFile = logFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code SoakChild mode settings result extra...} with {@code heap}, e.g. {@code -Xmx1g}. */
    static SoakChildProcess start(String mode, Path settings, Path runDir, List<String> heap, String... extra) {
        Path resultFile = runDir.resolve(mode + "-result.json");
        Path logFile = runDir.resolve(mode + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(heap);
        command.add("-XX:+UseG1GC");
        command.addAll(moduleOpenings());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExitWithParentLauncher.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(SoakChild.class.getName());
        command.add(mode);
        command.add(settings.toString());
        command.add(resultFile.toString());
        command.addAll(List.of(extra));
        ProcessBuilder builder = ChildEnvironment.withoutSecrets(new ProcessBuilder(command)).directory(runDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            SoakChildProcess child = new SoakChildProcess(mode, builder.start(), resultFile, logFile);
            child.readStdout();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the soak's " + mode + " JVM: " + e.getMessage(), e);
        }
    }

    /** The module openings Spark needs on JDK 17, as this JVM was given them (by the launcher or the build). */
    private static List<String> moduleOpenings() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports")
                        || arg.equals("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Djdk.reflect."))
                .toList();
    }

    private void readStdout() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line.trim());
                }
            } catch (IOException e) {
                // The child is exiting; its exit code and log tell the rest.
            }
        }, "soak-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the child to print {@code expected}. */
    void await(String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (expected.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " before it said " + expected);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the soak's " + name + " JVM", e);
        }
        throw failure("did not say " + expected + " within " + timeout.toSeconds() + " s");
    }

    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("did not take the command '" + command + "': " + e.getMessage());
        }
    }

    /** Waits for the child to exit after {@link SoakChild#STOP} and reads what it counted. */
    <T> T awaitResult(Class<T> type, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not finish within " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0 || !Files.exists(resultFile)) {
                throw failure("exited with code " + process.exitValue());
            }
            return JSON.readValue(resultFile.toFile(), type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the soak's " + name + " JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the result of the soak's " + name + " JVM from " + resultFile, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("The soak's " + name + " JVM (pid " + process.pid() + ") " + what
                + "; see its log " + logFile);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
