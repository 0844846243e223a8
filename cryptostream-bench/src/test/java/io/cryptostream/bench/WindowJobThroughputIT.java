package io.cryptostream.bench;

import io.cryptostream.domain.TradeJson;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.JsonLinesRejectedRecords;
import io.cryptostream.spark.RejectedRecordSink;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeJsonParser;
import io.cryptostream.spark.TradeSource;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.spark.WindowSink;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The window job's own throughput, without Kafka or Cassandra: synthetic trades as TradeJson lines in files, read
 * as a file stream one file per micro-batch (trigger 0 s), through the job's whole pipeline into a sink that
 * computes both tables' rows and discards them. Next to it, in the same JVM, the same files parsed only: the
 * difference is what the aggregation costs. Then the Spark settings that are levers: shuffle partitions and the
 * RocksDB state store with changelog checkpointing.
 *
 * <p>A measurement, not a check: it runs only when sized, with {@code -Dcryptostream.bench.job-trades=1000000}; repeat with
 * {@code -Dcryptostream.bench.job-rounds=2}, leave the levers out with {@code -Dcryptostream.bench.job-levers=false};
 * the figures go to standard output, each line starting {@code [job throughput]}.
 */
class WindowJobThroughputIT {

    private static final long TRADES = Long.getLong("cryptostream.bench.job-trades", 0);
    private static final int FILES = 10;
    private static final long TRADES_PER_WINDOW = 10_000;
    private static final int ROUNDS = Integer.getInteger("cryptostream.bench.job-rounds", 1);
    private static final boolean LEVERS = Boolean.parseBoolean(System.getProperty("cryptostream.bench.job-levers",
            "true"));
    private static final String HDFS_PROVIDER =
            "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
    private static final String ROCKSDB_PROVIDER =
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

    private static Path work;
    private static Path input;
    private static SparkSession spark;
    private static JobSettings base;

