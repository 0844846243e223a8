package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TradeIntakeTest {

    private static final Market BTC = new Market("BinanceFutures", "BTC", "USDT");

    private final IngestMetrics metrics = new IngestMetrics(List.of(BTC));
    private final TradeIntake intake = new TradeIntake(new TradeEdgeCheck(TradeCheck.defaults(), "Binance USD-M", metrics),
            new DuplicateTradeFilter(64), metrics, Optional.of(new TradeIdGaps("Binance USD-M", metrics, System::nanoTime)));

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
