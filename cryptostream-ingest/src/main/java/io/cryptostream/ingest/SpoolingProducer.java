package io.cryptostream.ingest;

import io.cryptostream.domain.TradeFormat;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
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
 * In DIRECT, the caller's batch goes to Kafka and the caller waits for its acknowledgements (the socket is
 * backpressured meanwhile, as before). If they do not all come within the delivery timeout, the producer is closed at
 * once, which aborts every record still pending, so that no later record can land ahead of one that failed; the
 * unacknowledged records go to the spool, in order. In SPOOLING, new batches go to the spool behind them, and a drain
 * thread sends the spool's records from its head, removing each chunk once Kafka acknowledged it, pausing (1 s doubling
 * to 30 s) between failed attempts. A spool left by an earlier run starts the sink in SPOOLING.
 *
 * <p>The producer stays idempotent with {@code acks=all}; a record is sent by one producer at a time. Records Kafka
 * wrote but whose acknowledgement was lost to the abort are sent again: at least once, in order, per key.
 */
final class SpoolingProducer {

    private static final Logger log = LoggerFactory.getLogger(SpoolingProducer.class);
    /** Records the drain sends per round trip. */
    static final int DRAIN_CHUNK = 5_000;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** How long callbacks may take to report the records an abort failed. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

    enum State { DIRECT, SPOOLING, FULL, CLOSED }

    private final KafkaSinkSettings settings;
    private final String records;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Spool spool;
    private final Object lock = new Object();

    // Guarded by lock.
    private State state;
    private Producer<String, byte[]> producer;
    private Thread drainer;
    private Instant unavailableSince;
    private long spooled;
    private long drained;

    /**
     * @param records   what the records are, plural, for messages: "trades"
     * @param producers a new idempotent producer each call; one is replaced after an abort
     */
    SpoolingProducer(KafkaSinkSettings settings, String records, Supplier<Producer<String, byte[]>> producers,
                     Spool spool) {
        this.settings = settings;
        this.records = records;
        this.producers = producers;
        this.spool = spool;
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

    SpoolStats stats() {
        synchronized (lock) {
            return new SpoolStats(settings.topic(), spool.file().toAbsolutePath(), spooled, drained, spool.records(),
                    spool.bytes(), spool.maxBytes());
        }
    }

    /**
     * Delivers {@code batch} to Kafka, or keeps it in the spool. Called by one thread, one batch at a time.
     *
     * @throws SpoolFullException        when Kafka is away and the spool has no room left
     * @throws KafkaUnavailableException when Kafka refused the records for good (they are kept in the spool)
     */
    void deliver(List<SpoolRecord> batch) {
        synchronized (lock) {
            switch (state) {
                case SPOOLING -> {
                    keep(batch);
                    return;
                }
                case FULL, CLOSED -> throw new IllegalStateException("the Kafka sink of " + settings.topic()
                        + " is " + state);
                case DIRECT -> { }
            }
        }
        Attempt attempt = send(batch);
        if (attempt.undelivered().isEmpty()) {
            return;
        }
        synchronized (lock) {
            unavailableSince = Instant.now().minus(settings.deliveryTimeout());
            keep(attempt.undelivered());
            state = State.SPOOLING;
            log.warn("Kafka at {} did not take {} {} within {} ({}); keeping them, and what follows, in the spool {} "
                            + "until it does", settings.bootstrapServers(), attempt.undelivered().size(), records,
                    Durations.format(settings.deliveryTimeout()), attempt.reason(), spool.file().toAbsolutePath());
            startDrain(FIRST_PAUSE);
        }
        if (!attempt.retriable()) {
            throw refused(attempt);
        }
    }

    /**
     * The stream ended: lets the drain empty the spool for up to {@code wait}, then closes the producer and the spool.
     * What Kafka did not take stays in the spool for the next start.
     */
    void finish(Duration wait) {
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
            Attempt attempt = send(chunk.records());
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
                log.info("Kafka at {} is still away ({}); {} {} wait in the spool, next try in {}",
                        settings.bootstrapServers(), attempt.reason(), stats().held(), records, Durations.format(pause));
                pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), MAX_PAUSE);
            }
        }
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
                current.send(producerRecord(record), (metadata, error) -> {
                    if (error == null) {
                        delivered.set(index, 1);
                    } else {
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

    /** The Kafka record of {@code record}, its content type as the {@link TradeFormat#HEADER} header. */
    private ProducerRecord<String, byte[]> producerRecord(SpoolRecord record) {
        ProducerRecord<String, byte[]> kafkaRecord = new ProducerRecord<>(settings.topic(), record.key(),
                record.value());
        if (record.contentType() != null) {
            kafkaRecord.headers().add(TradeFormat.HEADER, record.contentType().getBytes(StandardCharsets.UTF_8));
        }
        return kafkaRecord;
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
