package io.cryptostream.spark;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.store.OrderFlowWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cryptostream.domain.OrderAction.CHANGED;
import static io.cryptostream.domain.OrderAction.CREATED;
import static io.cryptostream.domain.OrderAction.DELETED;
import static io.cryptostream.domain.OrderSide.BUY;
import static io.cryptostream.domain.OrderSide.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OrderFlowJobTest {

    private static final Market BTC_USD = new Market("Bitstamp", "BTC", "USD");
    private static final Market ETH_USD = new Market("Bitstamp", "ETH", "USD");
    private static final Instant NOON = Instant.parse("2024-03-01T12:00:00Z");
    private static final Duration WATERMARK = Duration.ofMinutes(2);

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void orderFlowMatchesAPlainJavaReferenceNextToTheTradeJob(@TempDir Path checkpoint) {
        OrderEvent resentCreate = order(BTC_USD, BUY, CREATED, "1", "31483.10", "7.92010000", "00:05");
        OrderEvent laterChange = order(BTC_USD, SELL, CHANGED, "3", "31490.5", "0.05", "01:05");
        OrderEvent resentInWindow = order(BTC_USD, SELL, CREATED, "4", "31500", "0.3", "04:30");
        List<List<OrderEvent>> batches = List.of(
                List.of(
                        resentCreate,
                        order(BTC_USD, BUY, CHANGED, "1", "31483.10", "5.5", "00:20"),
                        order(BTC_USD, BUY, DELETED, "1", "31483.10", "5.5", "00:40.123456"),
                        order(BTC_USD, SELL, CREATED, "3", "31490.5", "0.1", "00:10"),
                        // 18 fraction digits in the notional: decimal(38,18) × decimal(38,18) in Spark keeps 6.
                        order(BTC_USD, SELL, CREATED, "2", "31483.123456789", "0.123456789", "00:11"),
                        // Second pair on the same exchange and minute: must not mix with BTC-USD.
                        order(ETH_USD, BUY, CREATED, "10", "3000.0000000001", "0.1", "00:30"),
                        order(ETH_USD, SELL, DELETED, "11", "3001", "2", "00:50")),
                List.of(
                        // Re-sent after a reconnect: counted once.
                        resentCreate,
                        // Same order, action and instant as a change above but another amount: another event.
                        order(BTC_USD, BUY, CHANGED, "1", "31483.10", "5.4", "00:20"),
                        laterChange,
                        order(ETH_USD, BUY, CREATED, "12", "3001", "1.5", "01:30"),
                        resentInWindow),
                List.of(
                        // Watermark is now 12:02:30: these two are late.
                        order(BTC_USD, BUY, CREATED, "5", "31000", "1", "00:55"),
                        order(ETH_USD, SELL, DELETED, "13", "2990", "5", "02:10"),
                        order(BTC_USD, BUY, CREATED, "6", "31400", "0.02", "02:45"),
                        resentInWindow,
                        order(BTC_USD, SELL, CREATED, "7", "31600", "0.3", "10:00")),
                List.of(
                        // Watermark is now 12:08: late, and a late duplicate.
                        order(BTC_USD, BUY, CREATED, "8", "31700", "1", "05:10"),
                        laterChange,
                        order(BTC_USD, BUY, DELETED, "6", "31400", "0.02", "09:00")));
        ReferenceOrderFlow reference = new ReferenceOrderFlow(Duration.ofMinutes(1), WATERMARK);
        batches.forEach(reference::addBatch);

        JobSettings tradeSettings = settings(checkpoint);
        MemoryTradeSource trades = new MemoryTradeSource(SPARK.session());
        CollectingWindowSink tradeSink = new CollectingWindowSink();
        TradeWindowJob tradeJob = TradeWindowJob.start(SPARK.session(), tradeSettings, trades, tradeSink);
        MemoryOrderSource orders = new MemoryOrderSource(SPARK.session());
        CollectingOrderFlowSink sink = new CollectingOrderFlowSink();
        OrderFlowJob job = OrderFlowJob.start(SPARK.session(), OrderFlowJob.settingsNextTo(tradeSettings, "unused"),
                orders, sink);
        try {
            orders.addJson(List.of("not json", "{\"exchange\":\"Bitstamp\",\"base\":\"BTC\"}"));
            // A valid order whose notional (1E-19) decimal(38,18) cannot hold: set aside, not rounded to zero.
            orders.add(List.of(order(BTC_USD, BUY, CREATED, "9", "0.000000001", "0.0000000001", "00:01")));
            for (List<OrderEvent> batch : batches) {
                orders.add(batch);
                job.processAllAvailable();
            }
            trades.add(List.of(Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("31483.1"), BigDecimal.ONE, "77",
                    NOON, NOON)));
            tradeJob.processAllAvailable();

            assertThat(reference.lateEvents()).isEqualTo(4);
            // Progress events reach listeners asynchronously, shortly after the batch.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(job.metrics().lateEventsDropped()).isEqualTo(reference.lateEvents());
                assertThat(job.metrics().malformedRecords()).isEqualTo(3);
                assertThat(job.metrics().inputRecords()).isEqualTo(3 + batches.stream().mapToLong(List::size).sum());
            });
        } finally {
            job.stop();
            tradeJob.stop();
        }

        assertThat(sink.rows()).containsExactlyInAnyOrderElementsOf(reference.rows());
        assertThat(tradeSink.candles()).singleElement().satisfies(c -> assertThat(c.trades()).isEqualTo(1));
        assertThat(checkpoint.resolve("orders").resolve(JobCheckpoint.FILE_NAME)).exists();
        // Spot checks that the reference itself encodes the cases above.
        OrderFlowWindow btcBuy = reference.row("Bitstamp", "BTC", "USD", BUY, NOON);
        assertThat(List.of(btcBuy.created(), btcBuy.changed(), btcBuy.deleted())).containsExactly(1L, 2L, 1L);
        assertThat(btcBuy.createdNotional()).isEqualByComparingTo("249349.30031");
        assertThat(btcBuy.deletedNotional()).isEqualByComparingTo("173157.05");
        OrderFlowWindow btcSell = reference.row("Bitstamp", "BTC", "USD", SELL, NOON);
        assertThat(btcSell.createdNotional()).isEqualTo(new BigDecimal("7035.855329665750190521"));
        OrderFlowWindow ethSell = reference.row("Bitstamp", "ETH", "USD", SELL, NOON);
        assertThat(List.of(ethSell.created(), ethSell.deleted())).containsExactly(0L, 1L);
        assertThat(ethSell.createdNotional()).isZero();
        assertThat(ethSell.deletedAmount()).isEqualByComparingTo("2");
        assertThat(sink.batches()).allSatisfy(b -> assertThat(b.windows()).isNotEmpty());
    }

    @Test
    void aTradeJobCheckpointIsRefusedWithAPlainMessage(@TempDir Path checkpoint) {
        TradeWindowJob.start(SPARK.session(), settings(checkpoint), new MemoryTradeSource(SPARK.session()),
                new CollectingWindowSink()).stop();

        assertThatThrownBy(() -> OrderFlowJob.start(SPARK.session(), settings(checkpoint),
                new MemoryOrderSource(SPARK.session()), new CollectingOrderFlowSink()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("stateLayout " + JobCheckpoint.STATE_LAYOUT + " and this run uses order-flow-by-side-v1")
                .hasMessageContaining("Delete that directory, or choose another one with --checkpoint");
    }

    @Test
    void settingsNextToTheTradeJobDifferOnlyInQueryCheckpointAndTopic() {
        JobSettings trades = JobSettings.defaults().withCheckpointDir("/var/ck/kafka");

        JobSettings orders = OrderFlowJob.settingsNextTo(trades, "orders");

        assertThat(orders.queryName()).isEqualTo("order-flow").isNotEqualTo(trades.queryName());
        assertThat(orders.checkpointDir()).isEqualTo("/var/ck/kafka/orders");
        assertThat(OrderFlowJob.settingsNextTo(trades.withCheckpointDir("s3a://bucket/ck/"), "orders").checkpointDir())
                .isEqualTo("s3a://bucket/ck/orders");
        assertThat(orders.kafka().topic()).isEqualTo("orders");
        assertThat(orders.withCheckpointDir(trades.checkpointDir()).withKafka(trades.kafka()))
                .isEqualTo(new JobSettings(trades.master(), trades.window(), trades.watermark(),
                        trades.triggerInterval(), trades.checkpointDir(), trades.shufflePartitions(), "order-flow",
                        trades.kafka(), trades.cassandra()));
    }

    private static JobSettings settings(Path checkpoint) {
        return JobSettings.defaults()
                .withWindow(Duration.ofMinutes(1), WATERMARK)
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());
    }

    static OrderEvent order(Market market, OrderSide side, OrderAction action, String id, String price,
                            String amount, String minuteSecond) {
        Instant time = Instant.parse("2024-03-01T12:" + minuteSecond + (minuteSecond.contains(".") ? "" : ".0") + "Z");
        return new OrderEvent(market.exchange(), market.base(), market.quote(), side, action, id,
                new BigDecimal(price), new BigDecimal(amount), time, time.plusMillis(40));
    }
}
