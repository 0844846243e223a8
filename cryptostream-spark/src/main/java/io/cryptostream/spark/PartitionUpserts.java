package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableShape;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor for one partition: binds each table row to its table's prepared upsert and sends it
 * asynchronously, at most {@link #MAX_IN_FLIGHT} at a time, and returns only when every write has succeeded (the
 * first failure fails the task, and so the batch, which stays uncommitted).
 *
 * @param tables         the partition rows' first columns in order, each named by the store table whose rows it holds
 * @param newestReceived receives the partition's newest {@value WindowBatch#NEWEST_RECEIVED} once it is written,
 *                       when the rows have that column after the tables'
 * @param consistency    of every write
 */
record PartitionUpserts(CassandraConnector connector, String keyspace, List<String> tables,
                        CollectionAccumulator<Instant> newestReceived, DefaultConsistencyLevel consistency)
        implements ForeachPartitionFunction<Row> {

    /** Enough to keep a local node busy; small enough that a burst of windows cannot swamp a node's queue. */
    static final int MAX_IN_FLIGHT = 128;

    @Override
    public void call(Iterator<Row> rows) throws InterruptedException {
        if (!rows.hasNext()) {
            return;
        }
        // The connector hands out its cached session for this JVM; closing releases it (it stays open for reuse).
        try (CqlSession session = connector.openSession()) {
            TableShape[] shapes = tables.stream().map(StoreSchema::table).toArray(TableShape[]::new);
            PreparedStatement[] inserts = new PreparedStatement[shapes.length];
            for (int t = 0; t < shapes.length; t++) {
                // The driver caches prepared statements per session: after the first batch this is a lookup.
                inserts[t] = session.prepare(shapes[t].insertStatement(keyspace));
            }
            InFlightWrites writes = new InFlightWrites(session, MAX_IN_FLIGHT);
            Instant newest = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.size() > shapes.length && !row.isNullAt(shapes.length)) {
                    Instant received = row.getTimestamp(shapes.length).toInstant();
                    newest = newest == null || received.isAfter(newest) ? received : newest;
                }
                for (int t = 0; t < shapes.length; t++) {
                    Object value = row.get(t);
                    if (value instanceof Row tableRow) {
                        writes.send(bind(inserts[t], shapes[t], tableRow, consistency));
                    } else if (value != null) {
                        for (Row tableRow : row.<Row>getList(t)) {
                            writes.send(bind(inserts[t], shapes[t], tableRow, consistency));
                        }
                    }
                }
            }
            writes.awaitAll();
            if (newest != null) {
                newestReceived.add(newest);
            }
        }
    }

    private static com.datastax.oss.driver.api.core.cql.BoundStatement bind(PreparedStatement insert,
                                                                            TableShape shape, Row row,
                                                                            DefaultConsistencyLevel consistency) {
        // Every write carries complete values, so a retry is safe.
        return insert.bind(TableLayout.cqlValues(shape, row))
                .setConsistencyLevel(consistency)
                .setIdempotent(true);
    }
}
