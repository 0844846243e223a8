package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Trades from a Kafka topic whose record values are TradeJson. */
public final class KafkaTradeSource implements TradeSource {

    private final KafkaSourceSettings settings;

    public KafkaTradeSource(KafkaSourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public Dataset<Row> jsonValues(SparkSession spark) {
        return recordValues(spark, settings);
    }

    /** The topic's record values as one string column {@code value}; shared with {@link KafkaOrderSource}. */
    static Dataset<Row> recordValues(SparkSession spark, KafkaSourceSettings settings) {
        return spark.readStream()
                .format("kafka")
                .options(settings.readerOptions())
                .load().selectExpr("CAST(value AS STRING) AS value");
    }

    @Override
    public String describe() {
        return "kafka topic " + settings.topic() + " at " + settings.bootstrapServers();
    }
}
