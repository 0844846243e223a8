package io.cryptostream.spark;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The trade window job's meters, fed by Spark's progress events in the driver: batches and their duration, rows per
 * second, state size, late trades dropped (the job's own count), how far event time lags behind the clock, and the
 * Cassandra writes. Names and labels are listed in docs/metrics.md.
 */
public final class JobMetrics extends StreamingQueryListener implements MeterBinder {

    private final TradeWindowJob job;
    private final Optional<CassandraWriteCounts> writes;
    private final Clock clock;
    private final AtomicLong batchMillis = new AtomicLong();
    private volatile StreamingQueryProgress latest;

    private JobMetrics(TradeWindowJob job, Optional<CassandraWriteCounts> writes, Clock clock) {
        this.job = job;
        this.writes = writes;
        this.clock = clock;
    }

    /**
     * Listens to {@code job}'s progress from now on.
     *
     * @param writes what the job's Cassandra writes did, when it writes to Cassandra
     */
    public static JobMetrics listen(TradeWindowJob job, Optional<CassandraWriteCounts> writes) {
        JobMetrics metrics = new JobMetrics(job, writes, Clock.systemUTC());
        job.query().sparkSession().streams().addListener(metrics);
        return metrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TradeWindowMetrics totals = job.metrics();
        Tags tags = Tags.of("query", job.query().name());
        counter(registry, "cryptostream.spark.batches", "Micro-batches completed, empty ones included", tags,
                t -> t.batches());
        counter(registry, "cryptostream.spark.input.rows", "Records read from the source", tags,
                t -> t.inputRecords());
        counter(registry, "cryptostream.spark.late.trades.dropped", "Trades behind the watermark when they arrived: "
                + "in no window", tags, TradeWindowMetrics::lateTradesDropped);
        counter(registry, "cryptostream.spark.rejected.records", "Records the trade check set aside", tags,
                TradeWindowMetrics::rejectedRecords);
        FunctionTimer.builder("cryptostream.spark.batch.duration", batchMillis, ignored -> job.metrics().batches(),
                        AtomicLong::get, TimeUnit.MILLISECONDS)
                .description("Time the micro-batches took, from trigger to commit").tags(tags).register(registry);
        gauge(registry, "cryptostream.spark.input.rows.per.second", "Rate at which the newest batch's data arrived",
                null, tags, p -> p.inputRowsPerSecond());
        gauge(registry, "cryptostream.spark.processed.rows.per.second", "Rate at which the newest batch was processed",
                null, tags, p -> p.processedRowsPerSecond());
        gauge(registry, "cryptostream.spark.state.rows", "Rows held in the state stores after the newest batch",
                null, tags, p -> Arrays.stream(p.stateOperators()).mapToLong(StateOperatorProgress::numRowsTotal).sum());
        gauge(registry, "cryptostream.spark.state.memory", "Memory the state stores used after the newest batch",
                "bytes", tags, p -> Arrays.stream(p.stateOperators()).mapToLong(StateOperatorProgress::memoryUsedBytes).sum());
        Gauge.builder("cryptostream.spark.event.time.lag", this, JobMetrics::eventTimeLagSeconds)
                .description("Seconds from the watermark to now; NaN before the first watermark")
                .baseUnit("seconds").tags(tags).register(registry);
        writes.ifPresent(counts -> bindWrites(registry, tags, counts));
    }

    private void bindWrites(MeterRegistry registry, Tags tags, CassandraWriteCounts counts) {
        FunctionCounter.builder("cryptostream.spark.cassandra.writes", counts, CassandraWriteCounts::written)
                .description("Micro-batches written to Cassandra completely").tags(tags).register(registry);
        FunctionCounter.builder("cryptostream.spark.cassandra.write.errors", counts, CassandraWriteCounts::failed)
                .description("Writes that failed because Cassandra could not be reached or answer").tags(tags)
                .register(registry);
        FunctionCounter.builder("cryptostream.spark.cassandra.write.retries", counts, CassandraWriteCounts::retried)
                .description("Writes tried again within the outage budget").tags(tags).register(registry);
        Gauge.builder("cryptostream.spark.cassandra.last.write.age", counts, c -> c.lastWritten()
                        .map(at -> Duration.between(at, clock.instant()).toNanos() / 1e9).orElse(Double.NaN))
                .description("Seconds since the newest batch was written to Cassandra; NaN before the first")
                .baseUnit("seconds").tags(tags).register(registry);
        Gauge.builder("cryptostream.spark.row.freshness", counts, c -> c.newestReceivedWritten()
                        .map(at -> Duration.between(at, clock.instant()).toNanos() / 1e9).orElse(Double.NaN))
                .description("Seconds from ingest receiving the newest trade in a row written to Cassandra to now: "
                        + "how far the table is behind the feed; NaN before the first write")
                .baseUnit("seconds").tags(tags).register(registry);
    }

    /** Now minus the newest batch's watermark; NaN while there is none (Spark reports the epoch until then). */
    double eventTimeLagSeconds() {
        StreamingQueryProgress progress = latest;
        String watermark = progress == null ? null : progress.eventTime().get("watermark");
        if (watermark == null) {
            return Double.NaN;
        }
        try {
            Instant at = Instant.parse(watermark);
            return at.equals(Instant.EPOCH) ? Double.NaN : Duration.between(at, clock.instant()).toNanos() / 1e9;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!job.query().id().equals(progress.id())) {
            return;
        }
        Long took = progress.durationMs().get("triggerExecution");
        if (took != null) {
            batchMillis.addAndGet(took);
        }
        latest = progress;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
                       ToDoubleFunction<StreamingQueryProgress> value) {
        Gauge.builder(name, this, metrics -> metrics.latest == null ? Double.NaN : value.applyAsDouble(metrics.latest))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags,
                         ToLongFunction<TradeWindowMetrics> count) {
        FunctionCounter.builder(name, job.metrics(), t -> count.applyAsLong(t)).description(description).tags(tags)
                .register(registry);
    }
}
