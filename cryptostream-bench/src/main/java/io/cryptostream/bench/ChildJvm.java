package io.cryptostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.servers.ChildEnvironment;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.spark.SparkJvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bench stage part (ingest, the Spark driver) in a JVM of its own, so its resident memory is its own and one
 * stage's heap and threads do not disturb the next. The parent hands it a JSON request and gets a JSON result; the
 * child talks back on stdout ({@code progress ...}, {@code ready ...}) and takes commands on stdin; its logs go to a
 * file. The parent samples the child's VmRSS while it runs.
 */
final class ChildJvm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RSS_SAMPLE_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final Path resultFile;
    private final Path logFile;
    private final Writer stdin;
    private final BlockingQueue<String> readyTags = new LinkedBlockingQueue<>();
    private final AtomicLong maxSampledRss = new AtomicLong();

    private ChildJvm(String name, Process process, Path resultFile, Path logFile) {
        this.name = name;
        this.process = process;
        this.resultFile = resultFile;
        this.logFile = logFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@link BenchChild} in {@code mode} with {@code request}, on this JVM's classpath.
     *
     * @param heap e.g. {@code -Xmx1g}; the CLI's own JVM gets {@code -Xms256m -Xmx1g}
     */
    static ChildJvm start(String name, String mode, Object request, Path workDir, List<String> heap, Progress progress) {
        Path requestFile = workDir.resolve(name + "-request.json");
        Path resultFile = workDir.resolve(name + "-result.json");
        Path logFile = workDir.resolve(name + ".log");
        try {
            JSON.writeValue(requestFile.toFile(), request);
            Files.deleteIfExists(resultFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the request of child JVM " + name + " to " + requestFile, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(heap);
        command.add("-XX:+UseG1GC");
        command.addAll(SparkJvmFlags.list());
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchChild.class.getName());
        command.add(mode);
        command.add(requestFile.toString());
        command.add(resultFile.toString());
        Process process;
        try {
            process = ChildEnvironment.withoutSecrets(new ProcessBuilder(command)).directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the child JVM " + name + ": " + e.getMessage(), e);
        }
        ChildJvm child = new ChildJvm(name, process, resultFile, logFile);
        child.relayStdout(progress);
        child.sampleRss();
        return child;
    }

    private void relayStdout(Progress progress) {
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(BenchChild.READY)) {
                        readyTags.add(line.substring(BenchChild.READY.length()).trim());
                    } else if (line.startsWith(BenchChild.PROGRESS)) {
                        progress.line("%s: %s", name, line.substring(BenchChild.PROGRESS.length()).trim());
                    }
                }
            } catch (IOException e) {
                // The child closed its stdout: it is exiting; its exit code and log tell the rest.
            }
        }, "bench-child-" + name + "-stdout");
        relay.setDaemon(true);
        relay.start();
    }

    private void sampleRss() {
        Thread sampler = new Thread(() -> {
            while (process.isAlive()) {
                ProcessMemory.rssBytes(process.pid()).ifPresent(rss -> maxSampledRss.accumulateAndGet(rss, Math::max));
                try {
                    Thread.sleep(RSS_SAMPLE_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-child-" + name + "-rss");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Waits for the child to print {@code ready <tag>}. */
    void awaitReady(String tag, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String seen = readyTags.poll(200, TimeUnit.MILLISECONDS);
                if (tag.equals(seen)) {
                    return;
                }
                if (seen == null && !process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " before it was ready for " + tag);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for child JVM " + name, e);
        }
        throw failure("was not ready for " + tag + " within " + timeout.toSeconds() + " s");
    }

    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("did not take the command '" + command + "': " + e.getMessage());
        }
    }

    /** Waits for the child to exit and reads its result. */
    <T> T awaitResult(Class<T> type, Duration timeout) {
        return awaitResult(type, timeout, false);
    }

    /**
     * Like {@link #awaitResult(Class, Duration)}, but a child that died after writing a partial result (see
     * {@link BenchChild#checkpoint}) hands that over instead of failing; {@link #exitedAbnormally()} then says so.
     */
    <T> T awaitPartialResult(Class<T> type, Duration timeout) {
        return awaitResult(type, timeout, true);
    }

    boolean exitedAbnormally() {
        return !process.isAlive() && process.exitValue() != 0;
    }

    /** The first log line naming {@code text} (e.g. OutOfMemoryError), if any. */
    java.util.Optional<String> logLineWith(String text) {
        try (java.util.stream.Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).findFirst().map(String::trim);
        } catch (IOException | java.io.UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    private <T> T awaitResult(Class<T> type, Duration timeout, boolean acceptPartial) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for child JVM " + name, e);
        }
        if ((process.exitValue() != 0 && !acceptPartial) || !Files.exists(resultFile)) {
            throw failure("exited with code " + process.exitValue());
        }
        try {
            return JSON.readValue(resultFile.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the result of child JVM " + name + " from " + resultFile, e);
        }
    }

    long pid() {
        return process.pid();
    }

    long maxSampledRssBytes() {
        return maxSampledRss.get();
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("Bench child JVM " + name + " " + what + "; its log " + logFile
                + " ends with:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
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
