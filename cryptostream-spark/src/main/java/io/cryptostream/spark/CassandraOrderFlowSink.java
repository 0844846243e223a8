package io.cryptostream.spark;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

/**
 * Upserts each batch into {@value StoreSchema#ORDER_FLOW_TABLE} ({@link CassandraTableWriter}). Every row
 * carries the complete value of its window and side, and Cassandra writes are upserts on the primary key, so a
 * replayed batch leaves the same rows: the table ends exactly-once even though writes are at-least-once.
 */
public final class CassandraOrderFlowSink implements OrderFlowSink {

    private final CassandraTableWriter tables;

    private CassandraOrderFlowSink(CassandraTableWriter tables) {
        this.tables = tables;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    public static CassandraOrderFlowSink open(CassandraSettings settings) {
        return open(settings, OutageBudget.defaults());
    }

    /** Like {@link #open(CassandraSettings)}, waiting out a Cassandra outage within {@code outageBudget}. */
    public static CassandraOrderFlowSink open(CassandraSettings settings, OutageBudget outageBudget) {
        return new CassandraOrderFlowSink(CassandraTableWriter.open(settings, outageBudget));
    }

    @Override
    public void write(OrderFlowBatch batch) throws InterruptedException {
        tables.upsert(batch.windows().select(struct(col("*")).as(StoreSchema.ORDER_FLOW_TABLE)));
    }
}
