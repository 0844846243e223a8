package io.cryptostream.spark;

import io.cryptostream.store.TableRow;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;

/** A Spark row in a {@link TableLayout} read as the table row it is. */
record SparkTableRow(Row row) implements TableRow {

    @Override
    public String text(String column) {
        return row.getString(row.fieldIndex(column));
    }

    /** Spark hands out java.sql.Timestamp, or Instant when spark.sql.datetime.java8API.enabled is set. */
    @Override
    public Instant timestamp(String column) {
        Object value = row.get(row.fieldIndex(column));
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }

    @Override
    public BigDecimal decimal(String column) {
        Object value = row.get(row.fieldIndex(column));
        return value == null || value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal((String) value);
    }

    @Override
    public long bigint(String column) {
        return row.getLong(row.fieldIndex(column));
    }
}
