package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's history memory: the latest trades of each market, up to the depth, and the newest one dropped. */
class RecentTradesTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");

    @Test
    void each_market_keeps_its_latest_trades_up_to_the_depth_and_names_the_newest_dropped() {
        RecentTrades recent = new RecentTrades(10);
        List<Trade> btc = new ArrayList<>();
        for (int id = 1; id <= 25; id++) {
            btc.add(trade(BTC, id));
            recent.add(btc.get(btc.size() - 1));
        }
        recent.add(trade(ETH, 100));

        assertThat(recent.of(BTC).trades()).containsExactlyElementsOf(btc.subList(15, 25));
        assertThat(recent.of(BTC).lastGone()).contains(btc.get(14));
        assertThat(recent.of(ETH).trades()).containsExactly(trade(ETH, 100));
        assertThat(recent.of(ETH).lastGone()).isEmpty();
    }

    @Test
    void a_depth_of_zero_keeps_nothing() {
        RecentTrades recent = new RecentTrades(0);
        recent.add(trade(BTC, 1));

        assertThat(recent.of(BTC).trades()).isEmpty();
        assertThat(recent.of(BTC).lastGone()).isEmpty();
    }

    private static Trade trade(Market market, long id) {
        Instant time = Instant.parse("2026-11-30T12:00:00Z").plusMillis(id);
        return Trade.of(market, TakerSide.BUY, new BigDecimal("100.5"), new BigDecimal("0.25"), Long.toString(id),
                time, time);
    }
}
