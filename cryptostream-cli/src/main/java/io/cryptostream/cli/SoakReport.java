package io.cryptostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak found: faults injected and survived, trades emitted against trades stored, records set aside by
 * reason, and each process's memory over time. {@code failure} is empty when trades in equal rows out and no
 * process died; otherwise it says, in one line, what differed.
 */
record SoakReport(String started, String topic, String keyspace, double minutes, double tradesPerSecond, List<String> markets, double faultEverySeconds,
                  List<FaultCount> faults, List<WindowReconciliation.MarketResult> trades, long emittedTrades,
                  long storedTrades, SoakChild.IngestResult ingest,
                  SoakChild.SparkResult spark, Rejects rejects, List<Memory> memory,
                  double warmUpSeconds, double rssTolerancePercent, String failure) {

    /** How often a fault was injected, and how often ingest was back on every market within its budget after it. */
    record FaultCount(String fault, long injected, long survived) {
    }

    /** Records set aside, by reason; {@code source} says where the counts come from. */
    record Rejects(String source, Map<String, Long> byReason) {
    }

    /** One process's resident memory: the summary and every sample as [seconds since start, MiB]. */
    record Memory(String process, long pid, RssSeries.Summary summary, List<double[]> samples) {
    }

    boolean passed() {
        return failure.isEmpty();
    }

    Path write(Path dir) {
        Path file = dir.resolve("soak.json");
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(file.toFile(), this);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the soak report " + file + ": " + e.getMessage(), e);
        }
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Soak of %.1f min at %.0f trades/s over %d markets, a fault every %.0f s%n%n",
                minutes, tradesPerSecond, markets.size(), faultEverySeconds));
        TextTable faultTable = new TextTable(List.of("fault", "injected", "survived"));
        faults.forEach(f -> faultTable.add(List.of(f.fault(), Long.toString(f.injected()), Long.toString(f.survived()))));
        out.append(faultTable.render()).append('\n');

        TextTable tradeTable = new TextTable(List.of("market", "emitted", "in Cassandra", "lost", "extra", "windows",
                "differing windows"));
        trades.forEach(t -> tradeTable.add(List.of(t.market(), Long.toString(t.emitted()), Long.toString(t.stored()),
                Long.toString(t.lost()), Long.toString(t.extra()), Integer.toString(t.windows()),
                Integer.toString(t.differences().size()))));
        tradeTable.add(List.of("total", Long.toString(emittedTrades), Long.toString(storedTrades),
                Long.toString(trades.stream().mapToLong(WindowReconciliation.MarketResult::lost).sum()),
                Long.toString(trades.stream().mapToLong(WindowReconciliation.MarketResult::extra).sum()), "", ""));
        out.append(tradeTable.render());
        if (ingest != null) {
            out.append(String.format(Locale.ROOT, "Ingest: %d trades re-sent by the venue dropped as duplicates, %d "
                            + "connections, %d found stale, %d venue refusals %s%n", ingest.duplicates(),
                    ingest.connections(), ingest.staleConnections(),
                    ingest.rejectedByVenue().values().stream().mapToLong(Long::longValue).sum(), ingest.rejectedByVenue()));
        }
        if (spark != null) {
            out.append(String.format(Locale.ROOT, "Spark job: %d records in %d batches, %d late trades dropped, %d "
                    + "rejected%n", spark.inputRecords(), spark.batches(), spark.lateTradesDropped(), spark.rejectedRecords()));
        }
        out.append('\n');

        TextTable rejectTable = new TextTable(List.of("rejected (" + rejects.source() + ")", "records"));
        rejects.byReason().forEach((reason, count) -> rejectTable.add(List.of(reason, Long.toString(count))));
        out.append(rejectTable.render()).append('\n');

        TextTable memoryTable = new TextTable(List.of("process", "pid", "samples", "first MiB", "min MiB", "max MiB",
                "last MiB", "MiB/hour", "verdict"));
        for (Memory m : memory) {
            RssSeries.Summary s = m.summary();
            memoryTable.add(List.of(m.process(), Long.toString(m.pid()), Integer.toString(s.samples()), mib(s.firstMib()),
                    mib(s.minMib()), mib(s.maxMib()), mib(s.lastMib()), mib(s.slopeMibPerHour()), s.verdict()));
        }
        out.append(memoryTable.render());
        out.append(String.format(Locale.ROOT, "Flat: the fitted growth after the %.0f s warm-up is at most %.0f%% of the "
                + "first sample after it.%n%n", warmUpSeconds, rssTolerancePercent));
        out.append(passed() ? "Soak passed: every emitted trade is in Cassandra exactly once and no process died."
                : "Soak FAILED: " + failure).append('\n');
        return out.toString();
    }

    private static String mib(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
