package io.cryptostream.spark;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * Trades handed over in-process (memory mode, tests). They travel as TradeJson text, so this source exercises the
 * same parsing as Kafka. Its offsets live only in this process: give each run a fresh checkpoint directory.
 */
public final class MemoryTradeSource implements TradeSource {

    private final MemoryStream<String> stream;

    public MemoryTradeSource(SparkSession spark) {
        this.stream = MemoryStream.apply(Encoders.STRING(), spark.sqlContext());
    }

    /** Queues trades for the next micro-batch. */
    public void add(List<Trade> trades) {
        addJson(trades.stream().map(TradeJson::encode).toList());
    }

    /** Queues raw record values, as they would arrive from Kafka (tests use it for malformed records). */
    void addJson(List<String> values) {
        stream.addData(CollectionConverters.asScala(values).toSeq());
    }

    @Override
    public Dataset<Row> jsonValues(SparkSession spark) {
        return stream.toDF().toDF("value");
    }

    @Override
    public String describe() {
        return "in-process trades";
    }
}
