package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.cryptostream.store.TableShape;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

/**
 * A store table as the sinks write it from Spark: its columns, in table order, with a Spark type for each CQL type,
 * and the values the CQL driver binds for them. Decimals travel as plain text, parsed into Cassandra's
 * arbitrary-precision {@code decimal} when bound: a Spark decimal (at most 38 digits) would round the exact quote
 * volumes, which need up to 64 (see docs/data-model.md).
 */
final class TableLayout {

    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final long DAY_MICROS = 24 * HOUR_MICROS;

    private static final Map<DataType, org.apache.spark.sql.types.DataType> SPARK_TYPES = Map.of(
            DataTypes.TEXT, org.apache.spark.sql.types.DataTypes.StringType,
            DataTypes.DECIMAL, org.apache.spark.sql.types.DataTypes.StringType,
            DataTypes.TIMEUUID, org.apache.spark.sql.types.DataTypes.StringType,
            DataTypes.BIGINT, org.apache.spark.sql.types.DataTypes.LongType,
            DataTypes.TIMESTAMP, org.apache.spark.sql.types.DataTypes.TimestampType,
            DataTypes.DATE, org.apache.spark.sql.types.DataTypes.DateType);

    private TableLayout() {
    }

    /** Selects exactly the table's columns, in its order and with the types the connector writes. */
    static Column[] columns(TableShape table) {
        return table.columns().entrySet().stream()
                .map(c -> col(c.getKey()).cast(sparkType(c.getValue())).as(c.getKey()))
                .toArray(Column[]::new);
    }

    /** The table's columns computed by {@code values} (one per column name), in its order and with its types. */
    static Column[] columns(TableShape table, Map<String, Column> values) {
        return table.columns().entrySet().stream()
                .map(c -> values.get(c.getKey()).cast(sparkType(c.getValue())).as(c.getKey()))
                .toArray(Column[]::new);
    }

    /**
     * A row in the table's layout as the values of its {@link TableShape#insertStatement}, in table order: decimal
     * text parsed exactly, the UUID text parsed, Spark's dates and timestamps (either API) as the driver's.
     */
    static Object[] cqlValues(TableShape table, Row row) {
        Object[] values = new Object[table.columns().size()];
        int i = 0;
        for (DataType type : table.columns().values()) {
            values[i] = cqlValue(type, row.get(i));
            i++;
        }
        return values;
    }

    private static Object cqlValue(DataType type, Object value) {
        if (value == null) {
            return null;
        }
        if (type.equals(DataTypes.DECIMAL)) {
            return new BigDecimal((String) value);
        }
        if (type.equals(DataTypes.TIMEUUID)) {
            return UUID.fromString((String) value);
        }
        if (type.equals(DataTypes.TIMESTAMP)) {
            return value instanceof Timestamp timestamp ? timestamp.toInstant() : value;
        }
        if (type.equals(DataTypes.DATE)) {
            return value instanceof Date date ? date.toLocalDate() : value;
        }
        return value;
    }

    /** The schema of a Dataset {@link #columns} selected. */
    static StructType schema(TableShape table) {
        StructType schema = new StructType();
        for (Map.Entry<String, DataType> column : table.columns().entrySet()) {
            schema = schema.add(column.getKey(), sparkType(column.getValue()));
        }
        return schema;
    }

    /** The UTC hour a timestamp falls in, whatever the session's time zone: the windows table's partition. */
    static Column utcHour(Column timestamp) {
        Column micros = unix_micros(timestamp);
        return timestamp_micros(micros.minus(micros.mod(lit(HOUR_MICROS))));
    }

    /** The UTC date a timestamp falls on, whatever the session's time zone: the per-market tables' partition. */
    static Column utcDay(Column timestamp) {
        return date_from_unix_date(floor(unix_micros(timestamp).divide(lit(DAY_MICROS))).cast("int"));
    }

    private static org.apache.spark.sql.types.DataType sparkType(DataType cqlType) {
        org.apache.spark.sql.types.DataType type = SPARK_TYPES.get(cqlType);
        if (type == null) {
            throw new IllegalArgumentException("no Spark type for CQL type " + cqlType.asCql(false, true));
        }
        return type;
    }
}
