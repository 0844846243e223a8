package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KrakenSubscriptionsTest {

    private static final List<Market> MARKETS = List.of(KrakenSymbols.market("XBT/USD"), KrakenSymbols.market("ETH-EUR"),
            KrakenSymbols.market("XDG/USD"));

    @Test
    void subscribesEveryPairInOneV2Request() {
        assertThat(KrakenSubscriptions.subscribe(MARKETS)).isEqualTo(
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/EUR\",\"DOGE/USD\"]}}");
        assertThat(KrakenSubscriptions.unsubscribe(MARKETS.subList(0, 1))).isEqualTo(
                "{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]}}");
    }

    @Test
    void pingsWithARequestId() {
        assertThat(KrakenSubscriptions.ping(7)).isEqualTo("{\"method\":\"ping\",\"req_id\":7}");
    }

    @Test
    void refusesAnEmptyRequestAndPairsThatWouldBreakTheJson() {
        assertThatThrownBy(() -> KrakenSubscriptions.subscribe(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one market");
        assertThatThrownBy(() -> KrakenSubscriptions.subscribe(List.of(new Market("Kraken", "B\"", "USD"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B\"/USD");
    }
}
