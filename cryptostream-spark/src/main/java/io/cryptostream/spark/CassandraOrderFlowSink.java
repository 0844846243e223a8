package io.cryptostream.spark;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.OrderFlowWindow;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static io.cryptostream.spark.TradeJsonParser.DECIMAL;

/**
 * Upserts each batch into {@code order_flow_1m} with the Spark Cassandra connector. Every row carries the complete
 * value of its window and side, and Cassandra writes are upserts on the primary key, so a replayed batch leaves
 * the same rows: the table ends exactly-once even though writes are at-least-once.
 */
public final class CassandraOrderFlowSink implements OrderFlowSink {

    private static final StructType ORDER_FLOW_ROW = new StructType()
            .add("exchange", DataTypes.StringType)
            .add("base", DataTypes.StringType)
            .add("quote", DataTypes.StringType)
            .add("day", DataTypes.DateType)
            .add("window_start", DataTypes.TimestampType)
            .add("side", DataTypes.StringType)
            .add("window_end", DataTypes.TimestampType)
            .add("created", DataTypes.LongType)
            .add("changed", DataTypes.LongType)
            .add("deleted", DataTypes.LongType)
            .add("created_amount", DECIMAL)
            .add("created_notional", DECIMAL)
            .add("deleted_amount", DECIMAL)
            .add("deleted_notional", DECIMAL);

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
    public static CassandraOrderFlowSink open(SparkSession spark, CassandraSettings settings) {
        return open(spark, settings, OutageBudget.defaults());
    }

    /** Like {@link #open(SparkSession, CassandraSettings)}, waiting out a Cassandra outage within {@code outageBudget}. */
    public static CassandraOrderFlowSink open(SparkSession spark, CassandraSettings settings, OutageBudget outageBudget) {
        return new CassandraOrderFlowSink(CassandraTableWriter.open(spark, settings, outageBudget));
    }

    @Override
    public void write(OrderFlowBatch batch) throws InterruptedException {
        tables.upsert(StoreSchema.ORDER_FLOW_TABLE,
                batch.windows().stream().map(CassandraOrderFlowSink::orderFlowRow).toList(), ORDER_FLOW_ROW);
    }

    private static Row orderFlowRow(OrderFlowWindow w) {
        return CassandraTableWriter.requireFitsDecimalColumns(RowFactory.create(w.exchange(), w.base(), w.quote(),
                w.day(), w.windowStart(), w.side().name(), w.windowEnd(), w.created(), w.changed(), w.deleted(),
                w.createdAmount(), w.createdNotional(), w.deletedAmount(), w.deletedNotional()), ORDER_FLOW_ROW, w);
    }
}
