package io.cryptostream.spark;

import io.cryptostream.domain.TradeFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trades from a Kafka topic whose record values are TradeAvro or TradeJson, each named by its
 * {@link TradeFormat#HEADER} header (none: JSON); rejected records go to {@code <topic>.rejected}.
 */
public final class KafkaTradeSource implements TradeSource {

    private final KafkaSourceSettings settings;

    public KafkaTradeSource(KafkaSourceSettings settings) {
        this.settings = settings;
    }

    /**
     * The topic's record values as bytes, {@code value}, with the format each names in column
     * {@value TradeJsonParser#CONTENT_TYPE} and the {@code topic, partition, offset} each was read at.
     */
    @Override
    public Dataset<Row> records(SparkSession spark) {
        return tradeRecords(spark.readStream()
                .format("kafka")
                .options(settings.readerOptions())
                .option("includeHeaders", "true")
                .load());
    }

    /** The columns of {@link #records} from the rows of Spark's Kafka source read with {@code includeHeaders}. */
    static Dataset<Row> tradeRecords(Dataset<Row> kafkaRows) {
        return kafkaRows.selectExpr("value",
                "CAST(try_element_at(filter(headers, header -> header.key = '" + TradeFormat.HEADER + "'), 1).value "
                        + "AS STRING) AS " + TradeJsonParser.CONTENT_TYPE,
                "topic", "partition", "offset");
    }

    /**
     * The topic's record values as a string column {@code value}, with the {@code topic, partition, offset} each
     * was read at: the orders topic, JSON only ({@link KafkaOrderSource}).
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
