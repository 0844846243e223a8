package io.cryptostream.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The candle lengths a user may ask for, each aligned to the UTC epoch as venues align their klines: a day starts
 * at 00:00 UTC, four hours at 00, 04, 08… UTC.
 */
public enum CandleInterval {
    MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    THIRTY_MINUTES("30m", Duration.ofMinutes(30)),
    HOUR("1h", Duration.ofHours(1)),
    FOUR_HOURS("4h", Duration.ofHours(4)),
    DAY("1d", Duration.ofDays(1));

    private final String label;
    private final Duration length;

    CandleInterval(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** The interval a user names as venues do, e.g. {@code 15m}, {@code 4h}, {@code 1d}, in any case. */
    public static CandleInterval named(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(interval -> interval.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "' is not a candle interval; use one of "
                        + labels()));
    }

    public static String labels() {
        return Arrays.stream(values()).map(CandleInterval::label).collect(Collectors.joining(", "));
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The start of the interval that holds {@code instant}. */
    public Instant startOf(Instant instant) {
        long millis = instant.toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, length.toMillis()));
    }

    /** The first interval start at or after {@code instant}. */
    public Instant firstStartFrom(Instant instant) {
        Instant start = startOf(instant);
        return start.equals(instant) ? start : start.plus(length);
    }

    @Override
    public String toString() {
        return label;
    }
}
