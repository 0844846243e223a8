package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which emitted trades the simulator keeps off the sockets. */
class SocketDropsTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");

    private static Trade trade(Market market, int id) {
        return Trade.of(market, TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE, Integer.toString(id),
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void the_next_n_trades_of_one_market_are_dropped_and_no_others() {
        SocketDrops drops = new SocketDrops();
        drops.drop(trade(BTC, 1));
        drops.dropNext(BTC, 2);

        List<Boolean> dropped = IntStream.rangeClosed(2, 5)
                .mapToObj(id -> List.of(drops.drop(trade(ETH, id)), drops.drop(trade(BTC, id))))
                .flatMap(List::stream).toList();

        assertThat(dropped).containsExactly(false, true, false, true, false, false, false, false);
        assertThat(drops.dropped()).containsExactly(trade(BTC, 2), trade(BTC, 3));
    }

    @Test
    void n_trades_after_the_first_m_of_a_market_are_dropped_however_early_they_are_asked_for() {
        SocketDrops drops = new SocketDrops();
        drops.dropAfter(BTC, 3, 2);

        IntStream.rangeClosed(1, 7).forEach(id -> {
            drops.drop(trade(BTC, id));
            drops.drop(trade(ETH, id));
        });

        assertThat(drops.dropped()).containsExactly(trade(BTC, 4), trade(BTC, 5));
    }

    @Test
    void every_kth_trade_of_each_market_is_dropped_counted_from_its_first_trade() {
        SocketDrops drops = new SocketDrops();
        drops.dropEvery(3);

        IntStream.rangeClosed(1, 7).forEach(id -> {
            drops.drop(trade(BTC, id));
            if (id <= 3) {
                drops.drop(trade(ETH, id));
            }
        });

        assertThat(drops.dropped()).containsExactly(trade(BTC, 3), trade(ETH, 3), trade(BTC, 6));
    }
}
