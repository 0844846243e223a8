package io.cryptostream.cli;

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

    static Process start(List<String> args, Path log) throws IOException {
        return processBuilder(List.of(), args, log).start();
    }

    /**
     * The child's command with system {@code properties} (such as the launcher's {@code -Dcryptostream.home}), its
     * output going to {@code log}; set its directory or environment before starting it.
     */
    static ProcessBuilder processBuilder(List<String> properties, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m"));
        command.addAll(List.of(System.getProperty("cryptostream.test.jvm-flags", "").split(" ")));
        command.removeIf(String::isBlank);
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
