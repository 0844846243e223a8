package io.cryptostream.store;

import com.datastax.oss.driver.api.core.cql.Row;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a table read back, by column name, so that each table's row is turned into its record in one place
 * whatever read it: the CQL driver here, a Spark batch in the job's tests.
 */
public interface TableRow {

    String text(String column);

    Instant timestamp(String column);

    BigDecimal decimal(String column);

    long bigint(String column);

    static TableRow of(Row row) {
        return new TableRow() {
            @Override
            public String text(String column) {
                return row.getString(column);
            }

            @Override
            public Instant timestamp(String column) {
                return row.getInstant(column);
            }

            @Override
            public BigDecimal decimal(String column) {
                return row.getBigDecimal(column);
            }

            @Override
            public long bigint(String column) {
                return row.getLong(column);
            }
        };
    }
}
