package io.cryptostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.servers.JavaProcess;
import io.cryptostream.spark.SparkJvmFlags;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link SoakChild} JVM seen from the soak ({@link JavaProcess}): driven by lines on stdin, its log in a file. */
final class SoakChildProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaProcess process;
    private final Path resultFile;

    private SoakChildProcess(JavaProcess process, Path resultFile) {
        this.process = process;
        this.resultFile = resultFile;
    }

    /** Starts {@code SoakChild mode settings result extra...} with {@code heap}, e.g. {@code -Xmx1g}. */
    static SoakChildProcess start(String mode, Path settings, Path runDir, List<String> heap, String... extra) {
        Path resultFile = runDir.resolve(mode + "-result.json");
        List<String> arguments = new ArrayList<>(List.of(mode, settings.toString(), resultFile.toString()));
        arguments.addAll(List.of(extra));
        JavaProcess process = JavaProcess.of(mode, SoakChild.class)
                .jvmOptions(heap)
                .jvmOptions(List.of("-XX:+UseG1GC"))
                .jvmOptions(SparkJvmFlags.list())
                .arguments(arguments)
                .directory(runDir)
                .log(runDir.resolve(mode + ".log"))
                .start();
        return new SoakChildProcess(process, resultFile);
    }

    /** Waits for the child to print {@code expected}. */
    void await(String expected, Duration timeout) {
        process.awaitLine(expected, timeout);
    }

    void send(String command) {
        process.send(command);
    }

    /** Waits for the child to exit after {@link SoakChild#STOP} and reads what it counted. */
    <T> T awaitResult(Class<T> type, Duration timeout) {
        int exitCode = process.awaitExit(timeout);
        if (exitCode != 0 || !Files.exists(resultFile)) {
            throw process.failure("exited with code " + exitCode);
        }
        try {
            return JSON.readValue(resultFile.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the result of the " + process.name() + " JVM from " + resultFile,
                    e);
        }
    }

    String name() {
        return process.name();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
