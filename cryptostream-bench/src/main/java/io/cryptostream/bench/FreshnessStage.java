package io.cryptostream.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stage 4: at a steady rate through the whole pipeline (simulator live trades → ingest → Kafka → the Spark job →
 * Cassandra), the time from ingest receiving a trade to the window row containing it being readable; once per rate
 * of the freshness curve. The simulator and ingest each run in a child JVM of their own, the job in the Spark driver.
 *
 * <p>A consumer tails the topic for each trade's receive time (stamped by ingest) in offset order per market and
 * window; a poller reads each window's trade count from {@code candles_1m} every {@link #POLL_INTERVAL}. Spark reads
 * each partition in offset order and one market lives on one partition, so a count of c means the market-window's
 * first c trades are readable: trade k's freshness is the first poll that saw a count of at least k, minus its
 * receive time. The poll interval bounds the error (half of it on average).
 */
final class FreshnessStage {

    static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final Duration FIRST_TRADE = Duration.ofSeconds(60);
    /** At least this share of the asked rate must arrive for the rate to count as carried. */
    private static final double CARRIED_RATE_SHARE = 0.9;

    private FreshnessStage() {
    }

    /**
     * @param sparkReady   returns once the driver's query for this run has finished its first batch
     * @param kafkaPid     the broker, whose CPU per trade is part of the figures; likewise {@code cassandraPid}
     */
    static BenchReport.Freshness run(BenchOptions options, ChildJvm spark, Runnable sparkReady,
                                     SparkChild.StreamingRequest streaming,
                                     String bootstrapServers, CassandraSettings cassandra, long kafkaPid,
                                     long cassandraPid, Path workDir, Progress progress) throws InterruptedException {
        List<Market> markets = IngestSettings.DEFAULT_MARKETS;
        double rate = streaming.tradesPerSecond();
        TopicTail tail = new TopicTail(bootstrapServers, streaming.topic(), streaming.format());
        WindowPoller poller = new WindowPoller(cassandra, markets);
        Thread tailThread = new Thread(tail, "bench-freshness-tail");
        Thread pollThread = new Thread(poller, "bench-freshness-poll");
        long measureFrom;
        long measureTo;
        double[] cpuMicros;
        SimulatorChild.Result simulated;
        double emittedRate;
        String tag = "freshness-" + (long) rate;
        SimulatorChild.Request live = SimulatorChild.Request.live(markets, rate);
        IngestChild.Variant variant = new IngestChild.Variant(streaming.name(), streaming.topic(), 10_000,
                ProducerVariant.ingestDefaults(), false);
        // Both JVMs start at once, while the driver may still start this run's query: ingest dials until the
        // simulator listens, as it would a venue, and what it writes before the warm-up ends is not measured.
        try (ChildJvm simulator = ChildJvm.start("simulator-" + tag, "simulator", live, workDir, options.childHeap(),
                progress);
             ChildJvm ingest = ChildJvm.start("ingest-" + tag, "ingest", new IngestChild.Request(live.uri().toString(),
                     markets, bootstrapServers, List.of(variant)), workDir, options.childHeap(), progress)) {
            sparkReady.run();
            simulator.awaitReady(SimulatorChild.LISTENING, Duration.ofSeconds(90));
            tailThread.start();
            pollThread.start();
            ingest.awaitReady(variant.name(), Duration.ofSeconds(90));
            long connectedNanos = System.nanoTime();
            // The warm-up counts from the first trade in the topic: a simulator still starting emits nothing yet.
            awaitFirstTrade(tail, FIRST_TRADE);
            long started = epochNanos(Instant.now());
            Duration warmup = Duration.ofSeconds(streaming.warmupSeconds());
            Duration measure = Duration.ofSeconds(streaming.measureSeconds());
            measureFrom = started + warmup.toNanos();
            measureTo = measureFrom + measure.toNanos();
            progress.line("%s: flowing; measuring trades received from %d s to %d s", streaming.name(),
                    warmup.toSeconds(), warmup.plus(measure).toSeconds());
            Thread.sleep(warmup.toMillis());
            ProcessCpu.Meter cpu = new ProcessCpu.Meter(ingest.pid(), simulator.pid(), spark.pid(), kafkaPid,
                    cassandraPid, ProcessHandle.current().pid());
            Thread.sleep(measure.toMillis());
            cpuMicros = cpu.microsPerItem(1);
            simulator.send("stop");
            simulated = simulator.awaitResult(SimulatorChild.Result.class, Duration.ofSeconds(60));
            emittedRate = simulated.tradesEmitted() / ((System.nanoTime() - connectedNanos) / 1e9);
            ingest.send("stop");
            ingest.awaitResult(IngestChild.Result.class, Duration.ofSeconds(60));
            awaitCaughtUp(tail, poller, CATCH_UP);
        } finally {
            spark.send("stop");
            tail.stop();
            poller.stop();
            tailThread.join(10_000);
            pollThread.join(10_000);
        }
        return compute(rate, tail, poller, measureFrom, measureTo, streaming, simulated, emittedRate, cpuMicros,
                progress);
    }