    @BeforeAll
    static void writeTradesAndStartSpark() throws IOException {
        assumeTrue(TRADES > 0, "a measurement: size it with -Dcryptostream.bench.job-trades=N to run it");
        work = Files.createTempDirectory("window-job-throughput");
        input = Files.createDirectories(work.resolve("trades"));
        SyntheticTrades trades = new SyntheticTrades(IngestSettings.DEFAULT_MARKETS, SyntheticTrades.DEFAULT_START,
                Duration.ofMinutes(1), TRADES_PER_WINDOW);
        long perFile = TRADES / FILES;
        for (int f = 0; f < FILES; f++) {
            try (BufferedWriter out = Files.newBufferedWriter(input.resolve(String.format("part-%03d.json", f)))) {
                for (long i = f * perFile; i < (f + 1) * perFile; i++) {
                    out.write(TradeJson.encode(trades.trade(i)));
                    out.newLine();
                }
            }
        }
        base = JobSettings.defaults().withTriggerInterval(Duration.ZERO);
        spark = SparkSessionFactory.create(base, Map.of("spark.sql.streaming.metricsEnabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theJobAggregatesEveryTradeAndReportsItsThroughputNextToParsingAlone() throws Exception {
        print(String.format(Locale.ROOT, "%,d trades, %d files (one per batch), %,d trades per market-minute",
                TRADES / FILES * FILES, FILES, TRADES_PER_WINDOW));
        Rate parse = parseOnly();
        print(parse.line("parse only (file → TradeJsonParser → noop)"));
        for (int round = 0; round < ROUNDS; round++) {
            Rate job = job("defaults-" + round, Map.of());
            print(job.line("job, session defaults"));
            print(String.format(Locale.ROOT, "  aggregation and the rest of the job ≈ %.2f µs CPU/trade (job minus"
                    + " parse only)", job.cpuMicrosPerTrade - parse.cpuMicrosPerTrade));
            if (!LEVERS) {
                continue;
            }
            for (int partitions : new int[]{1, 2, 4}) {
                print(job("partitions-" + partitions + "-" + round,
                        Map.of("spark.sql.shuffle.partitions", Integer.toString(partitions)))
                        .line("job, " + partitions + " shuffle partition(s)"));
            }
            print(job("hdfs-" + round, Map.of("spark.sql.streaming.stateStore.providerClass", HDFS_PROVIDER))
                    .line("job, HDFS-backed state store"));
            print(job("rocksdb-" + round, Map.of("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER,
                    "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true"))
                    .line("job, RocksDB state store + changelog checkpointing"));
        }
    }

    private static void print(String line) {
        System.out.println("[job throughput] " + line);
    }

    private Rate parseOnly() throws Exception {
        Path checkpoint = work.resolve("checkpoints/parse");
        CpuPerBatch cpu = new CpuPerBatch("parse-only");
        spark.streams().addListener(cpu);
        try {
            StreamingQuery query = TradeJsonParser.parse(files(spark)).writeStream().format("noop")
                    .queryName("parse-only").outputMode(OutputMode.Append()).trigger(Trigger.ProcessingTime(0))
                    .option("checkpointLocation", checkpoint.toString()).start();
            query.processAllAvailable();
            query.stop();
            return Rate.of(query.recentProgress(), cpu);
        } finally {
            spark.streams().removeListener(cpu);
        }
    }

    private Rate job(String name, Map<String, String> conf) {
        conf.forEach((key, value) -> spark.conf().set(key, value));
        CpuPerBatch cpu = new CpuPerBatch(base.queryName());
        spark.streams().addListener(cpu);
        try {
            JobSettings settings = base.withCheckpointDir(work.resolve("checkpoints/" + name).toString());
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new FileTradeSource(), discardingSink());
            job.processAllAvailable();
            job.stop();
            assertThat(job.metrics().lateTradesDropped()).isZero();
            assertThat(job.metrics().rejectedRecords()).isZero();
            Rate rate = Rate.of(job.query().recentProgress(), cpu);
            assertThat(rate.rows).isEqualTo(TRADES / FILES * FILES);
            return rate;
        } finally {
            spark.streams().removeListener(cpu);
            conf.keySet().forEach(key -> spark.conf().unset(key));
        }
    }

    /** Computes every column of both tables (a noop write evaluates them all) and keeps nothing. */
    private static WindowSink discardingSink() {
        return batch -> {
            batch.tables().write().format("noop").mode("overwrite").save();
        };
    }

    private static Dataset<Row> files(SparkSession spark) {
        return spark.readStream().option("maxFilesPerTrigger", 1).text(input.toString());
    }

    private static final class FileTradeSource implements TradeSource {
        @Override
        public Dataset<Row> records(SparkSession spark) {
            return files(spark);
        }

        @Override
        public RejectedRecordSink rejectedRecords(JobSettings settings) {
            return new JsonLinesRejectedRecords(Path.of(settings.checkpointDir(), "rejected.jsonl"));
        }

        @Override
        public String describe() {
            return "trade files in " + input;
        }
    }

    /**
     * This JVM's CPU time from the end of a query's first batch with rows to the end of its last: on a machine
     * shared with other work, CPU per trade varies far less than wall time.
     */
    private static final class CpuPerBatch extends StreamingQueryListener {
        private final String queryName;
        private ProcessCpu.Meter meter;
        private long rowsAfterFirst;
        private volatile double microsPerTrade = -1;

        CpuPerBatch(String queryName) {
            this.queryName = queryName;
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            StreamingQueryProgress progress = event.progress();
            if (!queryName.equals(progress.name()) || progress.numInputRows() == 0) {
                return;
            }
            if (meter == null) {
                meter = new ProcessCpu.Meter(ProcessHandle.current().pid());
                return;
            }
            rowsAfterFirst += progress.numInputRows();
            microsPerTrade = meter.microsPerItem(rowsAfterFirst)[0];
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
        }
    }

    /**
     * Rows over the time of every batch but the first, which pays for planning and code generation once; and the
     * CPU they took, as trades per second on 2 cores.
     *
     * @param rows all input rows
     */
    private record Rate(long rows, double perSecond, double cpuMicrosPerTrade) {

        static Rate of(StreamingQueryProgress[] progress, CpuPerBatch cpu) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cpu.microsPerTrade > 0);
            List<StreamingQueryProgress> batches = Arrays.stream(progress).filter(p -> p.numInputRows() > 0).toList();
            long rows = batches.stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
            List<StreamingQueryProgress> measured = batches.subList(1, batches.size());
            long measuredRows = measured.stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
            long millis = measured.stream().mapToLong(p -> p.durationMs().get("triggerExecution")).sum();
            return new Rate(rows, measuredRows * 1000.0 / millis, cpu.microsPerTrade);
        }

        double perSecondOnTwoCores() {
            return 2e6 / cpuMicrosPerTrade;
        }

        String line(String what) {
            return String.format(Locale.ROOT, "%-52s %8.2f µs CPU/trade = %,9.0f trades/s on 2 cores (wall %,9.0f/s)",
                    what, cpuMicrosPerTrade, perSecondOnTwoCores(), perSecond);
        }
    }
}
