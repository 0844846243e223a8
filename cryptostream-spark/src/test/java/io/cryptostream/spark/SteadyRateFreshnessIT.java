package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.awaitility.Awaitility.await;

/**
 * Freshness of the Kafka → Spark → Cassandra job at a steady rate: trades produced live (receive time = now) reach
 * {@code candles_1m}, and a poller sees each market window's trade count grow. Trade k of a window is readable at
 * the first poll that saw a count of at least k (one market per Kafka key, so Spark reads it in order); its
 * freshness is that time minus its receive time. Prints p50/p99/max and the mean of each phase of the job's
 * micro-batches ({@code StreamingQueryProgress.durationMs}), and checks every trade becomes readable.
 *
 * <p>A repeatable harness for the job's per-batch cost, run only when {@code -Dfreshness.rate} is set (e.g. 5000):
 * {@code -Dfreshness.variants="a: trigger=0; b: trigger=0,
 * spark.sql.shuffle.partitions=2"} runs each variant in turn (Spark SQL settings apply to a new session of the
 * shared context; {@code sink=connector} writes as the job did before its direct writes, for a ratio measured in
 * one run); {@code -Dfreshness.rate}, {@code -Dfreshness.warmup} and {@code -Dfreshness.measure} (seconds) size it.
 */
@EnabledIfSystemProperty(named = "freshness.rate", matches = ".+",
        disabledReason = "a measuring harness: set -Dfreshness.rate (trades/s) to run it; the bench's freshness stage "
                + "measures the same path in every run")
class SteadyRateFreshnessIT {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final int MARKETS = 8;

