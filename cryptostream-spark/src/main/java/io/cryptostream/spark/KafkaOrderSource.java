package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Order events from a Kafka topic whose record values are OrderJson (key {@code exchange:BASE-QUOTE}). */
public final class KafkaOrderSource implements OrderSource {

    private final KafkaSourceSettings settings;

    /** @param settings its {@code topic} is the orders topic, see {@link OrderFlowJob#settingsNextTo} */
    public KafkaOrderSource(KafkaSourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public Dataset<Row> jsonValues(SparkSession spark) {
        return KafkaTradeSource.recordValues(spark, settings);
    }

    @Override
    public String describe() {
        return "kafka topic " + settings.topic() + " at " + settings.bootstrapServers();
    }
}
