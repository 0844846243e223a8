package io.cryptostream.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandleIntervalTest {

    private static final Instant AT = Instant.parse("2024-08-08T23:54:15.342Z");

    @Test
    void intervalsAreAlignedToUtcAsVenuesAlignKlines() {
        assertThat(CandleInterval.MINUTE.startOf(AT)).isEqualTo("2024-08-08T23:54:00Z");
        assertThat(CandleInterval.FIFTEEN_MINUTES.startOf(AT)).isEqualTo("2024-08-08T23:45:00Z");
        assertThat(CandleInterval.HOUR.startOf(AT)).isEqualTo("2024-08-08T23:00:00Z");
        assertThat(CandleInterval.FOUR_HOURS.startOf(AT)).isEqualTo("2024-08-08T20:00:00Z");
        assertThat(CandleInterval.DAY.startOf(AT)).isEqualTo("2024-08-08T00:00:00Z");
        assertThat(CandleInterval.DAY.startOf(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo("1969-12-31T00:00:00Z");
    }

    @Test
    void theFirstStartFromAnInstantIsThatInstantOnlyWhenItIsABoundary() {
        assertThat(CandleInterval.FOUR_HOURS.firstStartFrom(AT)).isEqualTo("2024-08-09T00:00:00Z");
        assertThat(CandleInterval.FOUR_HOURS.firstStartFrom(Instant.parse("2024-08-08T20:00:00Z")))
                .isEqualTo("2024-08-08T20:00:00Z");
    }

    @Test
    void intervalsAreNamedAsVenuesNameThemInAnyCase() {
        assertThat(CandleInterval.named("4H")).isEqualTo(CandleInterval.FOUR_HOURS);
        assertThat(CandleInterval.named("1d")).isEqualTo(CandleInterval.DAY);
        assertThatThrownBy(() -> CandleInterval.named("2h"))
                .hasMessage("'2h' is not a candle interval; use one of 1m, 5m, 15m, 30m, 1h, 4h, 1d");
    }
}
