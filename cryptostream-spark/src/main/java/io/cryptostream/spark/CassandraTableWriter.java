package io.cryptostream.spark;

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
 * the primary key, so rows that carry a window's complete values can be written again without changing the table;
 * that is what lets a write be retried through a Cassandra outage ({@link CassandraWriteRetry}).
 */
final class CassandraTableWriter {

    private final SparkSession spark;
    private final CassandraSettings settings;
    private final CassandraWriteRetry retry;

    private CassandraTableWriter(SparkSession spark, CassandraSettings settings, CassandraWriteRetry retry) {
        this.spark = spark;
        this.settings = settings;
        this.retry = retry;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    static CassandraTableWriter open(SparkSession spark, CassandraSettings settings, OutageBudget outageBudget) {
        StoreSchema.ensure(settings);
        return new CassandraTableWriter(spark, settings, new CassandraWriteRetry(settings, outageBudget));
    }

    /**
     * Writes the rows, waiting out a Cassandra outage within the budget.
     *
     * @throws CassandraOutageException when Cassandra stays unreachable for longer than the outage budget
     * @throws InterruptedException     when the query is stopped meanwhile (Spark then ends it cleanly)
     */
    void upsert(String table, List<Row> rows, StructType schema) throws InterruptedException {
        retry.run(() -> spark.createDataFrame(rows, schema)
                .write()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", settings.keyspace())
                .option("table", table)
                .mode(SaveMode.Append)
                .save());
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
