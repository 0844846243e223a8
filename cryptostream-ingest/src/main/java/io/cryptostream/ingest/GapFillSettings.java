package io.cryptostream.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How ingest fills trade-id gaps from the venue's REST trade history.
 *
 * @param enabled       off: gaps are only counted ({@code ingest.gap-fill = off})
 * @param historyBase   where the history is asked for; empty for the venue's own REST host
 * @param apiKey        the key for a history that needs one (Binance USD-M), from the environment or a file
 * @param queueCapacity gaps waiting to be filled; a gap past it is reported unfillable, never blocks the stream
 * @param maxAttempts   requests of one page that failed (an error status, no answer) before the gap is given up
 * @param firstBackoff  the wait after the first failure, doubling up to {@code maxBackoff}
 * @param maxBackoff    the longest wait after a failure, and after a 429 that names no Retry-After
 * @param watermark     the Spark job's watermark delay ({@code spark.watermark}), where the run knows it: a trade
 *                      recovered more than this after its own time is behind the job's watermark when it arrives, so
 *                      the job drops it and counts it as late; ingest counts and reports such trades too
 */
public record GapFillSettings(boolean enabled, Optional<URI> historyBase, Optional<ApiKey> apiKey, int queueCapacity,
                              int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                              Optional<Duration> watermark) {

    /** Where the key of a history that needs one is read, unless {@code ingest.history-api-key-file} names a file. */
    public static final String API_KEY_ENVIRONMENT_VARIABLE = "CRYPTOSTREAM_HISTORY_API_KEY";

    public GapFillSettings {
        Objects.requireNonNull(historyBase, "historyBase");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(watermark, "watermark");
        if (queueCapacity < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("gap fill needs a queue of at least 1 and at least 1 attempt, was "
                    + queueCapacity + " and " + maxAttempts);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("gap fill backoff must be positive and at most " + maxBackoff
                    + ", was " + firstBackoff);
        }
    }

    /** On, against the venue's own REST host, without a key. */
    public static GapFillSettings defaults() {
        return new GapFillSettings(true, Optional.empty(), Optional.empty(), 64, 5, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Optional.empty());
    }

    public GapFillSettings enabled(boolean on) {
        return new GapFillSettings(on, historyBase, apiKey, queueCapacity, maxAttempts, firstBackoff, maxBackoff,
                watermark);
    }

    public GapFillSettings historyBase(URI base) {
        return new GapFillSettings(enabled, Optional.of(base), apiKey, queueCapacity, maxAttempts, firstBackoff,
                maxBackoff, watermark);
    }

    public GapFillSettings apiKey(Optional<ApiKey> key) {
        return new GapFillSettings(enabled, historyBase, key, queueCapacity, maxAttempts, firstBackoff, maxBackoff,
                watermark);
    }

    public GapFillSettings backoff(Duration first, Duration max) {
        return new GapFillSettings(enabled, historyBase, apiKey, queueCapacity, maxAttempts, first, max, watermark);
    }

    /** Recovered trades older than {@code delay}, the job's watermark delay, are counted as behind it. */
    public GapFillSettings watermark(Duration delay) {
        return new GapFillSettings(enabled, historyBase, apiKey, queueCapacity, maxAttempts, firstBackoff, maxBackoff,
                Optional.of(delay));
    }
}
