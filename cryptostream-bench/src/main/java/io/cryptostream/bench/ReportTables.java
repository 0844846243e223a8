package io.cryptostream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as plain-text tables for the terminal. */
final class ReportTables {

    private ReportTables() {
    }

    static void print(BenchReport r, PrintStream out) {
        BenchReport.Machine m = r.machine();
        out.println();
        out.printf(Locale.ROOT, "cryptostream bench (%s), %s: %d cores (%s), %.1f GiB, %s; load average before %s, after %s%n",
                r.mode(), r.startedAt(), m.cores(), m.cpu(), m.memoryBytes() / (1024.0 * 1024 * 1024), m.java(),
                m.loadAverageBefore(), m.loadAverageAfter());

        Table decode = new Table("1. Decode, one thread", "venue", "frames", "trades/frame", "trades/s",
                "limit: tokenize only", "ratio", num("target ≥ %,.0f/s, ≥ %.1f", r.decode().targetTradesPerSecond(),
                r.decode().targetRatio()));
        r.decode().venues().forEach(v -> decode.row(v.venue(), v.framesFrom(), num("%.2f", v.tradesPerFrame()),
                num("%,.0f", v.tradesPerSecond()), num("%,.0f", v.limitTradesPerSecond()), num("%.2f", v.ratioToLimit()),
                v.tradesPerSecond() >= r.decode().targetTradesPerSecond() && v.ratioToLimit() >= r.decode().targetRatio()
                        ? "met" : "missed"));
        decode.print(out, r.decode().error());

        BenchReport.Ingest i = r.ingest();
        Table ingest = new Table("2. Ingest → Kafka (acks=all); simulator, ingest and bench in their own JVMs", "trades",
                "ingest trades/s", "plain producer", "frame-counting client", "limit: the lower", "ratio",
                num("target ≥ %.1f", i.targetRatio()));
        ingest.row(num("%,d", i.trades()), num("%,.0f", i.tradesPerSecond()), num("%,.0f", i.rawProducerTradesPerSecond()),
                num("%,.0f", i.frameClientTradesPerSecond()), num("%,.0f", i.limitTradesPerSecond()),
                num("%.2f", i.ratioToLimit()), i.ratioToLimit() >= i.targetRatio() ? "met" : "missed");
        ingest.print(out, i.error());
        if (i.error() == null) {
            out.println("  CPU µs per trade, ingest run: " + micros(i.cpuMicrosPerTrade()) + "; plain producer run: "
                    + micros(i.rawProducerCpuMicrosPerRecord()) + "; counting client run: "
                    + micros(i.frameClientCpuMicrosPerFrame()));
        }

        BenchReport.SparkJob s = r.sparkJob();
        Table spark = new Table("3. Spark job: Kafka → windows in Cassandra (" + s.format() + ", local[2], 5 markets)",
                "trades", "sustained trades/s", "overall trades/s", "limit: plain consumer", "ratio", "batches",
                "mean batch ms", num("≥ %,.0f/s", s.targetTradesPerSecond()), num("≥ %.1f", s.targetRatio()));
        spark.row(num("%,d", s.trades()), num("%,.0f", s.sustainedTradesPerSecond()),
                num("%,.0f", s.overallTradesPerSecond()), num("%,.0f", s.plainConsumerTradesPerSecond()),
                num("%.2f", s.ratioToLimit()), num("%d", s.batches()), num("%,.0f", s.meanBatchMillis()),
                s.sustainedTradesPerSecond() >= s.targetTradesPerSecond() ? "met" : "missed",
                s.ratioToLimit() >= s.targetRatio() ? "met" : "missed");
        spark.print(out, s.error());

        Table scaling = new Table("3. Spark job scaling: topic format, Spark cores, markets", "format", "master",
                "markets", "trades", "sustained trades/s", "plain consumer", "ratio", "batches", "mean batch ms");
        r.sparkScaling().points().forEach(p -> scaling.row(p.format(), "local[" + p.cores() + "]",
                num("%d", p.markets()), num("%,d", p.trades()), num("%,.0f", p.sustainedTradesPerSecond()),
                p.plainConsumerTradesPerSecond() < 0 ? "-" : num("%,.0f", p.plainConsumerTradesPerSecond()),
                p.ratioToLimit() < 0 ? "-" : num("%.2f", p.ratioToLimit()), num("%d", p.batches()),
                num("%,.0f", p.meanBatchMillis())));
        scaling.print(out, r.sparkScaling().points().isEmpty() ? r.sparkScaling().error() : null);
        if (!r.sparkScaling().points().isEmpty() && r.sparkScaling().error() != null) {
            out.println("  failed: " + r.sparkScaling().error());
        }

        Table fresh = new Table("4. Freshness: ingest receive → window row readable", "rate asked", "emitted", "arrived",
                "trades", "p50 ms", "p99 ms", "max ms", "p99 first/last third", "drops", "carried", "spark batches",
                "mean batch ms");
        List<String> failures = new ArrayList<>();
        r.freshness().forEach(f -> {
            if (f.error() != null) {
                failures.add(num("%,.0f/s: ", f.targetTradesPerSecond()) + f.error());
                return;
            }
            fresh.row(num("%,.0f/s", f.targetTradesPerSecond()), num("%,.0f/s", f.emittedTradesPerSecond()),
                    num("%,.0f/s", f.measuredTradesPerSecond()),
                    num("%,d", f.trades()), num("%,.0f", f.p50Millis()), num("%,.0f", f.p99Millis()),
                    num("%,.0f", f.maxMillis()), num("%,.0f / ", f.firstThirdP99Millis())
                            + num("%,.0f", f.lastThirdP99Millis()), num("%d", f.clientDrops()),
                    f.carried() ? "yes" : "NO", num("%d", f.sparkBatches()), num("%,.0f", f.meanBatchMillis()));
        });
        fresh.print(out, fresh.isEmpty() && !failures.isEmpty() ? String.join("; ", failures) : null);
        if (!fresh.isEmpty()) {
            failures.forEach(failure -> out.println("  failed at " + failure));
        }
        r.freshness().stream().filter(f -> f.error() == null).forEach(f -> out.println(
                num("  CPU µs per trade at %,.0f/s: ", f.targetTradesPerSecond()) + micros(f.cpuMicrosPerTrade())));

        Table state = new Table("5. State per window", "query", "trades/window", "windows", "state bytes",
                "bytes/window", "late-filter state rows", "trades/s");
        r.state().points().forEach(p -> state.row(p.query(), num("%,d", p.tradesPerWindow()), num("%d", p.windows()),
                p.failure() == null ? num("%,d", p.stateBytes()) : "failed",
                p.failure() == null ? num("%,.0f", p.bytesPerWindow()) : p.failure(),
                p.lateFilterRows() < 0 ? "-" : num("%,d", p.lateFilterRows()),
                p.failure() == null ? num("%,.0f", p.tradesPerSecond()) : "-"));
        state.print(out, r.state().error());

        BenchReport.Memory mem = r.memory();
        Table memory = new Table("6. Peak RSS (VmHWM)", "process", "peak RSS", "max sampled RSS");
        memory.row("ingest (" + mem.childHeap() + ")", mib(mem.ingestPeakRssBytes()), mib(mem.ingestSampledMaxRssBytes()));
        memory.row("Spark driver (" + mem.childHeap() + ")", mib(mem.sparkDriverPeakRssBytes()),
                mib(mem.sparkDriverSampledMaxRssBytes()));
        memory.row("Kafka broker", mib(mem.kafkaPeakRssBytes()), "");
        memory.row("Cassandra node", mib(mem.cassandraPeakRssBytes()), "");
        memory.row("bench parent (limits, pollers)", mib(mem.benchPeakRssBytes()), "");
        memory.print(out, null);

        Table levers = new Table("Levers", "stage", "lever", "variant", "value", "vs baseline", "verdict");
        r.levers().forEach(l -> levers.row(l.stage(), l.lever(), l.variant(), num("%,.0f ", l.value()) + l.unit(),
                num("%.2f", l.vsBaseline()), l.verdict()));
        levers.print(out, null);

        Table parts = new Table("Run time, by part", "part", "seconds", "share");
        r.parts().forEach(part -> parts.row(part.name(), num("%,.1f", part.seconds()),
                num("%.0f %%", 100 * part.seconds() / r.seconds())));
        parts.row("all", num("%,.1f", r.seconds()), num("limit with every stage: %,.0f s", r.secondsLimit()));
        parts.print(out, null);

        Table targets = new Table("Targets", "stage", "target", "measured", "met");
        r.targets().forEach(t -> targets.row(t.stage(), t.target(), t.measured(), t.met() ? "yes" : "NO"));
        targets.print(out, null);
        r.targets().stream().filter(t -> !t.met() && t.cause() != null)
                .forEach(t -> out.println("  missed, " + t.stage() + ": " + t.cause()));
        out.println();
    }

