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

    private final String bootstrapServers;
    private final String topic;

    public KafkaRejectedRecords(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public void write(Dataset<Row> rejected) {
        rejected.select(col(RejectedTradeJson.EXCHANGE).as("key"), to_json(struct(col("*"))).as("value"))
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .save();
    }

    @Override
    public String describe() {
        return "kafka topic " + topic + " at " + bootstrapServers;
    }
}
