package io.cryptostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Entry point of a bench child JVM ({@link ChildJvm}): {@code BenchChild ingest|spark REQUEST.json RESULT.json}.
 * Stdout carries only the protocol lines; everything libraries print goes to stderr, which the parent keeps in a
 * log file. The child exits when the parent goes away (stdin closes).
 */
public final class BenchChild {

    static final String READY = "ready ";
    static final String PROGRESS = "progress ";
    static final ObjectMapper JSON = new ObjectMapper();

    private static PrintStream protocol;
    private static Path resultFile;
    private static final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BenchChild ingest|spark REQUEST.json RESULT.json");
        }
        protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        readCommands();
        Path request = Path.of(args[1]);
        resultFile = Path.of(args[2]);
        Object outcome = switch (args[0]) {
            case "ingest" -> IngestChild.run(JSON.readValue(request.toFile(), IngestChild.Request.class));
            case "spark" -> SparkChild.run(JSON.readValue(request.toFile(), SparkChild.Request.class));
            default -> throw new IllegalArgumentException("unknown bench child mode " + args[0]);
        };
        JSON.writeValue(resultFile.toFile(), outcome);
        exit();
    }

    /**
     * Exits running the shutdown hooks (Spark deletes its temporary directories in one), but a hook that hangs, as
     * Spark's occasionally does, must not keep the parent waiting: the result is written already.
     */
    private static void exit() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("Shutdown hooks did not finish within 20 s; halting");
            Runtime.getRuntime().halt(0);
        }, "bench-child-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(0);
    }

    /** Writes what is measured so far, so a JVM that dies later (out of memory) still hands over its figures. */
    static void checkpoint(Object partial) {
        try {
            JSON.writeValue(resultFile.toFile(), partial);
        } catch (java.io.IOException e) {
            System.err.println("Cannot write the partial result to " + resultFile + ": " + e);
        }
    }

    static void ready(String tag) {
        protocol.println(READY + tag);
    }

    static void progress(String text) {
        protocol.println(PROGRESS + text);
    }

    /** The parent's next command line (the reader thread ends the JVM when the parent closes stdin). */
    static String nextCommand() throws InterruptedException {
        return commands.take();
    }

    private static void readCommands() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line.trim());
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
            // An orphaned child must not keep Spark or a socket running after the parent died.
            System.err.println("The bench parent closed stdin; exiting");
            Runtime.getRuntime().halt(3);
        }, "bench-child-stdin");
        reader.setDaemon(true);
        reader.start();
    }
}
