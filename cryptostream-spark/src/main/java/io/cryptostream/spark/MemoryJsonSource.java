package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * Record values handed over in-process as JSON text, so an in-process source exercises the same parsing as Kafka.
 * Its offsets live only in this process: give each run a fresh checkpoint directory.
 */
abstract class MemoryJsonSource {

    private final MemoryStream<String> stream;

    MemoryJsonSource(SparkSession spark) {
        this.stream = MemoryStream.apply(Encoders.STRING(), spark.sqlContext());
    }

    /** Queues raw record values, as they would arrive from Kafka (tests use it for malformed records). */
    void addJson(List<String> values) {
        stream.addData(CollectionConverters.asScala(values).toSeq());
    }

    public Dataset<Row> jsonValues(SparkSession spark) {
        return stream.toDF().toDF("value");
    }
}
