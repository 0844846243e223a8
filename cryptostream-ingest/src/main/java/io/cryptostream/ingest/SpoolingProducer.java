package io.cryptostream.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Delivers records to one Kafka topic in their order, and keeps in a {@link Spool} whatever Kafka does not take in
 * time, so that an outage longer than the delivery timeout loses nothing:
 *
 * <pre>
 * DIRECT ──(a batch not acknowledged within the delivery timeout)──► SPOOLING ──(spool empty)──► DIRECT
 *   │                                                                  │
 *   └──────────────(the batch does not fit in the spool)──────────► FULL (the run ends)
 * </pre>
 *
 * In DIRECT, the caller's records go to Kafka as they come, without waiting for their acknowledgements: at most
 * {@value #MAX_UNACKNOWLEDGED} are unacknowledged at a time, beyond which the caller waits (the socket is
 * backpressured meanwhile). If an acknowledgement fails, or the oldest one is not back within the delivery timeout,
 * the producer is closed at once, which aborts every record still pending, so that no later record can land ahead of
 * one that failed; the unacknowledged records go to the spool, in order. The caller also calls in with no records
 * while none arrive, so that a late acknowledgement is noticed then too. In SPOOLING, new batches go to the spool
 * behind them, and a drain thread sends the spool's records from its head, removing each chunk once Kafka
 * acknowledged it, pausing (1 s doubling to 30 s) between failed attempts. A spool left by an earlier run starts the
 * sink in SPOOLING.
 *
 * <p>The producer stays idempotent with {@code acks=all}, so per partition its records land in the order sent; a
 * record is sent by one producer at a time. Records Kafka wrote but whose acknowledgement was lost to the abort (or
 * to the broker's death) are spooled too; before it sends, the drain reads the topic's last records and leaves out
 * those the topic holds already, when records have an identity ({@link RecordIdentity}: a trade's market and id). So
 * each trade lands once, in order, per key; records without an identity at least once.
 */
final class SpoolingProducer {

    private static final Logger log = LoggerFactory.getLogger(SpoolingProducer.class);
    /** Records the drain sends per round trip. */
    static final int DRAIN_CHUNK = 5_000;
    /**
     * Records sent directly and not yet acknowledged: enough to keep Kafka's batches full at its own in-flight limit,
     * bounded so that an outage spools a bounded tail.
     */
    static final int MAX_UNACKNOWLEDGED = 20_000;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** How long callbacks may take to report the records an abort failed. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

    enum State { DIRECT, SPOOLING, FULL, CLOSED }

    private final KafkaSinkSettings settings;
    private final String records;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Spool spool;
    private final TopicTail tail;
    private final Optional<RecordIdentity> identity;
    private final Object lock = new Object();

    // Guarded by lock.
    private State state;
    private Producer<String, byte[]> producer;
    private Thread drainer;
    private Instant unavailableSince;
    private long spooled;
    private long drained;

    // Touched by the delivering thread only (one at a time: deliver, then finish); callbacks set the flags.
    private final ArrayDeque<Unacknowledged> unacknowledged = new ArrayDeque<>();
    private final Semaphore room = new Semaphore(MAX_UNACKNOWLEDGED);
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private final LongAdder acknowledgedDirectly = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    /** When the oldest record sent directly and not yet acknowledged was sent (nanoTime); 0 when none is. */
    private volatile long oldestUnacknowledgedSentAt;

    /**
     * @param records   what the records are, plural, for messages: "trades"
     * @param producers a new idempotent producer each call; one is replaced after an abort
     * @param tail      the topic's last records, read before the drain sends
     * @param identity  what makes a spooled record one the topic holds already; empty: every record is sent
     */
    SpoolingProducer(KafkaSinkSettings settings, String records, Supplier<Producer<String, byte[]>> producers,
                     Spool spool, TopicTail tail, Optional<RecordIdentity> identity) {
        this.settings = settings;
        this.records = records;
        this.producers = producers;
        this.spool = spool;
        this.tail = tail;
        this.identity = identity;
        synchronized (lock) {
            if (spool.isEmpty()) {
                state = State.DIRECT;
            } else {
                state = State.SPOOLING;
                unavailableSince = Instant.now();
                startDrain(Duration.ZERO);
            }
        }
    }

    State state() {
        synchronized (lock) {
            return state;
        }
    }

    DeliveryStats delivery() {
        State now;
        Instant away;
        long fromSpool;
        synchronized (lock) {
            now = state;
            away = unavailableSince;
            fromSpool = drained;
        }
        long sentAt = oldestUnacknowledgedSentAt;
        Duration oldest = now == State.SPOOLING && away != null ? Duration.between(away, Instant.now())
                : sentAt != 0 ? Duration.ofNanos(System.nanoTime() - sentAt) : Duration.ZERO;
        return new DeliveryStats(settings.topic(), acknowledgedDirectly.sum() + fromSpool, sendErrors.sum(),
                Math.max(0, MAX_UNACKNOWLEDGED - room.availablePermits()), MAX_UNACKNOWLEDGED, oldest, stats());
    }

    SpoolStats stats() {
        synchronized (lock) {
            return new SpoolStats(settings.topic(), spool.file().toAbsolutePath(), spooled, drained, spool.records(),
                    spool.bytes(), spool.maxBytes());
        }
    }

    /**
     * Sends {@code batch} to Kafka, or keeps it in the spool; returns once the records are sent, waiting only while
     * {@value #MAX_UNACKNOWLEDGED} are unacknowledged. Called by one thread, one batch at a time, and with an empty
     * batch while no records arrive.
     *
     * @throws SpoolFullException        when Kafka is away and the spool has no room left
     * @throws KafkaUnavailableException when Kafka refused the records for good (they are kept in the spool)
     */
    void deliver(List<ProducerRecord<String, byte[]>> batch) {
        synchronized (lock) {
            switch (state) {
                case SPOOLING -> {
                    if (!batch.isEmpty()) {
                        keep(spoolRecords(batch, 0));
                    }
                    return;
                }
                case FULL, CLOSED -> throw new IllegalStateException("the Kafka sink of " + settings.topic()
                        + " is " + state);
                case DIRECT -> { }
            }
        }
        Producer<String, byte[]> current = producer();
        long sentAt = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            String late = awaitRoom();
            if (late != null || sendError.get() != null) {
                if (late == null) {
                    // The room just taken is for a record that goes to the spool instead: give it back, or the
                    // fail-over's wait for every callback would wait out its whole bound.
                    room.release();
                }
                failOver(current, late, spoolRecords(batch, i), true);
                return;
            }
            Unacknowledged pending = new Unacknowledged(batch.get(i), sentAt);
            unacknowledged.add(pending);
            try {
                current.send(pending.record, pending);
            } catch (KafkaException | IllegalStateException e) {
                pending.onCompletion(null, e);
            }
        }
        retireAcknowledged();
        String late = oldestLate(System.nanoTime());
        if (late != null || sendError.get() != null) {
            failOver(current, late, List.of(), true);
        }
    }

    /** A record sent directly; its callback marks it acknowledged or records the error, and frees its room. */
    private final class Unacknowledged implements Callback {
        private final ProducerRecord<String, byte[]> record;
        private final long sentAt;
        private volatile boolean acknowledged;

        Unacknowledged(ProducerRecord<String, byte[]> record, long sentAt) {
            this.record = record;
            this.sentAt = sentAt;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error == null) {
                acknowledged = true;
                acknowledgedDirectly.increment();
            } else {
                sendErrors.increment();
                sendError.compareAndSet(null, error);
            }
            room.release();
        }
    }

    /** Waits for room for one more record; null once there is, else why the oldest record is late. */
    private String awaitRoom() {
        while (!room.tryAcquire()) {
            retireAcknowledged();
            long now = System.nanoTime();
            String late = oldestLate(now);
            if (late != null) {
                return late;
            }
            long wait = unacknowledged.peekFirst().sentAt + settings.deliveryTimeout().toNanos() - now;
            try {
                if (room.tryAcquire(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for acknowledgements";
            }
        }
        return null;
    }

    private void retireAcknowledged() {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().acknowledged) {
            unacknowledged.pollFirst();
        }
        Unacknowledged oldest = unacknowledged.peekFirst();
        oldestUnacknowledgedSentAt = oldest == null ? 0 : oldest.sentAt;
    }

    /** Why the oldest unacknowledged record is late at {@code now}, or null when it is not. */
    private String oldestLate(long now) {
        retireAcknowledged();
        Unacknowledged oldest = unacknowledged.peekFirst();
        return oldest != null && now - oldest.sentAt > settings.deliveryTimeout().toNanos()
                ? "no acknowledgement within " + Durations.format(settings.deliveryTimeout()) : null;
    }

    /**
     * Aborts {@code current}, which fails every record it still holds, so that the acknowledged records are a prefix
     * of each partition's; keeps the unacknowledged ones and then {@code rest} in the spool, in order, and lets the
     * drain send them when {@code drain}.
     */
    private void failOver(Producer<String, byte[]> current, String late, List<SpoolRecord> rest, boolean drain) {
        // The abort fails what is pending with errors of its own: the cause is the error before it.
        Exception error = sendError.get();
        abort(current);
        awaitCallbacks();
        sendError.set(null);
        List<SpoolRecord> undelivered = new ArrayList<>();
        for (Unacknowledged pending : unacknowledged) {
            if (!pending.acknowledged) {
                undelivered.add(SpoolRecord.of(pending.record));
            }
        }
        undelivered.addAll(rest);
        unacknowledged.clear();
        oldestUnacknowledgedSentAt = 0;
        String reason = error != null ? String.valueOf(error.getMessage())
                : late != null ? late : "the sink stopped";
        Attempt attempt = new Attempt(undelivered, reason, error == null || error instanceof RetriableException, error);
        synchronized (lock) {
            unavailableSince = Instant.now().minus(settings.deliveryTimeout());
            keep(attempt.undelivered());
            state = State.SPOOLING;
            log.warn("Kafka at {} did not take {} {} within {} ({}); keeping them, and what follows, in the spool {} "
                            + "until it does", settings.bootstrapServers(), attempt.undelivered().size(), records,
                    Durations.format(settings.deliveryTimeout()), attempt.reason(), spool.file().toAbsolutePath());
            if (drain) {
                startDrain(FIRST_PAUSE);
            }
        }
        if (!attempt.retriable()) {
            throw refused(attempt);
        }
    }

    /** Waits until every record sent directly has had its callback. */
    private void awaitCallbacks() {
        try {
            if (room.tryAcquire(MAX_UNACKNOWLEDGED, ABORT_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                room.release(MAX_UNACKNOWLEDGED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code wait} for the acknowledgements of the records sent directly; what is not acknowledged then
     * goes to the spool, for the next start.
     */
    private void settleDirect(Duration wait) {
        if (unacknowledged.isEmpty() || state() != State.DIRECT) {
            return;
        }
        boolean answered;
        try {
            answered = room.tryAcquire(MAX_UNACKNOWLEDGED, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered = false;
        }
        if (answered) {
            room.release(MAX_UNACKNOWLEDGED);
        }
        retireAcknowledged();
        if (unacknowledged.isEmpty() && sendError.get() == null) {
            return;
        }
        Producer<String, byte[]> current;
        synchronized (lock) {
            current = producer;
        }
        try {
            failOver(current, answered ? null : "no acknowledgement within " + Durations.format(wait), List.of(),
                    false);
        } catch (RuntimeException e) {
            log.warn("Keeping the unacknowledged {} at the stop failed: {}", records, e.getMessage());
        }
    }

    /**
     * The stream ended: lets the drain empty the spool for up to {@code wait}, then closes the producer and the spool.
     * What Kafka did not take stays in the spool for the next start.
     */
    void finish(Duration wait) {
        settleDirect(wait);
        Thread draining;
        synchronized (lock) {
            draining = drainer;
        }
        if (draining != null && state() == State.SPOOLING) {
            join(draining, wait);
        }
        Producer<String, byte[]> last;
        synchronized (lock) {
            if (state != State.FULL) {
                state = State.CLOSED;
            }
            last = producer;
            producer = null;
            lock.notifyAll();
        }
        if (draining != null && draining.isAlive()) {
            if (last != null) {
                last.close(Duration.ZERO);
            }
            join(draining, ABORT_WAIT);
        } else if (last != null) {
            last.close(settings.deliveryTimeout());
        }
        synchronized (lock) {
            if (!spool.isEmpty()) {
                log.warn("{} {} ({} bytes) remain in the spool {}: Kafka at {} did not take them before the stop; the "
                                + "next start sends them first", spool.records(), records, spool.bytes(),
                        spool.file().toAbsolutePath(), settings.bootstrapServers());
            }
            spool.close();
        }
    }

    /** Appends to the spool, or ends the run when it is full. Holds the lock. */
    private void keep(List<SpoolRecord> batch) {
        if (!spool.fits(batch)) {
            state = State.FULL;
            lock.notifyAll();
            Duration away = Duration.between(unavailableSince, Instant.now());
            throw new SpoolFullException("Kafka at " + settings.bootstrapServers() + " has not taken " + records
                    + " for " + Durations.format(away.withNanos(0)) + " and the spool " + spool.file().toAbsolutePath()
                    + " is full (" + spool.maxBytes() + " bytes): ingest stopped; the spool holds " + spool.records()
                    + " " + records + ", which the next start sends first (the last " + batch.size() + " did not fit "
                    + "and are lost). Start Kafka, or allow a bigger spool with cryptostream.ingest.spool.max-bytes "
                    + "(--spool-max-bytes)");
        }
        spool.append(batch);
        spooled += batch.size();
    }

    /** Holds the lock. */
    private void startDrain(Duration firstPause) {
        drainer = new Thread(() -> drain(firstPause), "kafka-spool-" + settings.topic());
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain(Duration firstPause) {
        Duration pause = firstPause;
        Set<String> inTopic = null;
        while (true) {
            Spool.Chunk chunk;
            synchronized (lock) {
                if (!pause.isZero() && state == State.SPOOLING) {
                    try {
                        lock.wait(pause.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (state != State.SPOOLING) {
                    return;
                }
                chunk = spool.peek(DRAIN_CHUNK);
                if (chunk.records().isEmpty()) {
                    state = State.DIRECT;
                    drainer = null;
                    log.info("Kafka at {} took all {} spooled {} of this run; sending directly again",
                            settings.bootstrapServers(), drained, records);
                    return;
                }
            }
            if (inTopic == null) {
                try {
                    inTopic = alreadyInTopic();
                } catch (RuntimeException e) {
                    log.info("Kafka at {} is still away (reading the topic's last records: {}); {} {} wait in the "
                                    + "spool, next try in {}", settings.bootstrapServers(), e.getMessage(),
                            stats().held(), records, Durations.format(pause.isZero() ? FIRST_PAUSE : pause));
                    pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), MAX_PAUSE);
                    continue;
                }
            }
            Attempt attempt = send(notIn(inTopic, chunk.records()));
            synchronized (lock) {
                if (attempt.undelivered().isEmpty()) {
                    spool.remove(chunk);
                } else {
                    spool.removeDelivered(chunk, attempt.undelivered());
                }
                drained += chunk.records().size() - attempt.undelivered().size();
            }
            if (attempt.undelivered().isEmpty()) {
                pause = Duration.ZERO;
            } else {
                // What this attempt sent may have landed without its acknowledgement: read the topic again.
                inTopic = null;
                log.info("Kafka at {} is still away ({}); {} {} wait in the spool, next try in {}",
                        settings.bootstrapServers(), attempt.reason(), stats().held(), records, Durations.format(pause));
                pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), MAX_PAUSE);
            }
        }
    }

    /**
     * The identities of the topic's last records, as many per partition as an abort can leave unacknowledged: a
     * record the broker wrote but whose acknowledgement the abort (or the broker's death) swallowed is among them.
     * Empty for records without an identity.
     */
    private Set<String> alreadyInTopic() {
        if (identity.isEmpty()) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : tail.read(MAX_UNACKNOWLEDGED)) {
            String id = identity.get().of(SpoolRecord.of(record));
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The records of {@code chunk} the topic does not hold yet, in order; the others leave the spool as drained. */
    private List<SpoolRecord> notIn(Set<String> inTopic, List<SpoolRecord> chunk) {
        if (inTopic.isEmpty()) {
            return chunk;
        }
        List<SpoolRecord> missing = new ArrayList<>(chunk.size());
        for (SpoolRecord record : chunk) {
            String id = identity.orElseThrow().of(record);
            if (id == null || !inTopic.contains(id)) {
                missing.add(record);
            }
        }
        if (missing.size() < chunk.size()) {
            log.info("Kafka at {} already holds {} of the spooled {} (written before their acknowledgement was lost); "
                    + "they are not sent again", settings.bootstrapServers(), chunk.size() - missing.size(), records);
        }
        return missing;
    }

    /** What one send of records to Kafka left undelivered, in order, and why. */
    private record Attempt(List<SpoolRecord> undelivered, String reason, boolean retriable, Throwable error) {
    }

    /**
     * Sends {@code batch} and waits up to the delivery timeout for every acknowledgement. If one fails or is late,
     * the producer is closed without waiting, which fails every record it still holds: the acknowledged ones are then
     * a prefix of each partition's records, and the rest may follow them later without overtaking anything.
     */
    private Attempt send(List<SpoolRecord> batch) {
        Producer<String, byte[]> current = producer();
        if (current == null) {
            return new Attempt(batch, "the sink is closed", true, null);
        }
        int size = batch.size();
        AtomicIntegerArray delivered = new AtomicIntegerArray(size);
        AtomicReference<Exception> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(size);
        long deadline = System.nanoTime() + settings.deliveryTimeout().toNanos();
        for (int i = 0; i < size; i++) {
            if (firstError.get() != null || System.nanoTime() > deadline) {
                done.countDown();
                continue;
            }
            int index = i;
            SpoolRecord record = batch.get(i);
            try {
                current.send(record.toProducerRecord(settings.topic()), (metadata, error) -> {
                    if (error == null) {
                        delivered.set(index, 1);
                    } else {
                        sendErrors.increment();
                        firstError.compareAndSet(null, error);
                    }
                    done.countDown();
                });
            } catch (KafkaException e) {
                firstError.compareAndSet(null, e);
                done.countDown();
            }
        }
        boolean allAnswered = await(done, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (allAnswered && firstError.get() == null) {
            return new Attempt(List.of(), "", true, null);
        }
        abort(current);
        await(done, ABORT_WAIT);
        List<SpoolRecord> undelivered = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (delivered.get(i) == 0) {
                undelivered.add(batch.get(i));
            }
        }
        Exception error = firstError.get();
        if (!allAnswered || error == null) {
            return new Attempt(undelivered, "no acknowledgement within " + Durations.format(settings.deliveryTimeout()),
                    true, error);
        }
        boolean retriable = error instanceof RetriableException;
        return new Attempt(undelivered, String.valueOf(error.getMessage()), retriable, error);
    }

    private Producer<String, byte[]> producer() {
        synchronized (lock) {
            if (state == State.CLOSED || state == State.FULL) {
                return null;
            }
            if (producer == null) {
                producer = producers.get();
            }
            return producer;
        }
    }

    /** Closes {@code aborted} without waiting, so that it fails what it still holds; the next send gets a new one. */
    private void abort(Producer<String, byte[]> aborted) {
        if (aborted == null) {
            return;
        }
        synchronized (lock) {
            if (producer == aborted) {
                producer = null;
            }
        }
        aborted.close(Duration.ZERO);
    }

    private KafkaUnavailableException refused(Attempt attempt) {
        return new KafkaUnavailableException("Kafka at " + settings.bootstrapServers() + " refused " + records
                + " for topic " + settings.topic() + ": " + attempt.reason() + " (" + attempt.undelivered().size()
                + " kept in the spool " + spool.file().toAbsolutePath() + " for the next start)", attempt.error());
    }

    private static List<SpoolRecord> spoolRecords(List<ProducerRecord<String, byte[]>> batch, int from) {
        List<SpoolRecord> spooled = new ArrayList<>(batch.size() - from);
        for (int i = from; i < batch.size(); i++) {
            spooled.add(SpoolRecord.of(batch.get(i)));
        }
        return spooled;
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
