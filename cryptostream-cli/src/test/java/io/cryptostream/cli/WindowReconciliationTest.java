package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.store.Candle;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WindowReconciliationTest {

    private static final Market BTC = new Market("Coinbase", "BTC", "USD");
    private static final Market ETH = new Market("Coinbase", "ETH", "USD");
    private static final Instant MINUTE = Instant.parse("2026-11-30T02:00:00Z");

    private static Trade trade(Market market, String price, String quantity, String id, int second) {
        Instant at = MINUTE.plusSeconds(second);
        return Trade.of(market, TakerSide.BUY, new BigDecimal(price), new BigDecimal(quantity), id, at, at);
    }

    /** A candle as the job would store it for exactly these trades of one window. */
    private static Candle candleOf(List<Trade> trades) {
        Trade first = trades.get(0);
        Instant start = first.eventTime().truncatedTo(ChronoUnit.MINUTES);
        BigDecimal volume = trades.stream().map(Trade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal quote = trades.stream().map(Trade::quoteVolume).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Candle(first.exchange(), first.base(), first.quote(), start, start.plusSeconds(60), first.price(),
                first.price(), first.price(), first.price(), volume, quote, trades.size(), volume, BigDecimal.ZERO,
                first.price());
    }

    @Test
    void windowsHoldingExactlyTheEmittedTradesReconcile() {
        List<Trade> emitted = List.of(trade(BTC, "60000.01", "0.5", "1", 1), trade(BTC, "60000.02", "0.25", "2", 30),
                trade(BTC, "60001", "1", "3", 61), trade(ETH, "3000", "2", "9", 5));
        Map<Market, List<Candle>> stored = Map.of(
                BTC, List.of(candleOf(emitted.subList(0, 2)), candleOf(emitted.subList(2, 3))),
                ETH, List.of(candleOf(emitted.subList(3, 4))));

        List<WindowReconciliation.MarketResult> results = WindowReconciliation.reconcile(emitted, List.of(BTC, ETH),
                (market, from, to) -> stored.get(market));

        assertThat(results).allMatch(WindowReconciliation.MarketResult::equal);
        assertThat(results.get(0)).extracting(r -> r.emitted(), r -> r.stored(), r -> r.windows())
                .containsExactly(3L, 3L, 2);
    }

    @Test
    void aLostTradeAndAnExtraOneShowAsDifferingWindowsEvenWhenTheTotalsMatch() {
        List<Trade> emitted = new ArrayList<>(List.of(trade(BTC, "100", "1", "1", 1), trade(BTC, "100", "1", "2", 2),
                trade(BTC, "100", "1", "3", 61)));
        Candle firstWindowMissingOne = candleOf(emitted.subList(0, 1));
        Candle secondWindowCountedTwice = candleOf(List.of(emitted.get(2), emitted.get(2)));

        WindowReconciliation.MarketResult result = WindowReconciliation.reconcile(emitted, List.of(BTC),
                (market, from, to) -> List.of(firstWindowMissingOne, secondWindowCountedTwice)).get(0);

        assertThat(result.emitted()).isEqualTo(result.stored()).isEqualTo(3);
        assertThat(result.equal()).isFalse();
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.extra()).isEqualTo(1);
        assertThat(result.differences()).hasSize(2)
                .first().asString().startsWith("2026-11-30T02:00:00Z: emitted 2 trades");
    }

    @Test
    void aWindowWhoseVolumeDiffersIsFoundThoughItsCountIsRight() {
        List<Trade> emitted = List.of(trade(BTC, "100", "1.5", "1", 1));
        Trade rounded = trade(BTC, "100", "2", "1", 1);

        WindowReconciliation.MarketResult result = WindowReconciliation.reconcile(emitted, List.of(BTC),
                (market, from, to) -> List.of(candleOf(List.of(rounded)))).get(0);

        assertThat(result.lost()).isZero();
        assertThat(result.extra()).isZero();
        assertThat(result.differences()).containsExactly("2026-11-30T02:00:00Z: emitted 1 trades, volume 1.5, "
                + "quote volume 150; stored 1 trades, volume 2, quote volume 200");
    }
}
