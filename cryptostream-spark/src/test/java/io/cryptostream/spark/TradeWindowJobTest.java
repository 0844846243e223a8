package io.cryptostream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TradeWindowJobTest {

    private static final Market BTC_USD = new Market("Coinbase", "BTC", "USD");
    private static final Market ETH_USD = new Market("Coinbase", "ETH", "USD");
    private static final Instant NOON = Instant.parse("2024-03-01T12:00:00Z");
    private static final Duration WATERMARK = Duration.ofMinutes(2);

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void windowsMatchAHandComputedReference(@TempDir Path checkpoint) {
        List<List<Trade>> batches = List.of(
                List.of(
                        trade(BTC_USD, TakerSide.BUY, "100.5", "0.1", "101", "00:10"),
                        // Out of order: earlier than the trade before it.
                        trade(BTC_USD, TakerSide.SELL, "100.7", "0.25", "102", "00:05"),
                        // Same event time as 102: id 99 is smaller as a number (not as text), so it opens.
                        trade(BTC_USD, TakerSide.SELL, "100.2", "1", "99", "00:05"),
                        trade(BTC_USD, TakerSide.UNKNOWN, "100.6", "0.05", "103", "00:20"),
                        // Same event time: id 10 is larger than 9 as a number, so 10 closes the BUY side.
                        trade(BTC_USD, TakerSide.BUY, "101.0", "0.3", "9", "00:40.123456"),
                        trade(BTC_USD, TakerSide.BUY, "100.9", "0.2", "10", "00:40.123456"),
                        // Second pair on the same market and minute: must not overwrite BTC-USD.
                        trade(ETH_USD, TakerSide.BUY, "3000.0000000001", "0.1", "5001", "00:30"),
                        trade(ETH_USD, TakerSide.BUY, "3000.01", "0.2", "5003", "00:31"),
                        trade(ETH_USD, TakerSide.SELL, "2999.99", "0.00000003", "5002", "00:50")),
                List.of(
                        trade(BTC_USD, TakerSide.BUY, "101.2", "0.01", "104", "01:05"),
                        trade(ETH_USD, TakerSide.BUY, "3001", "1.5", "5004", "01:30"),
                        trade(BTC_USD, TakerSide.SELL, "101.3", "0.4", "105", "04:30")),
                List.of(
                        // Watermark is now 12:02:30: these two are late.
                        trade(BTC_USD, TakerSide.BUY, "99", "5", "106", "00:55"),
                        trade(ETH_USD, TakerSide.SELL, "2990", "5", "5005", "02:10"),
                        trade(BTC_USD, TakerSide.BUY, "101.4", "0.02", "107", "02:45"),
                        trade(BTC_USD, TakerSide.SELL, "101.5", "0.3", "108", "10:00")),
                List.of(
                        // Watermark is now 12:08: late, and a late copy of an accepted trade.
                        trade(BTC_USD, TakerSide.BUY, "101.9", "1", "109", "05:10"),
                        trade(BTC_USD, TakerSide.BUY, "101.2", "0.01", "104", "01:05"),
                        trade(BTC_USD, TakerSide.BUY, "101.6", "0.7", "110", "09:00")));
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), WATERMARK);
        batches.forEach(reference::addBatch);

        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        CollectingWindowSink sink = new CollectingWindowSink();
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings(checkpoint), source, sink);
        try {
            source.addJson(List.of("not json", "{\"exchange\":\"Coinbase\",\"base\":\"BTC\"}"));
            for (List<Trade> batch : batches) {
                source.add(batch);
                job.processAllAvailable();
            }

            assertThat(reference.lateTrades()).isEqualTo(4);
            // Progress events reach listeners asynchronously, shortly after the batch.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(job.metrics().lateTradesDropped()).isEqualTo(reference.lateTrades());
                assertThat(job.metrics().malformedRecords()).isEqualTo(2);
            });
        } finally {
            job.stop();
        }

        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
        // Spot checks that the reference itself encodes the tricky cases.
        DirectionWindow btcSell = find(sink.directionWindows(), BTC_USD, TakerSide.SELL, "00");
        assertThat(btcSell.open()).isEqualByComparingTo("100.2");
        assertThat(btcSell.tradeCount()).isEqualTo(2);
        DirectionWindow btcBuy = find(sink.directionWindows(), BTC_USD, TakerSide.BUY, "00");
        assertThat(btcBuy.close()).isEqualByComparingTo("100.9");
        assertThat(btcBuy.tradeCount()).isEqualTo(3);
        Candle eth = sink.candles().stream().filter(c -> c.market().equals(ETH_USD)
                && c.windowStart().equals(NOON)).findFirst().orElseThrow();
        assertThat(eth.volume()).isEqualByComparingTo("0.30000003");
        assertThat(eth.quoteVolume()).isEqualByComparingTo("900.00208999971").isNotEqualTo(
                BigDecimal.valueOf(300.00000000001 + 600.002 + 0.0000899997));
        assertThat(sink.batches()).allSatisfy(b -> assertThat(b.candles()).isNotEmpty());
    }

    @Test
    void stateHoldsOpenWindowsOnlyHoweverManyTradesPass(@TempDir Path checkpoint) {
        List<Market> markets = List.of(BTC_USD, ETH_USD);
        List<List<Trade>> batches = IntStream.range(0, 3).mapToObj(batch -> IntStream.range(0, 500)
                .mapToObj(i -> trade(markets.get(i % 2), i % 3 == 0 ? TakerSide.BUY : TakerSide.SELL,
                        "100." + i, "0.1", Integer.toString(batch * 1000 + i),
                        String.format("%02d:%02d", batch, i % 60)))
                .toList()).toList();
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), WATERMARK);
        batches.forEach(reference::addBatch);

        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        CollectingWindowSink sink = new CollectingWindowSink();
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings(checkpoint), source, sink);
        try {
            for (List<Trade> batch : batches) {
                source.add(batch);
                job.processAllAvailable();
            }
            Map<String, Long> stateRows = java.util.Arrays.stream(job.query().lastProgress().stateOperators())
                    .collect(java.util.stream.Collectors.toMap(o -> o.operatorName(), o -> o.numRowsTotal()));
            // 1,500 trades passed; the late filter keeps nothing, the aggregation one row per market and open minute.
            assertThat(stateRows).containsEntry("flatMapGroupsWithState", 0L)
                    .containsEntry("stateStoreSave", (long) markets.size() * batches.size());
        } finally {
            job.stop();
        }
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
    }

    /**
     * The RocksDB state store refuses to run a batch's stateful operators twice, which writing two tables could;
     * enough markets that every shuffle partition has windows.
     */
    @Test
    void theRocksDbStateStoreGetsEachBatchOnce(@TempDir Path checkpoint) {
        SparkSession rocksDb = SPARK.session().newSession();
        rocksDb.conf().set("spark.sql.streaming.stateStore.providerClass",
                "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
        List<List<Trade>> batches = IntStream.range(0, 2).mapToObj(batch -> IntStream.range(0, 16)
                .mapToObj(i -> trade(new Market("Coinbase", "C" + i, "USD"), i % 2 == 0 ? TakerSide.BUY
                        : TakerSide.SELL, "100." + i, "0.1", batch + "0" + i, "00:1" + batch))
                .toList()).toList();
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), WATERMARK);
        batches.forEach(reference::addBatch);

        MemoryTradeSource source = new MemoryTradeSource(rocksDb);
        CollectingWindowSink sink = new CollectingWindowSink();
        TradeWindowJob job = TradeWindowJob.start(rocksDb, settings(checkpoint), source, sink);
        try {
            for (List<Trade> batch : batches) {
                source.add(batch);
                job.processAllAvailable();
            }
        } finally {
            job.stop();
        }

        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
    }

    @Test
    void badRecordsAreSetAsideWithTheirReasonAndNeitherStopNorBendTheWindows(@TempDir Path checkpoint)
            throws Exception {
        Trade tiny = trade(BTC_USD, TakerSide.BUY, "0.0000000001234", "12.123456789", "201", "00:01");
        // Each quote volume is 10^21, beyond decimal(38,18); their sum too.
        Trade largest = trade(ETH_USD, TakerSide.SELL, "1000000000", "1000000000000", "301", "00:02");
        Trade largestAgain = trade(ETH_USD, TakerSide.SELL, "1000000000", "1000000000000", "302", "00:03");
        List<Trade> goodFirst = List.of(tiny, largest, largestAgain,
                trade(BTC_USD, TakerSide.SELL, "64000.5", "0.25", "202", "00:30"));
        List<Trade> goodAfterTheFutureOne = List.of(
                trade(BTC_USD, TakerSide.BUY, "64001", "0.5", "203", "01:10"),
                trade(BTC_USD, TakerSide.SELL, "64002.25", "1.000000000000000001", "204", "02:20"));
        Instant noon = NOON;
        List<Trade> bad = List.of(
                Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("60000000000000000000"), BigDecimal.ONE, "901", noon,
                        noon),
                Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("60000000000000000000"), BigDecimal.ONE, "902", noon,
                        noon),
                Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("64000"), BigDecimal.ONE, "903",
                        Instant.parse("2099-01-01T00:00:00Z"), noon),
                Trade.of(BTC_USD, TakerSide.SELL, new BigDecimal("64000"), new BigDecimal("1.5e-18"), "904", noon,
                        noon),
                new Trade("Coinbase", "BTC", "USD", TakerSide.BUY, new BigDecimal("64000"), BigDecimal.ONE,
                        new BigDecimal("-999999"), "905", noon, noon));
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), WATERMARK);
        reference.addBatch(goodFirst);
        reference.addBatch(goodAfterTheFutureOne);
        List<Trade> goodLast = List.of(trade(BTC_USD, TakerSide.BUY, "64003", "0.1", "205", "02:30"));
        reference.addBatch(goodLast);

        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        CollectingWindowSink sink = new CollectingWindowSink();
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings(checkpoint), source, sink);
        try {
            List<Trade> first = new java.util.ArrayList<>(goodFirst);
            first.addAll(bad);
            source.add(first);
            job.processAllAvailable();
            source.add(goodAfterTheFutureOne);
            job.processAllAvailable();
            source.add(goodLast);
            job.processAllAvailable();
        } finally {
            job.stop();
        }

        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
        assertThat(find(sink.directionWindows(), BTC_USD, TakerSide.BUY, "00").totalVolume())
                .isEqualTo(new BigDecimal("0.0000000014960345677626"));
        assertThat(find(sink.directionWindows(), ETH_USD, TakerSide.SELL, "00").totalVolume())
                .isEqualByComparingTo("2000000000000000000000");
        assertThat(job.metrics().lateTradesDropped()).isZero();
        assertThat(job.metrics().rejectedByReasonAndExchange()).isEqualTo(Map.of(
                RejectReason.PRICE_OUT_OF_RANGE, Map.of("Coinbase", 2L),
                RejectReason.EVENT_TIME_AHEAD, Map.of("Coinbase", 1L),
                RejectReason.QUANTITY_OUT_OF_RANGE, Map.of("Coinbase", 1L),
                RejectReason.QUOTE_VOLUME_MISMATCH, Map.of("Coinbase", 1L)));
        Path rejectedFile = checkpoint.resolve(MemoryTradeSource.REJECTED_FILE_NAME);
        assertThat(job.rejectedRecords().describe()).isEqualTo("file " + rejectedFile);
        List<JsonNode> setAside = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(rejectedFile)) {
            setAside.add(new ObjectMapper().readTree(line));
        }
        assertThat(setAside).extracting(r -> r.get("record").asText())
                .containsExactlyInAnyOrderElementsOf(bad.stream().map(TradeJson::encode).toList());
        assertThat(setAside).filteredOn(r -> r.get("record").asText().contains("\"tradeId\":\"905\""))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("reason").asText()).isEqualTo("QUOTE_VOLUME_MISMATCH");
                    assertThat(r.get("detail").asText()).isEqualTo("quoteVolume -999999 is not price × quantity = 64000");
                    assertThat(r.get("exchange").asText()).isEqualTo("Coinbase");
                });
    }

    @Test
    void aCheckpointWrittenWithAnotherWindowLengthIsRefusedWithAPlainMessage(@TempDir Path checkpoint) {
        JobSettings oneMinute = settings(checkpoint);
        TradeWindowJob.start(SPARK.session(), oneMinute, new MemoryTradeSource(SPARK.session()),
                new CollectingWindowSink()).stop();

        JobSettings twoMinutes = oneMinute.withWindow(Duration.ofMinutes(2), WATERMARK);

        assertThatThrownBy(() -> TradeWindowJob.start(SPARK.session(), twoMinutes,
                new MemoryTradeSource(SPARK.session()), new CollectingWindowSink()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining(checkpoint.toString())
                .hasMessageContaining("window PT1M and this run uses PT2M")
                .hasMessageContaining("Delete that directory, or choose another one with --checkpoint");
    }

    @Test
    void stateSparkCannotReadIsReportedAsACheckpointMismatch(@TempDir Path checkpoint) throws Exception {
        MemoryTradeSource otherSource = new MemoryTradeSource(SPARK.session());
        StreamingQuery otherQuery = TradeJsonParser.parse(otherSource.jsonValues(SPARK.session()))
                .groupBy("exchange").count()
                .writeStream().outputMode(OutputMode.Update())
                .option("checkpointLocation", checkpoint.toString())
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> { })
                .start();
        otherSource.add(List.of(trade(BTC_USD, TakerSide.BUY, "1", "1", "1", "00:01")));
        otherQuery.processAllAvailable();
        otherQuery.stop();

        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings(checkpoint), source,
                new CollectingWindowSink());
        try {
            source.add(List.of(trade(BTC_USD, TakerSide.BUY, "1", "1", "1", "00:01")));
            source.add(List.of(trade(BTC_USD, TakerSide.BUY, "2", "1", "2", "00:02")));

            assertThatThrownBy(job::processAllAvailable)
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageStartingWith("The checkpoint in " + checkpoint + " does not fit this query: ")
                    .hasMessageContaining("Spark could not continue from it (Error reading delta file")
                    .hasMessageContaining("Delete that directory, or choose another one with --checkpoint");
        } finally {
            job.stop();
        }
    }

    private static JobSettings settings(Path checkpoint) {
        return JobSettings.defaults()
                .withWindow(Duration.ofMinutes(1), WATERMARK)
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());
    }

    private static Trade trade(Market market, TakerSide side, String price, String quantity, String id,
                               String minuteSecond) {
        Instant time = Instant.parse("2024-03-01T12:" + minuteSecond + (minuteSecond.contains(".") ? "" : ".0") + "Z");
        return Trade.of(market, side, new BigDecimal(price), new BigDecimal(quantity), id, time, time);
    }

    private static DirectionWindow find(List<DirectionWindow> rows, Market market, TakerSide side, String minute) {
        Instant start = Instant.parse("2024-03-01T12:" + minute + ":00Z");
        return rows.stream().filter(w -> w.market().equals(market) && w.direction() == side
                && w.windowStart().equals(start)).findFirst().orElseThrow();
    }
}
