package io.cryptostream.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code cryptostream bench}: measures each stage against this machine's own limit, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, header = "Measure every stage against this machine's own limits.",
        description = {"Measure decode, ingest, the Spark job, freshness, state size and memory on this machine, each next",
                "to the machine's own limit measured in the same run, and the levers worth pulling. Starts its own Kafka",
                "and Cassandra on free ports (never ./var's). Writes bench.json and bench.png; about 12 minutes, --quick 4."})
final class BenchCommand implements Runnable {

    @Option(names = "--quick", description = "Every figure at smaller sizes (about 4 minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where bench.json and bench.png go (default: bench-results).")
    Path out = BenchOptions.DEFAULT_OUT_DIR;

    @Override
    public void run() {
        BenchOptions options = quick ? BenchOptions.quick(out) : BenchOptions.full(out);
        BenchReport report = new BenchRunner().run(options, System.out);
        if (report.failed()) {
            throw new IllegalStateException("Some benchmark stages failed; their errors are in the tables above and in "
                    + out.resolve("bench.json"));
        }
    }
}
