package io.cryptostream.cli;

import io.cryptostream.servers.JavaProcess;
import io.cryptostream.spark.SparkJvmFlags;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a cryptostream command in a child JVM on this test's classpath, its output in a log file. */
final class CommandProcess {

    private CommandProcess() {
    }

    static Process start(List<String> args, Path log) {
        return JavaProcess.of(args.get(0), CryptostreamCommand.class)
                .jvmOptions(List.of("-Xmx768m"))
                .jvmOptions(SparkJvmFlags.list())
                // The logging a user gets, not the tests' own configuration.
                .jvmOptions(List.of("-Dlog4j2.configurationFile=log4j2.properties"))
                .arguments(args)
                .log(log)
                .outputToLog()
                .start()
                .process();
    }

    /**
     * The child's command with system {@code properties} (such as the launcher's {@code -Dcryptostream.home}), its
     * output going to {@code log}; set its directory or environment before starting it
     * (for a test that must take a variable away, which {@link #start} cannot).
     */
    static ProcessBuilder processBuilder(List<String> properties, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m"));
        command.addAll(SparkJvmFlags.list());
        // The logging a user gets, not the tests' own configuration.
        command.add("-Dlog4j2.configurationFile=log4j2.properties");
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CryptostreamCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Micro-batches a Spark checkpoint has committed. */
    static long committedBatches(Path checkpoint) {
        Path commits = checkpoint.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return 0;
        }
        try (var files = Files.list(commits)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
