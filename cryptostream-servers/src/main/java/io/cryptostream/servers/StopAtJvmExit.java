package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers this JVM launched with a lifetime bound to it: a shutdown hook stops them and, for
 * {@link ServerLifetime#DISPOSABLE} ones, deletes their data.
 */
final class StopAtJvmExit {

    private static final Logger log = LoggerFactory.getLogger(StopAtJvmExit.class);

    private record Launched(ServerKind server, ProcessHandle process) {
    }

    private final ServerSettings settings;
    private final ServerStateFile state;
    private final List<Launched> launched = new CopyOnWriteArrayList<>();
    private final AtomicBoolean hookRegistered = new AtomicBoolean();

    StopAtJvmExit(ServerSettings settings, ServerStateFile state) {
        this.settings = settings;
        this.state = state;
    }

    void add(ServerKind server, ProcessHandle process) {
        launched.add(new Launched(server, process));
        if (hookRegistered.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "stop-local-servers"));
        }
    }

    /** For a server stopped already, so the hook leaves its pid alone. */
    void forget(long pid) {
        launched.removeIf(server -> server.process().pid() == pid);
    }

    /** Runs in the shutdown hook: no work dir lock (a start may be holding it), only this JVM's own children. */
    private void stopAll() {
        List<Callable<Void>> stops = new ArrayList<>();
        for (Launched server : launched) {
            stops.add(() -> {
                ProcessSignals.terminate(server.server().displayName(), server.process(), settings.stopTimeout());
                state.remove(server.server());
                return null;
            });
        }
        ConcurrentTasks.run("stop", stops);
        if (settings.lifetime() == ServerLifetime.DISPOSABLE) {
            for (ServerKind server : ServerKind.values()) {
                deleteRecursively(ServerFiles.in(settings.workDir(), server).data());
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
