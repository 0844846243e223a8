package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where order events come from: a streaming DataFrame with one string column {@code value}, an OrderJson document. */
public interface OrderSource {

    Dataset<Row> jsonValues(SparkSession spark);

    /** Short description for messages, e.g. {@code kafka topic orders at 127.0.0.1:19092}. */
    String describe();
}
