package io.cryptostream.spark;

import com.datastax.spark.connector.cql.CassandraConnector;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Upserts rows into the tables of one keyspace with prepared statements, from the executors that hold the rows:
 * one Spark job per write, whatever the number of tables. The executors connect as the Spark session's
 * {@code spark.cassandra.*} settings say (address, authentication, TLS: {@link SparkSessionFactory}), through the
 * Spark Cassandra connector's session cache, so each executor JVM keeps one session across batches.
 *
 * <p>Cassandra writes are upserts on the primary key, so rows that carry a window's complete values can be written
 * again without changing the table; that is what lets a write be retried through a Cassandra outage
 * ({@link CassandraWriteRetry}).
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
     * Writes every row of {@code tables}, whose columns are named by store tables and hold, in the table's
     * {@link TableLayout}, one row (a struct, or null) or several (an array), then optionally
     * {@value WindowBatch#NEWEST_RECEIVED}, which is not written but kept as the newest receive time written
     * ({@link CassandraWriteCounts}); waits out a Cassandra outage within the budget.
     *
     * @throws CassandraOutageException when Cassandra stays unreachable for longer than the outage budget
     * @throws InterruptedException     when the query is stopped meanwhile (Spark then ends it cleanly)
     */
    CassandraWriteCounts counts() {
        return retry.counts();
    }

    void upsert(Dataset<Row> tables) throws InterruptedException {
        List<String> tableColumns = Arrays.stream(tables.columns())
                .filter(column -> !column.equals(WindowBatch.NEWEST_RECEIVED)).toList();
        CollectionAccumulator<Instant> newestReceived = tables.sparkSession().sparkContext()
                .collectionAccumulator(WindowBatch.NEWEST_RECEIVED);
        PartitionUpserts upserts = new PartitionUpserts(
                CassandraConnector.apply(tables.sparkSession().sparkContext().getConf()), settings.keyspace(),
                tableColumns, newestReceived, settings.consistency());
        retry.run(() -> {
            newestReceived.reset();
            tables.foreachPartition(upserts);
        });
        newestReceived.value().stream().max(Comparator.naturalOrder()).ifPresent(counts()::onNewestReceivedWritten);
    }
}