    private static String micros(java.util.Map<String, Double> byProcess) {
        return byProcess.entrySet().stream().map(e -> e.getKey() + " " + num("%.1f", e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("unknown");
    }

    private static String num(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024));
    }

    /** Columns sized to their widest cell. */
    private static final class Table {
        private final String title;
        private final String[] header;
        private final List<String[]> rows = new ArrayList<>();

        Table(String title, String... header) {
            this.title = title;
            this.header = header;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        void print(PrintStream out, String error) {
            out.println();
            out.println(title);
            if (error != null) {
                out.println(error.equals(BenchReport.NOT_SELECTED) ? "  " + error : "  failed: " + error);
                return;
            }
            int[] widths = new int[header.length];
            for (int c = 0; c < header.length; c++) {
                widths[c] = header[c].length();
                for (String[] row : rows) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            line(out, header, widths);
            String[] rule = new String[header.length];
            for (int c = 0; c < header.length; c++) {
                rule[c] = "-".repeat(widths[c]);
            }
            line(out, rule, widths);
            rows.forEach(row -> line(out, row, widths));
        }

        private static void line(PrintStream out, String[] cells, int[] widths) {
            StringBuilder text = new StringBuilder(" ");
            for (int c = 0; c < cells.length; c++) {
                text.append(' ').append(cells[c]).append(" ".repeat(widths[c] - cells[c].length())).append(' ');
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
