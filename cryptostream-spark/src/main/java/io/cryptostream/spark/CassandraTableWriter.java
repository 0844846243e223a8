package io.cryptostream.spark;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableShape;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends rows to the tables of one keyspace with the Spark Cassandra connector. Cassandra writes are upserts on
 * the primary key, so rows that carry a window's complete values can be written again without changing the table;
 * that is what lets a write be retried through a Cassandra outage ({@link CassandraWriteRetry}).
 */
final class CassandraTableWriter {

    private final CassandraSettings settings;
    private final CassandraWriteRetry retry;

    private CassandraTableWriter(CassandraSettings settings, CassandraWriteRetry retry) {
        this.settings = settings;
        this.retry = retry;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    static CassandraTableWriter open(CassandraSettings settings, OutageBudget outageBudget) {
        StoreSchema.ensure(settings);
        return new CassandraTableWriter(settings, new CassandraWriteRetry(settings, outageBudget));
    }

    /**
     * Writes rows in the table's {@link TableLayout}, waiting out a Cassandra outage within the budget.
     *
     * @throws CassandraOutageException when Cassandra stays unreachable for longer than the outage budget
     * @throws InterruptedException     when the query is stopped meanwhile (Spark then ends it cleanly)
     */
    void upsert(TableShape table, Dataset<Row> rows) throws InterruptedException {
        retry.run(() -> rows
                .write()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", settings.keyspace())
                .option("table", table.name())
                .mode(SaveMode.Append)
                .save());
    }
}