    private static void awaitFirstTrade(TopicTail tail, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tail.counts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Waits until every trade in the topic is counted in Cassandra, or the timeout passes. */
    private static void awaitCaughtUp(TopicTail tail, WindowPoller poller, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> counts = tail.counts();
            Map<String, Long> seen = poller.latestCounts();
            if (!counts.isEmpty() && counts.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static BenchReport.Freshness compute(double rate, TopicTail tail, WindowPoller poller, long measureFrom,
                                                 long measureTo, SparkChild.StreamingRequest streaming,
                                                 SimulatorChild.Result simulated, double emittedRate,
                                                 double[] cpuMicros, Progress progress) {
        List<long[]> latencies = new ArrayList<>();
        long unobserved = 0;
        Map<String, long[]> receiveTimes = tail.receiveTimes();
        Map<String, List<long[]>> observations = poller.observations();
        for (Map.Entry<String, long[]> window : receiveTimes.entrySet()) {
            long[] received = window.getValue();
            List<long[]> seen = observations.getOrDefault(window.getKey(), List.of());
            int cursor = 0;
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
                    latencies.add(new long[]{received[k], seen.get(cursor)[1] - received[k]});
                }
            }
        }
        long third = (measureTo - measureFrom) / 3;
        long[] sorted = latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
        long[] firstThird = latencies.stream().filter(l -> l[0] < measureFrom + third).mapToLong(l -> l[1]).sorted()
                .toArray();
        long[] lastThird = latencies.stream().filter(l -> l[0] >= measureTo - third).mapToLong(l -> l[1]).sorted()
                .toArray();
        long arrived = sorted.length + unobserved;
        double measuredRate = arrived / ((measureTo - measureFrom) / 1e9);
        // CPU over the measured span, per trade that arrived in it.
        Map<String, Double> cpu = new LinkedHashMap<>();
        String[] processes = {"ingest JVM", "simulator JVM", "Spark driver", "Kafka broker", "Cassandra", "bench JVM"};
        for (int i = 0; i < processes.length; i++) {
            cpu.put(processes[i], cpuMicros[i] < 0 ? -1 : cpuMicros[i] / Math.max(1, arrived));
        }
        double p50 = SparkChild.percentile(sorted, 0.50) / 1e6;
        double p99 = SparkChild.percentile(sorted, 0.99) / 1e6;
        double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
        double firstP99 = SparkChild.percentile(firstThird, 0.99) / 1e6;
        double lastP99 = SparkChild.percentile(lastThird, 0.99) / 1e6;
        long drops = Math.max(0, simulated.connectionsAccepted() - 1);
        boolean carried = drops == 0 && unobserved == 0 && sorted.length > 0
                && measuredRate >= CARRIED_RATE_SHARE * rate
                && lastP99 <= firstP99 + BenchReport.Freshness.CARRIED_LAG_GROWTH_MILLIS;
        progress.line("%s: %,d trades measured (%,.0f trades/s arrived, the simulator emitted %,.0f/s): p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms; %d never seen; p99 first third %.0f ms, last third %.0f ms; %d "
                        + "drops: %s", streaming.name(), sorted.length, measuredRate, emittedRate, p50, p99, max,
                unobserved, firstP99, lastP99, drops, carried ? "carried" : "NOT carried");
        String settings = streaming.name() + ", maxOffsetsPerTrigger " + streaming.maxOffsetsPerTrigger()
                + ", Cassandra polled every " + POLL_INTERVAL.toMillis() + " ms";
        return new BenchReport.Freshness(rate, measuredRate, sorted.length, unobserved, p50, p99, max,
                POLL_INTERVAL.toMillis(), settings, 0, 0, 0, Map.of(), emittedRate, drops, firstP99, lastP99, carried,
                cpu, null);
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String windowKey(String exchange, String base, String quote, Instant windowStart) {
        return exchange + '|' + base + '|' + quote + '|' + windowStart.toEpochMilli();
    }

    /** Receive times of the topic's trades, per market-window in offset order. */
    private static final class TopicTail implements Runnable {
        private final String bootstrapServers;
        private final String topic;
        private final TopicFormat format;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, long[]> times = new HashMap<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        private volatile RuntimeException failure;

        TopicTail(String bootstrapServers, String topic, TopicFormat format) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
            this.format = format;
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "cryptostream-bench-freshness-tail");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Trade trade = format.decode(record.value());
                        Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(trade.eventTime().toEpochMilli(),
                                SparkChild.WINDOW.toMillis()) * SparkChild.WINDOW.toMillis());
                        append(windowKey(trade.exchange(), trade.base(), trade.quote(), windowStart),
                                epochNanos(trade.receiveTime()));
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private synchronized void append(String key, long receiveNanos) {
            int size = sizes.getOrDefault(key, 0);
            long[] list = times.computeIfAbsent(key, k -> new long[1024]);
            if (size == list.length) {
                list = Arrays.copyOf(list, size * 2);
                times.put(key, list);
            }
            list[size] = receiveNanos;
            sizes.put(key, size + 1);
        }

        synchronized Map<String, Integer> counts() {
            return Map.copyOf(sizes);
        }

        synchronized Map<String, long[]> receiveTimes() {
            if (failure != null) {
                throw new IllegalStateException("Reading topic " + topic + " for receive times failed: " + failure, failure);
            }
            Map<String, long[]> copy = new HashMap<>();
            times.forEach((key, list) -> copy.put(key, Arrays.copyOf(list, sizes.get(key))));
            return copy;
        }

        void stop() {
            running.set(false);
        }
    }

