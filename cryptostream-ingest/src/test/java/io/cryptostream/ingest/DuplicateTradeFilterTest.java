package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateTradeFilterTest {

    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");
    private static final Market KRAKEN = new Market("Kraken", "BTC", "USD");

    private static Trade trade(Market market, String id) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        return Trade.of(market, TakerSide.BUY, new BigDecimal("100.5"), new BigDecimal("0.1"), id, t, t);
    }

    @Test
    void dropsAReplayOfTheLatestTradesAfterAResubscribe() {
        DuplicateTradeFilter filter = new DuplicateTradeFilter(1024);
        List<Trade> live = IntStream.range(0, 50).mapToObj(i -> trade(COINBASE, Integer.toString(1000 + i))).toList();
        assertThat(live).allMatch(filter::isNew);
        List<Trade> replay = live.subList(30, 50);
        assertThat(replay).noneMatch(filter::isNew);
        assertThat(filter.isNew(trade(COINBASE, "1050"))).isTrue();
    }

    @Test
    void idsAreScopedToTheirMarket() {
        DuplicateTradeFilter filter = new DuplicateTradeFilter(16);
        assertThat(filter.isNew(trade(COINBASE, "7"))).isTrue();
        assertThat(filter.isNew(trade(KRAKEN, "7"))).isTrue();
        assertThat(filter.isNew(trade(KRAKEN, "7"))).isFalse();
    }

    @Test
    void outOfOrderIdsAreNotMistakenForDuplicates() {
        DuplicateTradeFilter filter = new DuplicateTradeFilter(16);
        assertThat(filter.isNew(trade(COINBASE, "105"))).isTrue();
        assertThat(filter.isNew(trade(COINBASE, "103"))).isTrue();
        assertThat(filter.isNew(trade(COINBASE, "104"))).isTrue();
        assertThat(filter.isNew(trade(COINBASE, "abc-1"))).isTrue();
    }

    @Test
    void remembersABoundedWindowPerMarket() {
        RecentTradeIds ids = new RecentTradeIds(3);
        assertThat(ids.add("1")).isTrue();
        assertThat(ids.add("2")).isTrue();
        assertThat(ids.add("3")).isTrue();
        assertThat(ids.add("4")).isTrue();
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.add("2")).isFalse();
        // "1" was evicted as the oldest.
        assertThat(ids.add("1")).isTrue();
    }
}
