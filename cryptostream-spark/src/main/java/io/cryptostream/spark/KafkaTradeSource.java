package io.cryptostream.spark;

import io.cryptostream.domain.RejectedTradeJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Trades from a Kafka topic whose record values are TradeJson; rejected records go to {@code <topic>.rejected}. */
public final class KafkaTradeSource implements TradeSource {

    private final KafkaSourceSettings settings;

    public KafkaTradeSource(KafkaSourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public Dataset<Row> jsonValues(SparkSession spark) {
        return recordValues(spark, settings);
    }

    /**
     * The topic's record values as a string column {@code value}, with the {@code topic, partition, offset} each
     * was read at; shared with {@link KafkaOrderSource}.
     */
    static Dataset<Row> recordValues(SparkSession spark, KafkaSourceSettings settings) {
        return spark.readStream()
                .format("kafka")
                .options(settings.readerOptions())
                .load().selectExpr("CAST(value AS STRING) AS value", "topic", "partition", "offset");
    }

    @Override
    public RejectedRecordSink rejectedRecords(JobSettings jobSettings) {
        return new KafkaRejectedRecords(settings);
    }

    @Override
    public String describe() {
        return "kafka topic " + settings.topic() + " at " + settings.bootstrapServers();
    }
}
