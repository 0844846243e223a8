package io.cryptostream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time a process has used (user + system), from {@code /proc/<pid>/stat}. */
final class ProcessCpu {

    /** USER_HZ: Linux reports CPU time in ticks of 1/100 s on every common platform. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    static OptionalLong cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalLong.of(ticks * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** CPU time of several processes between two moments. */
    static final class Meter {
        private final long[] pids;
        private final long[] start;

        Meter(long... pids) {
            this.pids = pids;
            this.start = new long[pids.length];
            for (int i = 0; i < pids.length; i++) {
                start[i] = cpuNanos(pids[i]).orElse(-1);
            }
        }

        /** Microseconds of CPU per item for each process since construction; -1 where unknown. */
        double[] microsPerItem(long items) {
            double[] micros = new double[pids.length];
            for (int i = 0; i < pids.length; i++) {
                long now = cpuNanos(pids[i]).orElse(-1);
                micros[i] = now < 0 || start[i] < 0 ? -1 : (now - start[i]) / 1e3 / items;
            }
            return micros;
        }
    }
}
