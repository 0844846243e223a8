package io.cryptostream.spark;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * Order events handed over in-process (memory mode, tests). They travel as OrderJson text, so this source
 * exercises the same parsing as Kafka. Its offsets live only in this process: give each run a fresh checkpoint.
 */
public final class MemoryOrderSource implements OrderSource {

    private final MemoryStream<String> stream;

    public MemoryOrderSource(SparkSession spark) {
        this.stream = MemoryStream.apply(Encoders.STRING(), spark.sqlContext());
    }

    /** Queues order events for the next micro-batch. */
    public void add(List<OrderEvent> orders) {
        addJson(orders.stream().map(OrderJson::encode).toList());
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
        return "in-process orders";
    }
}
