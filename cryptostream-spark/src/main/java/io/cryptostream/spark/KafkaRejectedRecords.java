package io.cryptostream.spark;

import io.cryptostream.domain.RejectedTradeJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Publishes rejected records to the dead-letter topic {@code <topic>.rejected} (the Kafka convention) with Spark's
 * Kafka sink. Each value is one {@link RejectedTradeJson} object, with the {@code topic, partition, offset} the
 * record was read from; the key is the exchange.
 */
public final class KafkaRejectedRecords implements RejectedRecordSink {

    private final KafkaSourceSettings source;
    private final String topic;

    /** Writes to the dead-letter topic of {@code source}'s topic, with the same Kafka client settings. */
    public KafkaRejectedRecords(KafkaSourceSettings source) {
        this.source = source;
        this.topic = RejectedTradeJson.topicOf(source.topic());
    }

    @Override
    public void write(Dataset<Row> rejected) {
        rejected.select(col(RejectedTradeJson.EXCHANGE).as("key"), to_json(struct(col("*"))).as("value"))
                .write()
                .format("kafka")
                .options(source.clientOptions())
                .option("topic", topic)
                .save();
    }

    @Override
    public String describe() {
        return "kafka topic " + topic + " at " + source.bootstrapServers();
    }
}
