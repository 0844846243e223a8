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
import java.util.Optional;
import java.util.Properties;

/**
 * The pid and start time of each named member of a cluster ({@code kafka-1}, {@code cassandra-2}...), for a later
 * {@code status} or {@code stop} from another process. A recorded pid counts as the member only if that process
 * started when recorded: a reused pid is another process.
 */
final class MemberStateFile {

    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);

    private final Path file;
    private final String comment;

    MemberStateFile(Path file, String comment) {
        this.file = file;
        this.comment = comment;
    }

    synchronized void record(String member, ProcessHandle process) {
        Properties state = read();
        state.setProperty(member + ".pid", Long.toString(process.pid()));
        process.info().startInstant().ifPresent(started -> state.setProperty(member + ".started", started.toString()));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                state.store(out, comment);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The member's process if it is recorded and still alive. */
    synchronized Optional<ProcessHandle> liveProcess(String member) {
        Properties state = read();
        return Optional.ofNullable(state.getProperty(member + ".pid"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(handle -> Optional.ofNullable(state.getProperty(member + ".started")).map(Instant::parse)
                        .flatMap(started -> handle.info().startInstant().map(actual ->
                                Duration.between(started, actual).abs().compareTo(START_TIME_TOLERANCE) <= 0))
                        .orElse(true));
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + file, e);
        }
    }

    private Properties read() {
        Properties state = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                state.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return state;
    }
}
