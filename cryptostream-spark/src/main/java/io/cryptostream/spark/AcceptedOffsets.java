package io.cryptostream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The Kafka offsets whose records the window query checked and found all valid, learnt from its progress: each
 * micro-batch's offset range and its count of rejected records ({@link TradeJsonParser#PARSE_METRICS}). The
 * dead-letter query checks only the records outside these ranges, so a record is decoded and checked once unless
 * its batch had a rejected record or ran before this process started. The check reads no clock, so both queries
 * judge a record alike.
 */
final class AcceptedOffsets extends StreamingQueryListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String windowQueryName;
    /** Per partition: the ranges found valid, start → end (exclusive), adjacent ranges merged. */
    private final Map<TopicPartition, TreeMap<Long, Long>> accepted = new HashMap<>();
    /** Per partition: the offset up to which the window query has checked records. */
    private final Map<TopicPartition, Long> checkedUpTo = new HashMap<>();

    AcceptedOffsets(String windowQueryName) {
        this.windowQueryName = windowQueryName;
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!windowQueryName.equals(progress.name()) || progress.sources().length != 1) {
            return;
        }
        SourceProgress source = progress.sources()[0];
        Optional<Map<TopicPartition, Long>> end = offsets(source.endOffset());
        if (end.isEmpty()) {
            return;
        }
        Row parsing = progress.observedMetrics().get(TradeJsonParser.PARSE_METRICS);
        boolean allValid = parsing != null && (parsing.isNullAt(parsing.fieldIndex("malformed"))
                || parsing.<Long>getAs("malformed") == 0);
        checked(offsets(source.startOffset()), end.get(), allValid);
    }

    /**
     * Records one window-query batch: it checked the records from {@code start} (empty: unknown, as for the first
     * batch of a new checkpoint) up to {@code end}, and rejected none when {@code allValid}.
     */
    synchronized void checked(Optional<Map<TopicPartition, Long>> start, Map<TopicPartition, Long> end,
                              boolean allValid) {
        end.forEach((partition, offset) -> checkedUpTo.merge(partition, offset, Math::max));
        if (allValid && start.isPresent()) {
            end.forEach((partition, to) -> {
                Long from = start.get().get(partition);
                if (from != null && from < to) {
                    add(accepted.computeIfAbsent(partition, p -> new TreeMap<>()), from, to);
                }
            });
        }
        notifyAll();
    }

    private static void add(TreeMap<Long, Long> ranges, long from, long to) {
        Map.Entry<Long, Long> before = ranges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
        }
        Map.Entry<Long, Long> after = ranges.ceilingEntry(from);
        while (after != null && after.getKey() <= to) {
            to = Math.max(to, after.getValue());
            ranges.remove(after.getKey());
            after = ranges.ceilingEntry(from);
        }
        ranges.put(from, to);
    }

    /**
     * Waits until the window query has checked every record before {@code end}, it stops, or {@code timeout}
     * passes; true when it has.
     */
    synchronized boolean awaitChecked(Map<TopicPartition, Long> end, BooleanSupplier windowQueryActive,
                                      Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!checkedBefore(end)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !windowQueryActive.getAsBoolean()) {
                return false;
            }
            wait(Math.min(Duration.ofNanos(left).toMillis() + 1, 200));
        }
        return true;
    }

    private boolean checkedBefore(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> checkedUpTo.getOrDefault(e.getKey(), Long.MIN_VALUE) >= e.getValue());
    }

    /** True when every record from {@code start} up to {@code end} was found valid. */
    synchronized boolean allValid(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> {
            Long from = start.get(e.getKey());
            if (from == null) {
                return false;
            }
            if (from >= e.getValue()) {
                return true;
            }
            TreeMap<Long, Long> ranges = accepted.get(e.getKey());
            Map.Entry<Long, Long> range = ranges == null ? null : ranges.floorEntry(from);
            return range != null && range.getValue() >= e.getValue();
        });
    }

    /**
     * The records (columns {@code topic, partition, offset}) outside every range found valid: those the dead-letter
     * query must check itself.
     */
    synchronized Column unchecked() {
        Column inAccepted = lit(false);
        for (Map.Entry<TopicPartition, TreeMap<Long, Long>> partition : accepted.entrySet()) {
            for (Map.Entry<Long, Long> range : partition.getValue().entrySet()) {
                inAccepted = inAccepted.or(col("topic").equalTo(partition.getKey().topic())
                        .and(col("partition").equalTo(partition.getKey().partition()))
                        .and(col("offset").geq(range.getKey()))
                        .and(col("offset").lt(range.getValue())));
            }
        }
        return inAccepted.unary_$bang();
    }

    /** Forgets the ranges below {@code end}: the dead-letter query has set aside everything before it. */
    synchronized void forgetBefore(Map<TopicPartition, Long> end) {
        end.forEach((partition, offset) -> {
            TreeMap<Long, Long> ranges = accepted.get(partition);
            if (ranges == null) {
                return;
            }
            for (Iterator<Map.Entry<Long, Long>> it = ranges.headMap(offset, false).entrySet().iterator();
                 it.hasNext(); ) {
                Map.Entry<Long, Long> range = it.next();
                if (range.getValue() <= offset) {
                    it.remove();
                }
            }
        });
    }

    /** Spark's Kafka offsets, {@code {"topic":{"0":12,"1":40}}}; empty for any other source's offsets or none. */
    static Optional<Map<TopicPartition, Long>> offsets(String json) {
        if (json == null) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            if (!topic.getValue().isObject()) {
                return Optional.empty();
            }
            for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext(); ) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                if (!partition.getValue().canConvertToLong()) {
                    return Optional.empty();
                }
                try {
                    offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())),
                            partition.getValue().asLong());
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(offsets);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }
}
