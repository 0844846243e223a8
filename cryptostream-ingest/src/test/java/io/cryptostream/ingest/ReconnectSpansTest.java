package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectSpansTest {

    private static final Market BTC = new Market("Bitstamp", "BTC", "USD");
    private static final Market ETH = new Market("Bitstamp", "ETH", "USD");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ReconnectSpans spans = new ReconnectSpans();

    @Test
    void theFirstTradeOfAMarketAfterAReconnectClosesTheSpanFromItsLatestTradeBefore() {
        spans.sessionStarted();
        assertThat(spans.observe(trade(BTC, "10", 0))).as("the first session opens no span").isEmpty();
        assertThat(spans.observe(trade(BTC, "12", 1))).isEmpty();

        spans.sessionStarted();

        assertThat(spans.observe(trade(ETH, "13", 2))).as("a market not traded before has no span").isEmpty();
        assertThat(spans.observe(trade(BTC, "20", 5)))
                .contains(new ReconnectSpans.Span(BTC, T0.plusSeconds(1), "12", T0.plusSeconds(5), "20"));
        assertThat(spans.observe(trade(BTC, "21", 6))).as("one span per reconnect").isEmpty();
    }

    @Test
    void aLateTradeDoesNotMoveTheStartOfTheNextSpanBack() {
        spans.observe(trade(BTC, "10", 4));
        spans.observe(trade(BTC, "9", 3));

        spans.sessionStarted();

        assertThat(spans.observe(trade(BTC, "11", 7)))
                .contains(new ReconnectSpans.Span(BTC, T0.plusSeconds(4), "10", T0.plusSeconds(7), "11"));
    }

    private static Trade trade(Market market, String id, long second) {
        Instant at = T0.plusSeconds(second);
        return Trade.of(market, TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE, id, at, at);
    }
}
