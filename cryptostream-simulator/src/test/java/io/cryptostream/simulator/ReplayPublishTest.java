package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Captured frames published verbatim reach subscribed clients, all of them, in order, however fast they come. */
class ReplayPublishTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Market COINBASE_BTC = new Market("Coinbase", "BTC", "USD");
    private static final Market KRAKEN_BTC = new Market("Kraken", "BTC", "USD");

    @Test
    void publishesEveryFrameToSubscribersOnlyInOrderWithoutDroppingASlowReader() throws Exception {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder()
                .tradesPerMarket(0).replayOnSubscribe(0).build());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri("key"))) {
            client.nextEvent(WAIT);
            client.send(CryptoCompareSubscriptions.subAdd(List.of(CryptoCompareSubscriptions.tradeSub(COINBASE_BTC))));
            client.readUntil(FeedEvent.LoadComplete.class::isInstance, WAIT);
            assertThat(server.subscribedMarkets()).containsExactly(COINBASE_BTC);

            int frames = 40_000;
            for (int i = 0; i < frames; i++) {
                assertThat(server.publish(COINBASE_BTC, "{\"TYPE\":\"0\",\"seq\":" + i + "}")).isEqualTo(1);
            }
            assertThat(server.publish(KRAKEN_BTC, "{\"TYPE\":\"0\",\"seq\":-1}")).isZero();

            List<String> received = new ArrayList<>();
            while (received.size() < frames) {
                received.add(client.next(WAIT).text());
            }
            assertThat(received).first().isEqualTo("{\"TYPE\":\"0\",\"seq\":0}");
            assertThat(received).last().isEqualTo("{\"TYPE\":\"0\",\"seq\":" + (frames - 1) + "}");
            assertThat(received).doesNotHaveDuplicates();
            assertThat(client.ended()).isFalse();
        }
    }
}