    /** Each market-window's trade count in {@code candles_1m}, recorded with the time of each poll that saw it grow. */
    private static final class WindowPoller implements Runnable {
        private final CassandraSettings cassandra;
        private final List<Market> markets;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, List<long[]>> observations = new HashMap<>();
        private final Map<String, Long> latest = new HashMap<>();
        private volatile RuntimeException failure;

        WindowPoller(CassandraSettings cassandra, List<Market> markets) {
            this.cassandra = cassandra;
            this.markets = markets;
        }

        @Override
        public void run() {
            try (CqlSession session = CassandraSessions.open(cassandra)) {
                StoreSchema.ensure(session, cassandra);
                PreparedStatement select = session.prepare("SELECT window_start, trades FROM " + cassandra.keyspace()
                        + "." + StoreSchema.CANDLES_TABLE + " WHERE exchange = ? AND base = ? AND quote = ? AND day = ?");
                while (running.get()) {
                    long pollStart = System.nanoTime();
                    Set<LocalDate> days = new LinkedHashSet<>();
                    Instant now = Instant.now();
                    days.add(LocalDate.ofInstant(now.minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
                    days.add(LocalDate.ofInstant(now, ZoneOffset.UTC));
                    for (Market market : markets) {
                        for (LocalDate day : days) {
                            for (Row row : session.execute(select.bind(market.exchange(), market.base(), market.quote(), day))) {
                                long seenAt = epochNanos(Instant.now());
                                record(windowKey(market.exchange(), market.base(), market.quote(),
                                        row.getInstant("window_start")), row.getLong("trades"), seenAt);
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
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private synchronized void record(String key, long count, long seenAt) {
            if (count > latest.getOrDefault(key, 0L)) {
                latest.put(key, count);
                observations.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[]{count, seenAt});
            }
        }

        synchronized Map<String, Long> latestCounts() {
            return Map.copyOf(latest);
        }

        synchronized Map<String, List<long[]>> observations() {
            if (failure != null) {
                throw new IllegalStateException("Polling Cassandra at " + cassandra.address() + " failed: " + failure,
                        failure);
            }
            Map<String, List<long[]>> copy = new HashMap<>();
            observations.forEach((key, list) -> copy.put(key, List.copyOf(list)));
            return copy;
        }

        void stop() {
            running.set(false);
        }
    }
}
