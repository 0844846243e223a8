package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TradeIntakeTest {

    private static final Market BTC = new Market("BinanceFutures", "BTC", "USDT");

    private final IngestMetrics metrics = new IngestMetrics(List.of(BTC));
    private final List<TradeIdGaps.Gap> gaps = new ArrayList<>();
    private final TradeIntake intake = new TradeIntake(new TradeEdgeCheck(TradeCheck.defaults(), "Binance USD-M", metrics),
            new DuplicateTradeFilter(64), metrics, Optional.of(new TradeIdGaps("Binance USD-M", metrics, System::nanoTime)),
            new TradeIntake.MissedTrades() {
                @Override
                public void gap(TradeIdGaps.Gap gap) {
                    gaps.add(gap);
                }

                @Override
                public void span(ReconnectSpans.Span span) {
                    throw new AssertionError("a venue with gap detection has no reconnect spans: " + span);
                }
            });

    @Test
    void aGapGoesToTheFillerAndItsRecoveredTradesPassOnceHoweverTheyArrive() {
        intake.admit(trade("10"));
        Trade eleven = trade("11");
        Trade twelve = trade("12");
        intake.admit(trade("13"));

        assertThat(gaps).extracting(TradeIdGaps.Gap::firstMissing, TradeIdGaps.Gap::lastMissing)
                .containsExactly(tuple(11L, 12L));
        assertThat(intake.recover(eleven)).isEqualTo(new FeedItem.TradeItem(eleven));
        assertThat(intake.admit(twelve)).as("late on the socket").isEqualTo(new FeedItem.TradeItem(twelve));
        assertThat(intake.recover(twelve)).as("then from the history too").isNull();
        assertThat(intake.recover(eleven)).isNull();

        IngestMetricsSnapshot snapshot = metrics.snapshot();
        assertThat(snapshot.gapFills().recovered()).isEqualTo(1);
        assertThat(snapshot.trades()).isEqualTo(4);
        assertThat(snapshot.gaps()).as("recovered and late trades open no gap").isEqualTo(1);
    }

    @Test
    void printsLeftOutOfCandlesPassNothingOnButAreCountedByKindAndFillTheirPlaceInTheIds() {
        assertThat(intake.admit(trade("100"))).isInstanceOf(FeedItem.TradeItem.class);
        assertThat(intake.exclude(new FeedEvent.ExcludedTrade(BTC, "101", "INSURANCE_FUND"))).isNull();
        assertThat(intake.exclude(new FeedEvent.ExcludedTrade(BTC, "102", "NA"))).isNull();
        assertThat(intake.exclude(new FeedEvent.ExcludedTrade(BTC, "102", "NA"))).as("a replayed print").isNull();
        assertThat(intake.exclude(new FeedEvent.ExcludedTrade(BTC, "103", "ADL"))).isNull();
        assertThat(intake.admit(trade("104"))).isInstanceOf(FeedItem.TradeItem.class);

        IngestMetricsSnapshot snapshot = metrics.snapshot();
        assertThat(snapshot.excludedByKind()).isEqualTo(Map.of("ADL", 1L, "INSURANCE_FUND", 1L, "NA", 1L));
        assertThat(snapshot.markets().get(BTC))
                .isEqualTo(new IngestMetricsSnapshot.MarketCounts(0, 2, 1, 0, 0, 0, 0));
        assertThat(snapshot.toTable()).contains("prints the venue leaves out of candles {ADL=1, INSURANCE_FUND=1, NA=1}");
    }

    private static Trade trade(String id) {
        Instant at = Instant.now();
        return Trade.of(BTC, TakerSide.BUY, new BigDecimal("61800.3"), new BigDecimal("0.006"), id, at, at);
    }
}
