package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where trades come from, and where the records among them that are not valid trades are set aside.
 */
public interface TradeSource {

    /**
     * A streaming DataFrame with a column {@code value}: TradeJson text, or bytes when the source also gives the
     * column {@value TradeJsonParser#CONTENT_TYPE} naming each record's format; then any columns saying where each
     * record was read (Kafka: {@code topic, partition, offset}), which travel with a rejected record. Each query
     * reading the source calls it once.
     */
    Dataset<Row> records(SparkSession spark);

    /** Where the job running with {@code settings} sets aside the records it rejects. */
    RejectedRecordSink rejectedRecords(JobSettings settings);

    /** Short description for messages, e.g. {@code kafka topic trades at 127.0.0.1:19092}. */
    String describe();
}
