package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder.ASC;
import static com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder.DESC;

/**
 * The keyspace and the three tables, created when missing and checked when present.
 *
 * <p>{@value #WINDOWS_TABLE} keeps the original CryptoCompare tutorial's table name, columns and hour partition (so its query
 * {@code select * from cryptocompare.trademsgs1minutewindow where date = '<hour>'} still works), with exact
 * decimals instead of doubles, OHLC/VWAP columns, and {@code fromcoin, tocurrency} added to the clustering key so
 * that two pairs on one market no longer overwrite each other. {@value #CANDLES_TABLE} and
 * {@value #ORDER_FLOW_TABLE} (order events per window and order side) are partitioned per market and UTC day for
 * range reads of one market.
 */
public final class StoreSchema {

    public static final String WINDOWS_TABLE = "trademsgs1minutewindow";
    public static final String CANDLES_TABLE = "candles_1m";
    public static final String ORDER_FLOW_TABLE = "order_flow_1m";

    /** Schema changes wait for agreement between nodes and took 1.1-1.5 s locally: far too close to the 2 s default. */
    static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    public static final TableShape WINDOWS = new TableShape(WINDOWS_TABLE,
            columns("date", DataTypes.TIMESTAMP,
                    "window_start", DataTypes.TIMESTAMP,
                    "window_end", DataTypes.TIMESTAMP,
                    "market", DataTypes.TEXT,
                    "direction", DataTypes.TEXT,
                    "fromcoin", DataTypes.TEXT,
                    "tocurrency", DataTypes.TEXT,
                    "avgprice", DataTypes.DECIMAL,
                    "totalquantity", DataTypes.DECIMAL,
                    "totalvol", DataTypes.DECIMAL,
                    "counttxns", DataTypes.BIGINT,
                    "uuid", DataTypes.TIMEUUID,
                    "open", DataTypes.DECIMAL,
                    "high", DataTypes.DECIMAL,
                    "low", DataTypes.DECIMAL,
                    "close", DataTypes.DECIMAL,
                    "vwap", DataTypes.DECIMAL),
            List.of("date"),
            order("window_end", DESC, "window_start", DESC, "direction", ASC, "market", ASC,
                    "fromcoin", ASC, "tocurrency", ASC));

    public static final TableShape CANDLES = new TableShape(CANDLES_TABLE,
            columns("exchange", DataTypes.TEXT,
                    "base", DataTypes.TEXT,
                    "quote", DataTypes.TEXT,
                    "day", DataTypes.DATE,
                    "window_start", DataTypes.TIMESTAMP,
                    "window_end", DataTypes.TIMESTAMP,
                    "open", DataTypes.DECIMAL,
                    "high", DataTypes.DECIMAL,
                    "low", DataTypes.DECIMAL,
                    "close", DataTypes.DECIMAL,
                    "volume", DataTypes.DECIMAL,
                    "quote_volume", DataTypes.DECIMAL,
                    "trades", DataTypes.BIGINT,
                    "buy_volume", DataTypes.DECIMAL,
                    "sell_volume", DataTypes.DECIMAL,
                    "vwap", DataTypes.DECIMAL),
            List.of("exchange", "base", "quote", "day"),
            order("window_start", ASC));

    public static final TableShape ORDER_FLOW = new TableShape(ORDER_FLOW_TABLE,
            columns("exchange", DataTypes.TEXT,
                    "base", DataTypes.TEXT,
                    "quote", DataTypes.TEXT,
                    "day", DataTypes.DATE,
                    "window_start", DataTypes.TIMESTAMP,
                    "side", DataTypes.TEXT,
                    "window_end", DataTypes.TIMESTAMP,
                    "created", DataTypes.BIGINT,
                    "changed", DataTypes.BIGINT,
                    "deleted", DataTypes.BIGINT,
                    "created_amount", DataTypes.DECIMAL,
                    "created_notional", DataTypes.DECIMAL,
                    "deleted_amount", DataTypes.DECIMAL,
                    "deleted_notional", DataTypes.DECIMAL),
            List.of("exchange", "base", "quote", "day"),
            order("window_start", ASC, "side", ASC));

