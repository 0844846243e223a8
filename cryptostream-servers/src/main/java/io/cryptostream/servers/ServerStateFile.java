package io.cryptostream.servers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The small file in the work dir that records the pid, start time and ports of each launched server, so that a
 * later process ({@code cryptostream servers status|stop}) can find them. Written atomically.
 */
final class ServerStateFile {

    /**
     * One recorded server. {@code started} tells a live server from an unrelated process that got the same pid
     * after a reboot or pid wrap-around.
     */
    record Entry(ServerKind server, long pid, Optional<Instant> started, Map<ServerPort, Integer> ports) {

        /** /proc start times are in clock ticks, so two readings of the same process may differ slightly. */
        private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);

        Entry {
            ports = Map.copyOf(ports);
        }

        static Entry of(ServerKind server, ProcessHandle process, Map<ServerPort, Integer> ports) {
            return new Entry(server, process.pid(), process.info().startInstant(), ports);
        }

        /** The recorded process if it is still alive and is the same process. */
        Optional<ProcessHandle> liveProcess() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> started.isEmpty() || process.info().startInstant()
                            .map(actual -> Duration.between(started.get(), actual).abs()
                                    .compareTo(START_TIME_TOLERANCE) <= 0)
                            .orElse(true));
        }

        int clientPort() {
            return ports.get(server.clientPort());
        }
    }

    private final Path file;

    ServerStateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized Map<ServerKind, Entry> read() {
        Map<ServerKind, Entry> entries = new EnumMap<>(ServerKind.class);
        if (!Files.exists(file)) {
            return entries;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the server state file " + file, e);
        }
        for (ServerKind server : ServerKind.values()) {
            String pid = properties.getProperty(server.key() + ".pid");
            if (pid == null) {
                continue;
            }
            try {
                Map<ServerPort, Integer> ports = new EnumMap<>(ServerPort.class);
                for (ServerPort port : server.ports()) {
                    ports.put(port, Integer.parseInt(properties.getProperty(server.key() + "." + port.key())));
                }
                Optional<Instant> started = Optional.ofNullable(properties.getProperty(server.key() + ".started"))
                        .map(Instant::parse);
                entries.put(server, new Entry(server, Long.parseLong(pid), started, ports));
            } catch (RuntimeException e) {
                throw new IllegalStateException("The server state file " + file + " has a damaged " + server.key()
                        + " entry (" + e.getMessage() + "): stop the servers by pid if they still run, then delete it",
                        e);
            }
        }
        return entries;
    }

    synchronized void put(Entry entry) {
        Map<ServerKind, Entry> entries = read();
        entries.put(entry.server(), entry);
        write(entries);
    }

    synchronized void remove(ServerKind server) {
        Map<ServerKind, Entry> entries = read();
        if (entries.remove(server) != null) {
            write(entries);
        }
    }

    private void write(Map<ServerKind, Entry> entries) {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Properties properties = new Properties();
            for (Entry entry : entries.values()) {
                String key = entry.server().key();
                properties.setProperty(key + ".pid", Long.toString(entry.pid()));
                entry.started().ifPresent(started -> properties.setProperty(key + ".started", started.toString()));
                entry.ports().forEach((port, number) ->
                        properties.setProperty(key + "." + port.key(), Integer.toString(number)));
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, "Local servers launched by cryptostream from this work dir");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the server state file " + file, e);
        }
    }
}
