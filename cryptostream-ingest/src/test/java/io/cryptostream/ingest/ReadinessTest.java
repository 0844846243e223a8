package io.cryptostream.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    private final Readiness readiness = new Readiness();

    @Test
    void aCommandWithNoPartsSayingAnythingIsUp() {
        assertThat(readiness.report().ready()).isTrue();
        assertThat(readiness.report().json()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void aPartThatHasNotStartedKeepsTheCommandDownUntilItsCheckReplacesThePlaceholder() {
        readiness.starting("ingest");
        assertThat(readiness.report().json()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"ingest not started\"]}");

        List<String> unsubscribed = new ArrayList<>(List.of("Binance BTC-USDT not subscribed"));
        readiness.check("ingest", () -> List.copyOf(unsubscribed));
        assertThat(readiness.report().reasons()).containsExactly("Binance BTC-USDT not subscribed");

        unsubscribed.clear();
        assertThat(readiness.report().ready()).isTrue();
    }

    @Test
    void everyPartsReasonsAreListedInTheOrderThePartsWereAdded() {
        readiness.check("ingest", () -> List.of("Binance BTC-USDT not subscribed", "Binance ETH-USDT not subscribed"));
        readiness.check("Kafka", () -> List.of("Kafka at 127.0.0.1:19092 unreachable"));

        assertThat(readiness.report().json()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"Binance BTC-USDT not "
                + "subscribed\",\"Binance ETH-USDT not subscribed\",\"Kafka at 127.0.0.1:19092 unreachable\"]}");
    }

    @Test
    void aPartThatEndedNoLongerCounts() {
        readiness.check("ingest", () -> List.of("Binance BTC-USDT not subscribed"));
        readiness.remove("ingest");

        assertThat(readiness.report().ready()).isTrue();
    }
}
