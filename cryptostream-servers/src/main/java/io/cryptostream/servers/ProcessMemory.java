package io.cryptostream.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process as Linux reports it in {@code /proc/<pid>/status}: what the bench and the soak sample
 * of their child JVMs and servers.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Current resident set (VmRSS), empty when the process is gone or this is not Linux. */
    public static OptionalLong rssBytes(long pid) {
        return field(pid, "VmRSS:");
    }

    /** Peak resident set since the process started (VmHWM), empty when the process is gone or this is not Linux. */
    public static OptionalLong peakRssBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    public static long ownPeakRssBytes() {
        return peakRssBytes(ProcessHandle.current().pid()).orElse(-1);
    }

    private static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
