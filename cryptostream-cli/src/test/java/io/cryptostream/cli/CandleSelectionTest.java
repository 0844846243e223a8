package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.store.CandleInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What a selection of candles costs to read: the 1-minute candles of the whole intervals starting in its range. */
class CandleSelectionTest {

    private static final Market MARKET = new Market("Binance", "BTC", "USDT");

    @Test
    void readsTheMinutesOfTheWholeIntervalsStartingInTheRange() {
        CandleSelection selection = new CandleSelection(MARKET, CandleInterval.FIVE_MINUTES,
                Instant.parse("2024-08-08T12:01:00Z"), Instant.parse("2024-08-08T12:21:00Z"), false);

        // 12:05, 12:10, 12:15 and 12:20: the interval that holds 12:01 starts before the range.
        assertThat(selection.minuteRows()).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(CandleInterval.class)
    void thirtyDaysFromAnyInstantAreWithinWhatTheDashboardReadsAtOnce(CandleInterval interval) {
        Instant from = Instant.parse("2024-08-08T12:34:56.789Z");
        CandleSelection selection = new CandleSelection(MARKET, interval, from, from.plus(Duration.ofDays(30)), true);

        assertThat(selection.minuteRows()).isBetween(1L, DashboardRoutes.MOST_MINUTE_ROWS);
    }

    @ParameterizedTest
    @EnumSource(CandleInterval.class)
    void thirtyTwoDaysAreMoreThanTheDashboardReadsAtOnce(CandleInterval interval) {
        Instant from = Instant.parse("2024-08-08T00:00:00Z");
        CandleSelection selection = new CandleSelection(MARKET, interval, from, from.plus(Duration.ofDays(32)), false);

        assertThat(selection.minuteRows()).isGreaterThan(DashboardRoutes.MOST_MINUTE_ROWS);
    }
}
