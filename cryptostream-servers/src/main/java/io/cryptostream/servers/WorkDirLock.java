package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serialises {@code start} and {@code stop} on one work dir across processes, with a lock on {@code servers.lock}
 * in the work dir.
 */
final class WorkDirLock {

    /** A FileLock belongs to the whole JVM, so holders on the same work dir also synchronise in memory. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path workDir;

    WorkDirLock(Path workDir) {
        this.workDir = workDir;
    }

    /** Runs {@code action} holding the lock, waiting for any other holder first. */
    <T> T holding(Callable<T> action) {
        synchronized (MONITORS.computeIfAbsent(workDir, dir -> new Object())) {
            try {
                Files.createDirectories(workDir);
                try (FileChannel channel = FileChannel.open(workDir.resolve("servers.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    return action.call();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot use the work dir " + workDir + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
