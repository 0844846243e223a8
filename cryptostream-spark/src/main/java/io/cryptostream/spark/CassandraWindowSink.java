package io.cryptostream.spark;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;

/**
 * Upserts each batch into {@value StoreSchema#WINDOWS_TABLE} and {@value StoreSchema#CANDLES_TABLE} in one Spark
 * job ({@link CassandraTableWriter}). Cassandra writes are upserts on the primary key, and every batch carries
 * complete window values, so writing a replayed batch again leaves the same rows: the tables end exactly-once even
 * though writes are at-least-once. Decimals travel as text ({@link TableLayout}) and are bound as exact decimals, so
 * every value reads back exactly as it was computed.
 */
public final class CassandraWindowSink implements WindowSink {

    private final CassandraTableWriter tables;

    private CassandraWindowSink(CassandraTableWriter tables) {
        this.tables = tables;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    public static CassandraWindowSink open(CassandraSettings settings) {
        return open(settings, OutageBudget.defaults());
    }

    /** Like {@link #open(CassandraSettings)}, waiting out a Cassandra outage within {@code outageBudget}. */
    public static CassandraWindowSink open(CassandraSettings settings, OutageBudget outageBudget) {
        return new CassandraWindowSink(CassandraTableWriter.open(settings, outageBudget));
    }

    /** What the writes did so far, for the job's metrics. */
    public CassandraWriteCounts writeCounts() {
        return tables.counts();
    }

    @Override
    public void write(WindowBatch batch) throws InterruptedException {
        tables.upsert(batch.tables());
    }
}
