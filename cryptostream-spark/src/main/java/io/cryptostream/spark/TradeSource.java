package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where trades come from: a streaming DataFrame with one string column {@code value}, a TradeJson document. */
public interface TradeSource {

    Dataset<Row> jsonValues(SparkSession spark);

    /** Short description for messages, e.g. {@code kafka topic trades at 127.0.0.1:19092}. */
    String describe();
}
