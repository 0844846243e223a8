package io.cryptostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.servers.JavaProcess;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.spark.SparkJvmFlags;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One bench stage part (ingest, the Spark driver) in a JVM of its own ({@link JavaProcess}), so its resident memory
 * is its own and one stage's heap and threads do not disturb the next. The parent hands it a JSON request and gets
 * a JSON result; the child talks back on stdout ({@code progress ...}, {@code ready ...}) and takes commands on
 * stdin; its logs go to a file. The parent samples the child's VmRSS while it runs.
 */
final class ChildJvm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RSS_SAMPLE_INTERVAL = Duration.ofMillis(200);

    private final JavaProcess process;
    private final Path resultFile;
    private final AtomicLong maxSampledRss = new AtomicLong();

    private ChildJvm(JavaProcess process, Path resultFile) {
        this.process = process;
        this.resultFile = resultFile;
    }

    /**
     * Starts {@link BenchChild} in {@code mode} with {@code request}, on this JVM's classpath.
     *
     * @param heap e.g. {@code -Xmx1g}; the CLI's own JVM gets {@code -Xms256m -Xmx1g}
     */
    static ChildJvm start(String name, String mode, Object request, Path workDir, List<String> heap, Progress progress) {
        Path requestFile = workDir.resolve(name + "-request.json");
        Path resultFile = workDir.resolve(name + "-result.json");
        try {
            JSON.writeValue(requestFile.toFile(), request);
            Files.deleteIfExists(resultFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the request of child JVM " + name + " to " + requestFile, e);
        }
        JavaProcess process = JavaProcess.of(name, BenchChild.class)
                .jvmOptions(heap)
                .jvmOptions(List.of("-XX:+UseG1GC", "-Djava.awt.headless=true"))
                .jvmOptions(SparkJvmFlags.list())
                .arguments(List.of(mode, requestFile.toString(), resultFile.toString()))
                .directory(workDir)
                .log(workDir.resolve(name + ".log"))
                .onLine(line -> {
                    if (line.startsWith(BenchChild.PROGRESS)) {
                        progress.line("%s: %s", name, line.substring(BenchChild.PROGRESS.length()).trim());
                    }
                })
                .start();
        ChildJvm child = new ChildJvm(process, resultFile);
        child.sampleRss();
        return child;
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
        }, "bench-child-" + process.name() + "-rss");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Waits for the child to print {@code ready <tag>}. */
    void awaitReady(String tag, Duration timeout) {
        process.awaitLine(BenchChild.READY + tag, timeout);
    }

    void send(String command) {
        process.send(command);
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
        return process.exitedAbnormally();
    }

    /** The first log line naming {@code text} (e.g. OutOfMemoryError), if any. */
    Optional<String> logLineWith(String text) {
        try (Stream<String> lines = Files.lines(process.log(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).findFirst().map(String::trim);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private <T> T awaitResult(Class<T> type, Duration timeout, boolean acceptPartial) {
        int exitCode = process.awaitExit(timeout);
        if ((exitCode != 0 && !acceptPartial) || !Files.exists(resultFile)) {
            throw process.failure("exited with code " + exitCode);
        }
        try {
            return JSON.readValue(resultFile.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the result of child JVM " + process.name() + " from "
                    + resultFile, e);
        }
    }

    long pid() {
        return process.pid();
    }

    long maxSampledRssBytes() {
        return maxSampledRss.get();
    }

    @Override
    public void close() {
        process.close();
    }
}
