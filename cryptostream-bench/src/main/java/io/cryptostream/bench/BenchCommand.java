package io.cryptostream.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** {@code cryptostream bench}: measures each stage against this machine's own limit, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, header = "Measure every stage against this machine's own limits.",
        // One element: picocli starts a new line at each element of the array.
        description = "Measure decode, ingest, the Spark job (per topic format, Spark cores and market count), the "
                + "freshness curve, state size and memory on this machine, each next to the machine's own limit "
                + "measured in the same run. Starts its own Kafka and Cassandra on free ports (never ./var's). Writes "
                + "bench.json and bench.png; at most 15 minutes on 2 cores, --quick at most 3.")
final class BenchCommand implements Runnable {

    @Option(names = "--quick", description = "Each stage's headline figure and target at smaller sizes, without the "
            + "scaling runs and the levers (at most 3 minutes).")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "STAGE",
            description = "Run only these stages, comma-separated: ${COMPLETION-CANDIDATES}.")
    List<Stage> only;

    @Option(names = "--out", paramLabel = "DIR", description = "Where bench.json and bench.png go (default: bench-results).")
    Path out = BenchOptions.DEFAULT_OUT_DIR;

    @Override
    public void run() {
        BenchOptions sizes = quick ? BenchOptions.quick(out) : BenchOptions.full(out);
        BenchOptions options = only == null ? sizes : sizes.only(EnumSet.copyOf(only));
        BenchReport report = new BenchRunner().run(options, System.out);
        if (report.failed()) {
            throw new IllegalStateException("Some benchmark stages failed; their errors are in the tables above and in "
                    + out.resolve("bench.json"));
        }
    }
}
