package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Order events from a venue through the Kafka order sink onto the orders topic of the JVM-wide test broker. */
@ExtendWith(Testbed.Extension.class)
class KafkaOrderSinkIT {

    private static final List<Market> MARKETS = List.of(Testex.market("BTC-USD"),
            Testex.market("ETH-USD"), Testex.market("SOL-USD"));
    private static final int PARTITIONS = 3;

    @Test
    void producesEachOrderEventKeyedByMarketWithTheDocumentedValue(ActorSystem system) throws Exception {
        assertThat(KafkaSinkSettings.ordersDefaults().topic()).isEqualTo("orders");
        String bootstrap = TestServers.shared().endpoints().kafkaBootstrapServers();
        String tradesTopic = createTopic(bootstrap);
        String ordersTopic = createTopic(bootstrap);
        TestVenueServerProtocol venue = new TestVenueServerProtocol();
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().protocol(venue)
                .heartbeatInterval(Duration.ofMillis(200)).tradesPerSecond(20).tradesPerMarket(5).build(), system)) {
            IngestSettings settings = IngestSettings.builder().url(sim.uri()).markets(MARKETS)
                    .minReconnectDelay(Duration.ofMillis(100)).maxReconnectDelay(Duration.ofSeconds(1)).build();
            KafkaSinkSettings kafka = KafkaSinkSettings.of(bootstrap, tradesTopic);
            // Trades and orders side by side, as a Bitstamp run would produce them.
            IngestRun run = IngestService.run(system, TestVenueProtocol.of(settings), settings,
                    new KafkaTradeSink(kafka), Optional.of(new KafkaOrderSink(kafka.withTopic(ordersTopic))));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().subscriptionsConfirmed() == MARKETS.size());

            List<OrderEvent> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Market market = MARKETS.get(i % MARKETS.size());
                Instant at = Instant.parse("2022-06-01T08:28:24.363Z").plusMillis(i);
                sent.add(new OrderEvent(market.exchange(), market.base(), market.quote(),
                        i % 2 == 0 ? OrderSide.BUY : OrderSide.SELL, OrderAction.values()[i % 3],
                        Long.toString(1_496_011_283_275_781L + i), new BigDecimal("31483.10"),
                        new BigDecimal("7.9201000" + i % 10), at, at));
            }
            venue.sendOrders(sent);
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().orders() == 30 && run.metrics().trades() == 15);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, String>> records = new KafkaTopics(bootstrap).readAll(ordersTopic, 30, Duration.ofSeconds(20));
            assertThat(records).hasSize(30)
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(OrderJson.decode(r.value()).market().key()));
            for (Market market : MARKETS) {
                List<ConsumerRecord<String, String>> ofMarket =
                        records.stream().filter(r -> r.key().equals(market.key())).toList();
                assertThat(ofMarket.stream().map(ConsumerRecord::partition).distinct()).as("one partition for %s", market)
                        .hasSize(1);
                assertThat(ofMarket.stream().map(r -> withoutReceiveTime(OrderJson.decode(r.value()))).toList())
                        .as("%s in order, as sent", market)
                        .containsExactlyElementsOf(sent.stream().filter(o -> o.market().equals(market)).toList());
            }
            assertThat(new KafkaTopics(bootstrap).readAll(tradesTopic, 15, Duration.ofSeconds(20))).as("trades stay on their own topic").hasSize(15);
        }
    }

    /** The receive time is the ingest's own; the sent events carry their event time there. */
    private static OrderEvent withoutReceiveTime(OrderEvent o) {
        return new OrderEvent(o.exchange(), o.base(), o.quote(), o.side(), o.action(), o.orderId(), o.price(),
                o.amount(), o.eventTime(), o.eventTime());
    }

    private static String createTopic(String bootstrap) {
        return new KafkaTopics(bootstrap).createUnique("ingest-test-", PARTITIONS);
    }
}
