package io.cryptostream.spark;

import io.cryptostream.domain.TradeCheck;
import io.cryptostream.store.CassandraSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the window job and its Spark session need.
 *
 * @param master             Spark master, default {@code local[2]}
 * @param window             tumbling window length, default 1 minute
 * @param watermark          how late (event time behind the newest seen) a trade may be and still count,
 *                           default 5 minutes; later trades are dropped and counted
 * @param triggerInterval    micro-batch interval, default 5 s; {@link Duration#ZERO} starts the next batch as soon
 *                           as the previous one ends
 * @param checkpointDir      offsets and window state; default {@code var/checkpoints/trade-windows}
 * @param shufflePartitions  {@code spark.sql.shuffle.partitions}, default 4 (a restarted query keeps the
 *                           number its checkpoint was created with)
 * @param queryName          name of the streaming query, default {@code trade-windows}; unique per session
 * @param kafka              Kafka source settings (Kafka mode only)
 * @param cassandra          where the Cassandra sink writes and the connector connects
 * @param maxEventTimeAhead  how far a trade's event time may be ahead of its receive time before the trade check
 *                           rejects it, so that one wrong clock cannot move the watermark; default 60 s
 */
public record JobSettings(String master, Duration window, Duration watermark, Duration triggerInterval,
                          String checkpointDir, int shufflePartitions, String queryName,
                          KafkaSourceSettings kafka, CassandraSettings cassandra, Duration maxEventTimeAhead) {

    public JobSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(queryName, "queryName");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(cassandra, "cassandra");
        requirePositive(window, "window");
        if (watermark == null || watermark.isNegative()) {
            throw new IllegalArgumentException("watermark must be zero or positive, was " + watermark);
        }
        if (triggerInterval == null || triggerInterval.isNegative()) {
            throw new IllegalArgumentException("triggerInterval must be zero or positive, was " + triggerInterval);
        }
        if (window.toMillis() == 0 || window.toMillis() * 1_000_000 != window.toNanos()) {
            throw new IllegalArgumentException("window must be whole milliseconds, was " + window);
        }
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("shufflePartitions must be at least 1, was " + shufflePartitions);
        }
        if (maxEventTimeAhead == null || maxEventTimeAhead.isNegative()) {
            throw new IllegalArgumentException("maxEventTimeAhead must be zero or positive, was " + maxEventTimeAhead);
        }
    }

    /** Settings with the default {@link TradeCheck#DEFAULT_MAX_EVENT_TIME_AHEAD}. */
    public JobSettings(String master, Duration window, Duration watermark, Duration triggerInterval,
                       String checkpointDir, int shufflePartitions, String queryName,
                       KafkaSourceSettings kafka, CassandraSettings cassandra) {
        this(master, window, watermark, triggerInterval, checkpointDir, shufflePartitions, queryName, kafka, cassandra,
                TradeCheck.DEFAULT_MAX_EVENT_TIME_AHEAD);
    }

    /** The trade check these settings ask for. */
    public TradeCheck tradeCheck() {
        return new TradeCheck(maxEventTimeAhead);
    }

    public static JobSettings defaults() {
        return new JobSettings("local[2]", Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(5),
                "var/checkpoints/trade-windows", 4, "trade-windows", KafkaSourceSettings.defaults(),
                CassandraSettings.defaults());
    }

    public JobSettings withWindow(Duration newWindow, Duration newWatermark) {
        return new JobSettings(master, newWindow, newWatermark, triggerInterval, checkpointDir, shufflePartitions,
                queryName, kafka, cassandra, maxEventTimeAhead);
    }

    public JobSettings withTriggerInterval(Duration newTriggerInterval) {
        return new JobSettings(master, window, watermark, newTriggerInterval, checkpointDir, shufflePartitions,
                queryName, kafka, cassandra, maxEventTimeAhead);
    }

    public JobSettings withCheckpointDir(String newCheckpointDir) {
        return new JobSettings(master, window, watermark, triggerInterval, newCheckpointDir, shufflePartitions,
                queryName, kafka, cassandra, maxEventTimeAhead);
    }

    public JobSettings withKafka(KafkaSourceSettings newKafka) {
        return new JobSettings(master, window, watermark, triggerInterval, checkpointDir, shufflePartitions,
                queryName, newKafka, cassandra, maxEventTimeAhead);
    }

    public JobSettings withCassandra(CassandraSettings newCassandra) {
        return new JobSettings(master, window, watermark, triggerInterval, checkpointDir, shufflePartitions,
                queryName, kafka, newCassandra, maxEventTimeAhead);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