    private StoreSchema() {
    }

    /** The table of this name, for code that names tables where a {@link TableShape} cannot travel (Spark tasks). */
    public static TableShape table(String name) {
        return Stream.of(WINDOWS, CANDLES, ORDER_FLOW).filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in the store schema"));
    }

    /** The statements {@link #ensure} runs, in order. */
    public static List<String> ddl(CassandraSettings settings) {
        return List.of(
                "CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace()
                        + " WITH replication = " + settings.replication().toCql(),
                WINDOWS.createStatement(settings.keyspace()),
                CANDLES.createStatement(settings.keyspace()),
                ORDER_FLOW.createStatement(settings.keyspace()));
    }

    /**
     * Creates what is missing, then checks that every table has the shape cryptostream writes.
     *
     * @throws IncompatibleSchemaException when a table exists with another key or column types
     * @throws CassandraUnavailableException when Cassandra cannot be reached
     * @throws IllegalStateException when Cassandra rejects a statement (e.g. an invalid replication setting)
     */
    public static void ensure(CqlSession session, CassandraSettings settings) {
        for (String statement : ddl(settings)) {
            try {
                session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
            } catch (AllNodesFailedException | DriverTimeoutException e) {
                throw CassandraSessions.unavailable(settings, e);
            } catch (DriverException e) {
                throw new IllegalStateException("Cassandra at " + settings.address()
                        + " rejected: " + firstLine(statement) + " (" + e.getMessage() + ")", e);
            }
        }
        session.refreshSchema();
        KeyspaceMetadata keyspace = session.getMetadata().getKeyspace(settings.keyspace())
                .orElseThrow(() -> new IllegalStateException("keyspace " + settings.keyspace()
                        + " is missing from the driver's metadata right after it was created"));
        check(keyspace, WINDOWS);
        check(keyspace, CANDLES);
        check(keyspace, ORDER_FLOW);
    }

    /** Opens a session, {@link #ensure}s the schema and closes the session. */
    public static void ensure(CassandraSettings settings) {
        try (CqlSession session = CassandraSessions.open(settings)) {
            ensure(session, settings);
        }
    }

    private static void check(KeyspaceMetadata keyspace, TableShape shape) {
        String qualified = keyspace.getName().asInternal() + "." + shape.name();
        TableMetadata table = keyspace.getTable(shape.name()).orElseThrow(() -> new IllegalStateException(
                "table " + qualified + " is missing from the driver's metadata right after it was created"));
        List<String> differences = shape.differences(table);
        if (!differences.isEmpty()) {
            throw new IncompatibleSchemaException("Table " + qualified + " already exists with a shape cryptostream"
                    + " cannot write safely: " + String.join("; ", differences) + ". Nothing was written. Keep the old"
                    + " data by copying it out (e.g. cqlsh COPY " + qualified + " TO 'old.csv'), then DROP TABLE "
                    + qualified + " and start again so it is recreated, or write to another keyspace"
                    + " (--keyspace).");
        }
    }

    private static String firstLine(String statement) {
        int newline = statement.indexOf('\n');
        return newline < 0 ? statement : statement.substring(0, newline) + " ...";
    }

    private static Map<String, DataType> columns(Object... nameTypePairs) {
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.put((String) nameTypePairs[i], (DataType) nameTypePairs[i + 1]);
        }
        return columns;
    }

    private static Map<String, ClusteringOrder> order(Object... nameOrderPairs) {
        Map<String, ClusteringOrder> order = new LinkedHashMap<>();
        for (int i = 0; i < nameOrderPairs.length; i += 2) {
            order.put((String) nameOrderPairs[i], (ClusteringOrder) nameOrderPairs[i + 1]);
        }
        return order;
    }
}
