package io.cryptostream.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * One replay of a set of capture files, named after the files (path, size, modification time, venue) and the options
 * that shape its result (Kafka, keyspace, window), so replaying the same files again finds the topic and checkpoint
 * of an interrupted run and resumes it. It remembers which files ingest already delivered to the topic completely;
 * those are not served again (a file cut off mid-way is served again, and ingest publishes only the trades the topic
 * does not hold yet).
 */
final class ReplayRun {

    private static final String DELIVERED_FILE = "replay-delivered.properties";

    private final String id;
    private final Path checkpoint;
    private final Properties delivered = new Properties();

    private ReplayRun(String id, Path checkpoint) {
        this.id = id;
        this.checkpoint = checkpoint;
        Path file = checkpoint.resolve(DELIVERED_FILE);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                delivered.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    static ReplayRun of(List<CaptureReplay.Source> sources, String kafka, String keyspace, Duration window,
                        Path checkpoints) {
        StringBuilder identity = new StringBuilder("kafka=" + kafka + "\nkeyspace=" + keyspace + "\nwindow=" + window);
        for (CaptureReplay.Source source : sources) {
            Path file = source.file().toAbsolutePath().normalize();
            try {
                identity.append('\n').append(file).append('|').append(Files.size(file)).append('|')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('|').append(source.venue().name());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        String id = sha256(identity.toString()).substring(0, 16);
        return new ReplayRun(id, checkpoints.resolve("replay-" + id));
    }

    String tradesTopic() {
        return "replay-" + id;
    }

    String ordersTopic() {
        return "replay-orders-" + id;
    }

    String queryName() {
        return "replay-" + id;
    }

    Path checkpoint() {
        return checkpoint;
    }

    /** True when an earlier run of the same files left its checkpoint: this run continues it. */
    boolean resumes() {
        return Files.isDirectory(checkpoint);
    }

    boolean delivered(Path file) {
        return delivered.containsKey(key(file));
    }

    int deliveredCount() {
        return delivered.size();
    }

    /** Records that ingest delivered every trade of {@code file} to the topic (written before it is relied on). */
    void markDelivered(Path file) {
        delivered.setProperty(key(file), "delivered");
        Path target = checkpoint.resolve(DELIVERED_FILE);
        try {
            Files.createDirectories(checkpoint);
            Path written = Files.createTempFile(checkpoint, DELIVERED_FILE, ".tmp");
            try (Writer writer = Files.newBufferedWriter(written)) {
                delivered.store(writer, "Capture files whose trades ingest delivered to topic " + tradesTopic());
            }
            Files.move(written, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