    private static ServerEndpoints servers;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        servers = TestServers.shared().endpoints();
        spark = SparkSessionFactory.create(JobSettings.defaults().withCassandra(cassandra("freshness_setup")));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everyTradeProducedAtASteadyRateBecomesReadableInCassandra(@TempDir Path checkpoints) throws Exception {
        double rate = Double.parseDouble(System.getProperty("freshness.rate", "5000"));
        Duration warmup = Duration.ofSeconds(Long.getLong("freshness.warmup", 8));
        Duration measure = Duration.ofSeconds(Long.getLong("freshness.measure", 12));
        Map<String, Map<String, String>> variants = variants(System.getProperty("freshness.variants",
                "default: trigger=0"));
        List<String> report = new ArrayList<>();
        int run = 0;
        for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
            run++;
            Figures figures = measure(variant.getValue(), run, rate, warmup, measure, checkpoints.resolve("r" + run));
            report.add(String.format("%-28s %s", variant.getKey(), figures));
            assertThat(figures.unobserved()).as("trades never seen in Cassandra").isZero();
            assertThat(figures.trades()).isPositive();
        }
        System.out.println("Freshness at " + rate + " trades/s (" + warmup.toSeconds() + " s warm-up, "
                + measure.toSeconds() + " s measured):");
        report.forEach(System.out::println);
    }

    private static Figures measure(Map<String, String> variant, int run, double rate, Duration warmup,
                                   Duration measure, Path checkpoint) throws Exception {
        CassandraSettings cassandra = cassandra("freshness_" + run);
        StoreSchema.ensure(cassandra);
        String topic = KafkaTopics.on(servers).createUnique("freshness", 2);
        SparkSession session = spark.newSession();
        Map<String, String> conf = new LinkedHashMap<>(variant);
        Duration trigger = Duration.ofMillis(Long.parseLong(conf.getOrDefault("trigger", "0")));
        boolean throughConnector = "connector".equals(conf.get("sink"));
        conf.remove("trigger");
        conf.remove("sink");
        conf.forEach((key, value) -> session.conf().set(key, value));
        JobSettings settings = JobSettings.defaults()
                .withCassandra(cassandra)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(servers.kafkaBootstrapServers(), topic))
                .withTriggerInterval(trigger)
                .withCheckpointDir(checkpoint.toString());
        List<Market> markets = IntStream.range(0, MARKETS).mapToObj(i -> new Market("Probe" + i, "BTC", "USD"))
                .toList();
        Producer producer = new Producer(topic, markets, rate);
        Poller poller = new Poller(cassandra, markets);
        BatchPhases phases = new BatchPhases(settings.queryName());
        session.streams().addListener(phases);
        WindowSink sink = throughConnector ? new ConnectorWrites(cassandra.keyspace())
                : CassandraWindowSink.open(cassandra);
        TradeWindowJob job = TradeWindowJob.start(session, settings, new KafkaTradeSource(settings.kafka()), sink);
        SparkJobs jobs = new SparkJobs(job.query().runId().toString(), phases);
        session.sparkContext().addSparkListener(jobs);
        Thread producing = new Thread(producer, "freshness-producer");
        Thread polling = new Thread(poller, "freshness-poller");
        long measureFrom;
        long measureTo;
        try {
            polling.start();
            producing.start();
            // The first batches plan the query, start the Kafka clients and compile: not the steady state.
            await().atMost(Duration.ofMinutes(5)).until(() -> phases.completed() >= 3);
            measureFrom = nanos(Instant.now().plus(warmup));
            measureTo = measureFrom + measure.toNanos();
            phases.measure(measureFrom, measureTo);
            Thread.sleep(warmup.plus(measure).toMillis());
            producer.stop();
            producing.join();
            await().atMost(Duration.ofSeconds(180)).until(() -> poller.caughtUp(producer.sent()));
        } finally {
            producer.stop();
            poller.stop();
            polling.join(10_000);
            job.stop();
            session.streams().removeListener(phases);
            session.sparkContext().removeSparkListener(jobs);
        }
        return figures(producer.receiveTimes(), poller.observations(), measureFrom, measureTo, phases, jobs);
    }

    private static Figures figures(Map<String, long[]> receiveTimes, Map<String, List<long[]>> observations,
                                   long measureFrom, long measureTo, BatchPhases phases, SparkJobs jobs) {
        List<Long> latencies = new ArrayList<>();
        long unobserved = 0;
        for (Map.Entry<String, long[]> window : receiveTimes.entrySet()) {
            List<long[]> seen = observations.getOrDefault(window.getKey(), List.of());
            int cursor = 0;
            long[] received = window.getValue();
            for (int k = 0; k < received.length; k++) {
                if (received[k] < measureFrom || received[k] >= measureTo) {
                    continue;
                }
                while (cursor < seen.size() && seen.get(cursor)[0] < k + 1) {
                    cursor++;
                }
                if (cursor == seen.size()) {
                    unobserved++;
                } else {
                    latencies.add(seen.get(cursor)[1] - received[k]);
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figures(sorted.length, unobserved, percentile(sorted, 0.5), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                phases.summary() + String.format("; %.1f Spark jobs/batch", jobs.perBatch()));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
                / 1e6;
    }

    /** "name: k=v, k=v; name2: ..." in order. */
    private static Map<String, Map<String, String>> variants(String spec) {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (String variant : spec.split(";")) {
            String[] nameAndConf = variant.split(":", 2);
            Map<String, String> conf = new LinkedHashMap<>();
            if (nameAndConf.length == 2) {
                Arrays.stream(nameAndConf[1].split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.split("=", 2)).forEach(kv -> conf.put(kv[0].strip(), kv[1].strip()));
            }
            variants.put(nameAndConf[0].strip(), conf);
        }
        return variants;
    }

    private static CassandraSettings cassandra(String keyspace) {
        return CassandraSettings.defaults().withContactPoint(servers.host(), servers.cassandraPort())
                .withKeyspace(keyspace);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String windowKey(String exchange, Instant windowStart) {
        return exchange + '|' + windowStart.toEpochMilli();
    }

    record Figures(long trades, long unobserved, double p50, double p99, double max, String phases) {
        @Override
        public String toString() {
            return String.format("%,8d trades  p50 %5.0f ms  p99 %5.0f ms  max %5.0f ms  | %s", trades, p50, p99,
                    max, phases);
        }
    }

    /** Trades at a steady rate, round-robin over the markets, each stamped with the time it is sent. */
    private static final class Producer implements Runnable {
        private final String topic;
        private final List<Market> markets;
        private final double rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, long[]> times = new HashMap<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        private long sent;

        Producer(String topic, List<Market> markets, double rate) {
            this.topic = topic;
            this.markets = markets;
            this.rate = rate;
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    servers.kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer())) {
                long started = System.nanoTime();
                long id = 0;
                while (running.get()) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                    for (; id < due; id++) {
                        Market market = markets.get((int) (id % markets.size()));
                        Instant now = Instant.now();
                        Trade trade = Trade.of(market, id % 2 == 0 ? TakerSide.BUY : TakerSide.SELL,
                                BigDecimal.valueOf(60_000_00 + id % 1000, 2), new BigDecimal("0.01"),
                                Long.toString(id), now, now);
                        record(windowKey(market.exchange(), now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)),
                                nanos(now));
                        producer.send(new ProducerRecord<>(topic, market.key(), TradeJson.encode(trade)));
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void record(String key, long receiveNanos) {
            int size = sizes.getOrDefault(key, 0);
            long[] list = times.computeIfAbsent(key, k -> new long[1024]);
            if (size == list.length) {
                list = Arrays.copyOf(list, size * 2);
                times.put(key, list);
            }
            list[size] = receiveNanos;
            sizes.put(key, size + 1);
            sent++;
        }

        synchronized long sent() {
            return sent;
        }

        synchronized Map<String, long[]> receiveTimes() {
            Map<String, long[]> copy = new HashMap<>();
            times.forEach((key, list) -> copy.put(key, Arrays.copyOf(list, sizes.get(key))));
            return copy;
        }

        void stop() {
            running.set(false);
        }
    }

    /** Each market window's trade count in candles_1m, with the time of each poll that saw it grow. */
    private static final class Poller implements Runnable {
        private final CassandraSettings cassandra;
        private final List<Market> markets;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, List<long[]>> observations = new HashMap<>();
        private final Map<String, Long> latest = new HashMap<>();

        Poller(CassandraSettings cassandra, List<Market> markets) {
            this.cassandra = cassandra;
            this.markets = markets;
        }

        @Override
        public void run() {
            try (CqlSession session = CassandraSessions.open(cassandra)) {
                PreparedStatement select = session.prepare("SELECT window_start, trades FROM "
                        + cassandra.keyspace() + "." + StoreSchema.CANDLES_TABLE
                        + " WHERE exchange = ? AND base = ? AND quote = ? AND day = ?");
                while (running.get()) {
                    long pollStart = System.nanoTime();
                    LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
                    for (Market market : markets) {
                        for (LocalDate day : List.of(today.minusDays(1), today)) {
                            for (var row : session.execute(select.bind(market.exchange(), market.base(),
                                    market.quote(), day))) {
                                record(windowKey(market.exchange(), row.getInstant("window_start")),
                                        row.getLong("trades"), nanos(Instant.now()));
                            }
                        }
                    }
                    long pause = POLL_INTERVAL.toMillis() - (System.nanoTime() - pollStart) / 1_000_000;
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void record(String key, long count, long seenAt) {
            if (count > latest.getOrDefault(key, 0L)) {
                latest.put(key, count);
                observations.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[]{count, seenAt});
            }
        }

        synchronized boolean caughtUp(long sent) {
            return latest.values().stream().mapToLong(Long::longValue).sum() >= sent;
        }

        synchronized Map<String, List<long[]>> observations() {
            Map<String, List<long[]>> copy = new HashMap<>();
            observations.forEach((key, list) -> copy.put(key, List.copyOf(list)));
            return copy;
        }

        void stop() {
            running.set(false);
        }
    }

    /**
     * The window sink as it was before the direct writes ({@code sink=connector}), for comparison in one run: the
     * batch counted, then each table appended with the Spark Cassandra connector, reading the cached batch.
     */
    private record ConnectorWrites(String keyspace) implements WindowSink {
        @Override
        public void write(WindowBatch batch) {
            if (batch.tables().count() == 0) {
                return;
            }
            append(batch.tables().select(explode(col(StoreSchema.WINDOWS_TABLE)).as("row")).select("row.*"),
                    StoreSchema.WINDOWS_TABLE);
            append(batch.tables().where(col(StoreSchema.CANDLES_TABLE).isNotNull())
                    .select(StoreSchema.CANDLES_TABLE + ".*"), StoreSchema.CANDLES_TABLE);
        }

        private void append(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String table) {
            rows.write().format("org.apache.spark.sql.cassandra").option("keyspace", keyspace)
                    .option("table", table).mode(org.apache.spark.sql.SaveMode.Append).save();
        }
    }

    /** The Spark jobs the window query ran while its measured batches ran. */
    private static final class SparkJobs extends SparkListener {
        private final String runId;
        private final BatchPhases phases;
        private final AtomicLong jobs = new AtomicLong();

        SparkJobs(String runId, BatchPhases phases) {
            this.runId = runId;
            this.phases = phases;
        }

        @Override
        public void onJobStart(SparkListenerJobStart event) {
            if (runId.equals(event.properties().getProperty("spark.jobGroup.id")) && phases.measuring()) {
                jobs.incrementAndGet();
            }
        }

        double perBatch() {
            return phases.batches() == 0 ? 0 : (double) jobs.get() / phases.batches();
        }
    }

    /** The mean and max of each durationMs phase over the batches that started in the measured span. */
    private static final class BatchPhases extends StreamingQueryListener {
        private final String queryName;
        private final Map<String, long[]> totals = new TreeMap<>();
        private long from = Long.MAX_VALUE;
        private long to = Long.MAX_VALUE;
        private int batches;
        private int completed;
        private long rows;

        BatchPhases(String queryName) {
            this.queryName = queryName;
        }

        synchronized boolean measuring() {
            long now = nanos(Instant.now());
            return now >= from && now < to;
        }

        synchronized int batches() {
            return batches;
        }

        synchronized int completed() {
            return completed;
        }

        synchronized void measure(long fromNanos, long toNanos) {
            from = fromNanos;
            to = toNanos;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        @Override
        public synchronized void onQueryProgress(QueryProgressEvent event) {
            var progress = event.progress();
            if (!queryName.equals(progress.name())) {
                return;
            }
            completed++;
            long started = nanos(Instant.parse(progress.timestamp()));
            if (started < from || started >= to) {
                return;
            }
            batches++;
            rows += progress.numInputRows();
            progress.durationMs().forEach((phase, millis) -> {
                long[] total = totals.computeIfAbsent(phase, p -> new long[2]);
                total[0] += millis;
                total[1] = Math.max(total[1], millis);
            });
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
        }

        synchronized String summary() {
            StringBuilder text = new StringBuilder(String.format("%d batches, %.0f trades/batch; mean (max) ms:",
                    batches, batches == 0 ? 0.0 : (double) rows / batches));
            totals.forEach((phase, total) -> text.append(String.format(" %s %.0f (%d)", phase,
                    batches == 0 ? 0.0 : (double) total[0] / batches, total[1])));
            return text.toString();
        }
    }
}
