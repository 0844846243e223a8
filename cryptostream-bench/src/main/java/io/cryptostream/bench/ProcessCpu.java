package io.cryptostream.bench;

import java.util.OptionalLong;

/** CPU time a process has used (user + system), as the JDK reads it from the operating system. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    private static OptionalLong cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> OptionalLong.of(cpu.toNanos())).orElse(OptionalLong.empty());
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
