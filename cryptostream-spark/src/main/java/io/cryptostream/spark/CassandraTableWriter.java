package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.List;

import static io.cryptostream.spark.TradeJsonParser.DECIMAL;

/**
 * Appends rows to the tables of one keyspace with the Spark Cassandra connector. Cassandra writes are upserts on
 * the primary key, so rows that carry a window's complete values can be written again without changing the table.
 */
final class CassandraTableWriter {

    private final SparkSession spark;
    private final CassandraSettings settings;

    private CassandraTableWriter(SparkSession spark, CassandraSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    static CassandraTableWriter open(SparkSession spark, CassandraSettings settings) {
        StoreSchema.ensure(settings);
        return new CassandraTableWriter(spark, settings);
    }

    /** @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached */
    void upsert(String table, List<Row> rows, StructType schema) {
        try {
            spark.createDataFrame(rows, schema)
                    .write()
                    .format("org.apache.spark.sql.cassandra")
                    .option("keyspace", settings.keyspace())
                    .option("table", table)
                    .mode(SaveMode.Append)
                    .save();
        } catch (RuntimeException e) {
            throw unreachable(e) ? CassandraSessions.unavailable(settings, e) : e;
        }
    }

    /** The connector reports an unreachable node as an IOException wrapping the driver's AllNodesFailedException. */
    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AllNodesFailedException
                    || String.valueOf(t.getMessage()).contains("Failed to open native connection")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spark would round a value with more than 18 decimal places to fit decimal(38,18) without a word. The job
     * never produces one (sums of decimal(38,18), quotients at 18 places), so one here is a caller's bug.
     */
    static Row requireFitsDecimalColumns(Row row, StructType schema, Object source) {
        for (int i = 0; i < row.length(); i++) {
            if (row.get(i) instanceof BigDecimal value
                    && (value.scale() > DECIMAL.scale() || value.precision() - value.scale() > 20)) {
                throw new IllegalArgumentException("column " + schema.fields()[i].name() + " = "
                        + value.toPlainString() + " does not fit decimal(38,18) exactly, refusing to round it: "
                        + source);
            }
        }
        return row;
    }
}
