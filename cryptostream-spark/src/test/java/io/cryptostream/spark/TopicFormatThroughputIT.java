package io.cryptostream.spark;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeAvro;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the job's first step (read, decode, check) runs over each topic format, on the job's local[2] session:
 * the same trades preloaded into a topic per format, each read whole several times, formats alternating, next to a
 * read that decodes nothing (the ceiling). Runs only when {@code CRYPTOSTREAM_MEASURE_RECORDS} names how many
 * records ({@code CRYPTOSTREAM_MEASURE_REPEATS}: rounds, default 3); prints trades/s per format and round.
 */
class TopicFormatThroughputIT {

    private static final ServerEndpoints SERVERS = TestServers.shared().endpoints();

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void eachFormatIsReadDecodedAndCheckedWhole() {
        String records = System.getenv("CRYPTOSTREAM_MEASURE_RECORDS");
        Assumptions.assumeTrue(records != null, "skipped: set CRYPTOSTREAM_MEASURE_RECORDS to measure");
        int total = Integer.parseInt(records);
        int rounds = Integer.parseInt(System.getenv().getOrDefault("CRYPTOSTREAM_MEASURE_REPEATS", "3"));
        List<Trade> trades = TopicTrades.trades(total, 21);
        KafkaTopics topics = KafkaTopics.on(SERVERS);
        String avro = topics.createUnique("measure-avro-", 4);
        String json = topics.createUnique("measure-json-", 4);
        for (int from = 0; from < total; from += 50_000) {
            List<Trade> chunk = trades.subList(from, Math.min(total, from + 50_000));
            TopicTrades.produceBytes(SERVERS, chunk.stream().map(t -> TopicTrades.record(avro, t, TradeFormat.AVRO)).toList());
            TopicTrades.produceBytes(SERVERS, chunk.stream().map(t -> TopicTrades.record(json, t, TradeFormat.JSON)).toList());
        }
        System.out.printf("record size: avro %.1f bytes, json %.1f bytes (mean over %,d trades)%n",
                trades.stream().mapToInt(t -> TradeFormat.AVRO.encode(t).length).average().orElseThrow(),
                trades.stream().mapToInt(t -> TradeFormat.JSON.encode(t).length).average().orElseThrow(), total);

        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String[] run : new String[][]{{"read only", avro}, {"read + header", avro},
                    {"avro from_avro only", avro}, {"json", json}, {"avro", avro}}) {
                long start = System.nanoTime();
                long rows = switch (run[0]) {
                    case "read only" -> readOnly(run[1]);
                    case "read + header" -> readWithHeader(run[1]);
                    case "avro from_avro only" -> decodeOnly(run[1]);
                    default -> validTrades(run[1]);
                };
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(rows).as(run[0]).isEqualTo(total);
                lines.add(String.format("round %d  %-22s %,9d trades in %6.2f s = %,9.0f trades/s", round, run[0],
                        rows, seconds, rows / seconds));
            }
        }
        lines.forEach(System.out::println);
    }

    private static Dataset<Row> kafka(String topic) {
        return SPARK.session().read().format("kafka").options(Map.of("kafka.bootstrap.servers",
                        SERVERS.kafkaBootstrapServers(), "subscribe", topic, "startingOffsets", "earliest",
                        "endingOffsets", "latest", "includeHeaders", "true")).load();
    }

    private static long readOnly(String topic) {
        return kafka(topic).agg(count(lit(1)), max("offset")).first().getLong(0);
    }

    private static long readWithHeader(String topic) {
        return KafkaTradeSource.tradeRecords(kafka(topic)).agg(count(lit(1)), max(TradeJsonParser.CONTENT_TYPE))
                .first().getLong(0);
    }

    /** from_avro alone, no check: what the check UDF adds is the difference to "avro". */
    private static long decodeOnly(String topic) {
        Dataset<Row> decoded = kafka(topic).select(org.apache.spark.sql.avro.functions.from_avro(
                org.apache.spark.sql.functions.col("value"), TradeAvro.schemaText()).as("t")).select("t.*");
        Column[] columns = Stream.concat(Stream.of(count(lit(1))),
                Arrays.stream(decoded.columns()).map(c -> max(c))).toArray(Column[]::new);
        return decoded.agg(columns[0], Arrays.copyOfRange(columns, 1, columns.length)).first().getLong(0);
    }

    /** Every column of every valid trade is computed: the aggregation after this step reads them all. */
    private static long validTrades(String topic) {
        Dataset<Row> trades = TradeJsonParser.validTrades(
                TradeJsonParser.check(KafkaTradeSource.tradeRecords(kafka(topic)), TradeCheck.defaults()));
        Column[] columns = Stream.concat(Stream.of(count(lit(1))),
                Arrays.stream(trades.columns()).map(c -> max(c))).toArray(Column[]::new);
        Dataset<Row> measured = trades.agg(columns[0], Arrays.copyOfRange(columns, 1, columns.length));
        if (System.getenv("CRYPTOSTREAM_MEASURE_PLAN") != null) {
            System.out.println(measured.queryExecution().executedPlan().treeString());
        }
        return measured.first().getLong(0);
    }
}
