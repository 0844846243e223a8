package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CandleRollup;
import io.cryptostream.store.WindowQueries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A market's candles of one interval whose start is in {@code [from, to)}: whole intervals, as venues select klines by
 * their open time, rolled up from the 1-minute candles that make them. {@code candles} prints it and the dashboard
 * serves it, so both give the same candles for the same question.
 *
 * @param fill also the intervals without trades after the first traded one, as {@link CandleRollup#filled} makes them
 */
record CandleSelection(Market market, CandleInterval interval, Instant from, Instant to, boolean fill) {

    /** The most 1-minute candles the selection reads: what a read costs, whatever the interval. */
    long minuteRows() {
        return Duration.between(firstStart(), endOfLast()).toMinutes();
    }

    /** The candles, oldest first; {@code now} ends the filling, as nothing is filled past the interval in progress. */
    List<Candle> read(WindowQueries queries, Instant now) {
        List<Candle> candles = CandleRollup.rollUp(queries.candles(market, firstStart(), endOfLast()), interval);
        return fill ? CandleRollup.filled(candles, interval, to.isBefore(now) ? to : now) : candles;
    }

    private Instant firstStart() {
        return interval.firstStartFrom(from);
    }

    private Instant endOfLast() {
        return interval.firstStartFrom(to);
    }
}
