package io.cryptostream.servers;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM cryptostream starts on its own classpath for one part of the work (a bench stage, a soak's ingest, a test's
 * killable job): this JVM's java binary and classpath, the heap and JVM flags it is given, the parent's environment
 * without its secrets ({@link ChildEnvironment}), and a life bound to this JVM's ({@link ExitWithParentLauncher}).
 * Its stderr goes to a log file. By default it talks back in lines on stdout ({@link #awaitLine}) and takes commands
 * on stdin ({@link #send}), which {@link ParentChannel} is the child's end of; {@link Builder#outputToLog} instead
 * sends stdout to the log too and gives it no stdin.
 */
public final class JavaProcess implements AutoCloseable {

    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A child JVM named {@code name} in messages, running {@code mainClass}. */
    public static Builder of(String name, Class<?> mainClass) {
        return new Builder(name, mainClass);
    }

    public static final class Builder {

        private final String name;
        private final Class<?> mainClass;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path directory;
        private Path log;
        private boolean outputToLog;
        private Consumer<String> lineListener = line -> { };

        private Builder(String name, Class<?> mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** Heap, flags and system properties, e.g. {@code -Xmx1g} and {@code SparkJvmFlags.list()}. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        public Builder arguments(List<String> args) {
            arguments.addAll(args);
            return this;
        }

        /** Variables set on purpose, on top of the parent's environment without its secrets. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /** Where stderr (and, with {@link #outputToLog}, stdout) is appended; required. */
        public Builder log(Path file) {
            log = file;
            return this;
        }

        /** Stdout to the log too, and no stdin: for a child that is only watched, not talked to. */
        public Builder outputToLog() {
            outputToLog = true;
            return this;
        }

        /** Sees every stdout line as it arrives, besides {@link JavaProcess#awaitLine}. */
        public Builder onLine(Consumer<String> listener) {
            lineListener = listener;
            return this;
        }

        List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ExitWithParentLauncher.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(mainClass.getName());
            command.addAll(arguments);
            return command;
        }

        public JavaProcess start() {
            if (log == null) {
                throw new IllegalStateException("No log file given for the child JVM " + name);
            }
            ProcessBuilder builder = ChildEnvironment.withoutSecrets(new ProcessBuilder(command()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            if (outputToLog) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            try {
                String header = "=== " + name + ": " + mainClass.getSimpleName() + " " + String.join(" ", arguments);
                Files.writeString(log, header + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                JavaProcess child = new JavaProcess(name, builder.start(), log);
                if (!outputToLog) {
                    child.readLines(lineListener);
                }
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the child JVM " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private void readLines(Consumer<String> listener) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    listener.accept(line.trim());
                    lines.add(line.trim());
                }
            } catch (IOException e) {
                // The child closed its stdout: it is exiting; its exit code and log tell the rest.
            }
        }, "child-jvm-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the child to print {@code expected}, passing over other lines. */
    public void awaitLine(String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (expected.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " before it printed " + expected);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the child JVM " + name, e);
        }
        throw failure("did not print " + expected + " within " + timeout.toSeconds() + " s");
    }

    /** Writes {@code command} as one line to the child's stdin. */
    public void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("did not take the command '" + command + "': " + e.getMessage());
        }
    }

    /** Waits for the child to exit; returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not finish within " + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the child JVM " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** The operating-system process, for a caller that signals it or reads its exit code itself. */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean exitedAbnormally() {
        return !process.isAlive() && process.exitValue() != 0;
    }

    public Path log() {
        return log;
    }

    /** Whether the child's log holds {@code text} yet. */
    public boolean logged(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The child's state and the end of its log, for an error message or a failed assertion. */
    public String describe() {
        String state = process.isAlive() ? "running" : "exited with code " + process.exitValue();
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return name + " (pid " + process.pid() + ", " + state + "), log " + log + " ends with:\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
        } catch (IOException | RuntimeException e) {
            return name + " (pid " + process.pid() + ", " + state + "), log " + log + " unreadable: " + e.getMessage();
        }
    }

    /** An error saying what the child did ({@code what}), with the end of its log. */
    public IllegalStateException failure(String what) {
        return new IllegalStateException("The child JVM " + name + " " + what + "; " + describe());
    }

    /** SIGKILL, as a crash or the kernel's OOM killer would: no shutdown hook runs. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + name, e);
        }
    }

    /** SIGTERM, running the child's shutdown hooks; SIGKILL if it has not ended within 30 s. */
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
