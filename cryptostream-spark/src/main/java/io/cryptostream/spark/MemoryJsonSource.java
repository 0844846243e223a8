package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.List;

/**
 * Record values handed over in-process as JSON text, so an in-process source exercises the same parsing as Kafka.
 * Its offsets live only in this process: give each run a fresh checkpoint directory.
 *
 * <p>Each query reading it gets a stream of its own, fed the same values in the same order: a MemoryStream drops
 * what one query commits, so two queries sharing one would commit over each other.
 */
abstract class MemoryJsonSource {

    private final SQLContext sqlContext;
    private final List<MemoryStream<String>> streams = new ArrayList<>();
    private boolean added;

    MemoryJsonSource(SparkSession spark) {
        this.sqlContext = spark.sqlContext();
    }

    /** Queues raw record values, as they would arrive from Kafka (tests use it for malformed records). */
    synchronized void addJson(List<String> values) {
        added = true;
        Seq<String> batch = CollectionConverters.asScala(values).toSeq();
        streams.forEach(stream -> stream.addData(batch));
    }

    /**
     * A new stream of the values queued from now on, for one query.
     *
     * @throws IllegalStateException once values were queued: the new query would miss them
     */
    public synchronized Dataset<Row> jsonValues(SparkSession spark) {
        if (added) {
            throw new IllegalStateException("start every query reading " + describe()
                    + " before handing it records: a query started later would miss the records handed over before");
        }
        MemoryStream<String> stream = MemoryStream.apply(Encoders.STRING(), sqlContext);
        streams.add(stream);
        return stream.toDF().toDF("value");
    }

    /** Short description for messages, e.g. {@code in-process trades}. */
    public abstract String describe();
}
