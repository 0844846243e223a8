package io.cryptostream.ingest;

import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.kraken.Kraken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryPacingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SPACING = Duration.ofMillis(250);

    private final HistoryPacing pacing = new HistoryPacing(SPACING, Duration.ofSeconds(1), Duration.ofSeconds(8), 4);

    @Test
    void theFirstRequestGoesAtOnceAndEachAnswerSpacesTheNextByItsShareOfTheBudget() {
        assertThat(pacing.state()).isInstanceOf(HistoryPacing.State.Ready.class);
        assertThat(pacing.nextRequestAt()).isBefore(T0);

        pacing.answered(T0);

        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.Ready(T0.plus(SPACING)));
    }

    @Test
    void theSpacingIsTheVenuesBudgetPerRequestWeight() {
        GapFillSettings settings = GapFillSettings.defaults();
        HistoryPacing binance = HistoryPacing.of(TradeHistories.of(Binance.SPOT), settings);
        HistoryPacing kraken = HistoryPacing.of(TradeHistories.of(Kraken.VENUE), settings);

        binance.answered(T0);
        kraken.answered(T0);

        // Binance spot: weight 25 of 6000 a minute; Kraken: 1 call a second.
        assertThat(binance.nextRequestAt()).isEqualTo(T0.plusMillis(250));
        assertThat(kraken.nextRequestAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void a429WaitsWhatRetryAfterAsksAndAnAnswerAfterItForgetsTheFailure() {
        pacing.rateLimited(T0, Optional.of(Duration.ofSeconds(7)), "429");

        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.BackingOff(T0.plusSeconds(7), 1));

        pacing.answered(T0.plusSeconds(7));

        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.Ready(T0.plusSeconds(7).plus(SPACING)));
    }

    @Test
    void a429WithoutRetryAfterBacksOffAndNeverAsksSoonerThanTheSpacing() {
        pacing.rateLimited(T0, Optional.empty(), "429");
        assertThat(pacing.nextRequestAt()).isEqualTo(T0.plusSeconds(1));

        HistoryPacing spaced = new HistoryPacing(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(8), 4);
        spaced.rateLimited(T0, Optional.of(Duration.ZERO), "429");
        assertThat(spaced.nextRequestAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void failuresInARowDoubleTheWaitUpToTheMaximumThenGiveUp() {
        pacing.failed(T0, "no answer");
        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.BackingOff(T0.plusSeconds(1), 1));
        pacing.failed(T0, "no answer");
        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.BackingOff(T0.plusSeconds(2), 2));
        pacing.failed(T0, "503");
        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.BackingOff(T0.plusSeconds(4), 3));
        pacing.failed(T0, "503");
        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.GaveUp(T0.plusSeconds(8), "503"));
        assertThat(pacing.backoff(10)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void theNextGapStartsAfreshButNotBeforeTheLastWait() {
        for (int i = 0; i < 4; i++) {
            pacing.rateLimited(T0, Optional.of(Duration.ofSeconds(5)), "429");
        }
        assertThat(pacing.state()).isInstanceOf(HistoryPacing.State.GaveUp.class);

        pacing.nextGap();

        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.Ready(T0.plusSeconds(5)));
        pacing.failed(T0.plusSeconds(5), "no answer");
        assertThat(pacing.state()).as("the failures were forgotten")
                .isEqualTo(new HistoryPacing.State.BackingOff(T0.plusSeconds(6), 1));
    }

    @Test
    void aReadyPacingIsUntouchedByTheNextGap() {
        pacing.answered(T0);
        pacing.nextGap();
        assertThat(pacing.state()).isEqualTo(new HistoryPacing.State.Ready(T0.plus(SPACING)));
    }
}
