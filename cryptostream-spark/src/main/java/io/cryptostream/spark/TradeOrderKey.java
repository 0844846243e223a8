package io.cryptostream.spark;

import org.apache.spark.sql.Column;

import java.time.Duration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

/**
 * The order that picks a window's open and close, as one {@code long} per trade so that {@code min_by}/{@code max_by}
 * keep a primitive in the window state: event time, then the trade id compared as a number (a shorter digit string
 * is a smaller number).
 *
 * <p>Layout: {@code offset × ID_RANGE + idRank}, where {@code offset} is the trade's event time in microseconds after
 * its window's start (smaller than the window, so it orders event times exactly within one window) and
 * {@code ID_RANGE = floor(Long.MAX_VALUE / windowMicros)}: for a 1-minute window 153,722,867,280, so every id the
 * venues send today (at most 11 digits) ranks exactly by its number. An id that is not a plain number in
 * {@code 0 … ID_RANGE − 2} (letters, a leading zero, more digits) ranks {@code ID_RANGE − 1}: after every numeric id of
 * the same microsecond, and equal to other such ids, between which the pick is then Spark's (either one of the
 * trades of that microsecond). Trades with equal keys are equal for the order too: within one market that is one
 * trade sent twice, which the topic does not hold (ingest drops re-sent trades).
 */
final class TradeOrderKey {

    private TradeOrderKey() {
    }

    /** The key column of a trade with {@code eventTime} and {@code tradeId} columns, for windows of {@code window}. */
    static Column of(Duration window) {
        long windowMicros = windowMicros(window);
        long idRange = idRange(window);
        Column offset = pmod(unix_micros(col("eventTime")), lit(windowMicros));
        Column id = col("tradeId");
        // \z, not $: a digit string with a trailing newline is no number (cast would trim it).
        Column numeric = id.rlike("^(0|[1-9][0-9]{0,17})\\z");
        Column asNumber = id.cast("long");
        Column rank = when(numeric.and(asNumber.lt(idRange - 1)), asNumber).otherwise(lit(idRange - 1));
        return offset.multiply(lit(idRange)).plus(rank);
    }

    /** How many id ranks one microsecond of the key holds; the last is every id that is not a small number. */
    static long idRange(Duration window) {
        return Long.MAX_VALUE / windowMicros(window);
    }

    private static long windowMicros(Duration window) {
        return Math.multiplyExact(window.toMillis(), 1_000L);
    }
}
