package io.cryptostream.spark;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.streaming.StreamingQueryWrapper;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

class TradeWindowAggregatorTest {

    private static final Instant MINUTE = Instant.parse("2024-03-01T12:00:00Z");

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void theWindowStateIsKeptByHashAggregationOnly(@TempDir Path checkpoint) {
        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), JobSettings.defaults()
                .withTriggerInterval(Duration.ZERO).withCheckpointDir(checkpoint.toString()), source,
                new CollectingWindowSink());
        try {
            Market market = new Market("Coinbase", "BTC", "USD");
            source.add(List.of(Trade.of(market, TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE, "1", MINUTE, MINUTE)));
            job.processAllAvailable();

            String plan = ((StreamingQueryWrapper) job.query()).streamingQuery().lastExecution().executedPlan()
                    .toString();
            assertThat(plan).containsPattern("(?<!Object)HashAggregate\\(")
                    .doesNotContain("ObjectHashAggregate").doesNotContain("SortAggregate");
        } finally {
            job.stop();
        }
    }

    @Test
    void orderKeysSortByEventTimeThenByTheIdAsANumber() {
        List<String> ascending = List.of(
                key("00:00.000001", "0"), key("00:00.000001", "9"), key("00:00.000001", "10"),
                key("00:00.000001", "99"), key("00:00.000001", "100"),
                key("00:00.000001", Long.toString(TradeOrderKey.idRange(Duration.ofMinutes(1)) - 2)),
                key("00:00.000002", "1"), key("00:59.999999", "5"));

        assertThat(keys(ascending)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsThatAreNoSmallNumberRankAfterEveryNumericIdOfTheSameMicrosecondAndTieAmongThemselves() {
        long idRange = TradeOrderKey.idRange(Duration.ofMinutes(1));
        List<String> fallbacks = List.of(key("00:00.000001", "abc"), key("00:00.000001", "007"),
                key("00:00.000001", "12a"), key("00:00.000001", "123\n"), key("00:00.000001", "-5"),
                key("00:00.000001", "10000000000000000000"), key("00:00.000001", Long.toString(idRange - 1)));
        List<String> trades = new ArrayList<>();
        trades.add(key("00:00.000001", "99999999999"));
        trades.addAll(fallbacks);
        trades.add(key("00:00.000002", "0"));
        List<Long> keys = keys(trades);

        assertThat(keys.subList(1, keys.size() - 1)).containsOnly(keys.get(1));
        assertThat(keys.get(0)).isLessThan(keys.get(1));
        assertThat(keys.get(keys.size() - 1)).isGreaterThan(keys.get(1));
    }

    /** "eventTime|tradeId" within the minute of {@link #MINUTE}. */
    private static String key(String secondAndFraction, String tradeId) {
        return secondAndFraction + "|" + tradeId;
    }

    private static List<Long> keys(List<String> trades) {
        StructType schema = new StructType().add("eventTime", DataTypes.TimestampType)
                .add("tradeId", DataTypes.StringType).add("position", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            String[] parts = trades.get(i).split("\\|", 2);
            Instant time = Instant.parse("2024-03-01T12:" + parts[0] + "Z");
            rows.add(RowFactory.create(Timestamp.from(time), parts[1], i));
        }
        return SPARK.session().createDataFrame(rows, schema)
                .select(TradeOrderKey.of(Duration.ofMinutes(1)).as("key"), col("position"))
                .orderBy("position").collectAsList().stream().map(row -> row.getLong(0)).toList();
    }
}
