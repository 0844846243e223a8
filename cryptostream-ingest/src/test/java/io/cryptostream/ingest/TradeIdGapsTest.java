package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class TradeIdGapsTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");

    private final IngestMetrics metrics = new IngestMetrics(List.of(BTC, ETH));
    private final TradeIdGaps gaps = new TradeIdGaps("Binance", metrics, System::nanoTime);

    private List<TradeIdGaps.Gap> observe(Market market, String... ids) {
        return Arrays.stream(ids).map(id -> gaps.observe(trade(market, id)))
                .flatMap(Optional::stream)
                .map(gap -> gap(gap.market(), gap.firstMissing(), gap.lastMissing()))
                .toList();
    }

    /** A gap compared by its ids; {@link #aGapKnowsTheTimeOfTheTradeBeforeIt} covers its time. */
    private static TradeIdGaps.Gap gap(Market market, long firstMissing, long lastMissing) {
        return new TradeIdGaps.Gap(market, firstMissing, lastMissing, Optional.empty());
    }

    private static Trade trade(Market market, String id) {
        Instant now = Instant.parse("2024-08-09T00:00:00Z");
        return Trade.of(market, TakerSide.SELL, BigDecimal.ONE, BigDecimal.ONE, id, now, now);
    }

    @Test
    void aJumpIsOneGapOfTheIdsInBetween() {
        assertThat(observe(BTC, "1", "2", "3", "7", "8")).containsExactly(gap(BTC, 4, 6));
        IngestMetricsSnapshot.MarketCounts counts = metrics.snapshot().markets().get(BTC);
        assertThat(counts.gaps()).isEqualTo(1);
        assertThat(counts.missedTrades()).isEqualTo(3);
    }

    @Test
    void repeatsAndLateIdsAreNoGapsAndTheHighestIdStays() {
        assertThat(observe(BTC, "10", "10", "8", "9", "11")).isEmpty();
        assertThat(observe(BTC, "13")).containsExactly(gap(BTC, 12, 12));
    }

    @Test
    void marketsAreIndependentAndTheFirstIdOfAMarketIsNoGap() {
        assertThat(observe(BTC, "100", "101")).isEmpty();
        assertThat(observe(ETH, "5", "6")).isEmpty();
        assertThat(observe(BTC, "102")).isEmpty();
        assertThat(metrics.snapshot().gaps()).isZero();
    }

    @Test
    void idsBeyondIntAndNonNumericIds() {
        long big = 5_266_583_935L;
        assertThat(observe(BTC, Long.toString(big), "not-a-number", Long.toString(big + 2)))
                .containsExactly(gap(BTC, big + 1, big + 1));
    }

    @Test
    void countsEveryGapWhileItsLogIsRateLimited() {
        observe(BTC, LongStream.iterate(0, id -> id + 3).limit(50).mapToObj(Long::toString).toArray(String[]::new));
        IngestMetricsSnapshot snapshot = metrics.snapshot();
        assertThat(snapshot.gaps()).isEqualTo(49);
        assertThat(snapshot.missedTrades()).isEqualTo(98);
    }

    @Test
    void aGapKnowsTheTimeOfTheTradeBeforeIt() {
        Instant before = Instant.parse("2024-08-09T00:00:01.250Z");
        Instant after = Instant.parse("2024-08-09T00:00:03Z");
        gaps.observe(Trade.of(BTC, TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE, "20", before, before));

        assertThat(gaps.observe(Trade.of(BTC, TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE, "24", after, after)))
                .contains(new TradeIdGaps.Gap(BTC, 21, 23, Optional.of(before)));
    }
}
