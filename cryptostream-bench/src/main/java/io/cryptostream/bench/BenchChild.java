package io.cryptostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.servers.ParentChannel;

import java.nio.file.Path;

/**
 * Entry point of a bench child JVM ({@link ChildJvm}): {@code BenchChild decode|ingest|spark|simulator REQUEST.json RESULT.json}.
 * It talks to the bench through a {@link ParentChannel}: {@code ready <tag>} and {@code progress <text>} lines out,
 * commands in; it exits when the bench goes away.
 */
public final class BenchChild {

    static final String READY = "ready ";
    static final String PROGRESS = "progress ";
    static final ObjectMapper JSON = new ObjectMapper();

    private static ParentChannel parent;
    private static Path resultFile;

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BenchChild decode|ingest|spark|simulator REQUEST.json RESULT.json");
        }
        parent = ParentChannel.open();
        Path request = Path.of(args[1]);
        resultFile = Path.of(args[2]);
        Object outcome = switch (args[0]) {
            case "ingest" -> IngestChild.run(JSON.readValue(request.toFile(), IngestChild.Request.class));
            case "spark" -> SparkChild.run(JSON.readValue(request.toFile(), SparkChild.Request.class));
            case "decode" -> DecodeChild.run(JSON.readValue(request.toFile(), DecodeChild.Request.class));
            case "simulator" -> SimulatorChild.run(JSON.readValue(request.toFile(), SimulatorChild.Request.class));
            default -> throw new IllegalArgumentException("unknown bench child mode " + args[0]);
        };
        JSON.writeValue(resultFile.toFile(), outcome);
        ParentChannel.exit();
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
        parent.say(READY + tag);
    }

    static void progress(String text) {
        parent.say(PROGRESS + text);
    }

    /** The bench's next command line. */
    static String nextCommand() throws InterruptedException {
        return parent.nextCommand();
    }
}
