package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs one CQL statement and prints its rows (there is no cqlsh here). */
@Command(name = "cql", mixinStandardHelpOptions = true,
        header = "Run one CQL statement against Cassandra and print the rows.",
        description = {"There is no cqlsh here; for example:",
                "  ./cryptostream cql \"select * from cryptocompare.trademsgs1minutewindow where date = '2026-11-21 10:00:00+0000'\""})
final class CqlCommand implements Runnable {

    @Mixin
    CassandraOptions cassandra;

    @Parameters(paramLabel = "STATEMENT", description = "The CQL statement.")
    String statement;

    @Override
    public void run() {
        CassandraSettings settings = Endpoints.resolveCassandra(cassandra.load(), System.err);
        try (CqlSession session = CassandraSessions.open(settings)) {
            ResultSet result;
            try {
                result = session.execute(SimpleStatement.newInstance(statement).setTimeout(Duration.ofSeconds(30)));
            } catch (QueryValidationException e) {
                throw new IllegalArgumentException("Cassandra rejected the statement: " + e.getMessage(), e);
            }
            List<String> columns = new ArrayList<>();
            for (ColumnDefinition column : result.getColumnDefinitions()) {
                columns.add(column.getName().asCql(true));
            }
            if (columns.isEmpty()) {
                System.out.println("OK");
                return;
            }
            TextTable table = new TextTable(columns);
            long rows = 0;
            for (Row row : result) {
                List<String> cells = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    cells.add(text(row.getObject(i)));
                }
                table.add(cells);
                rows++;
            }
            System.out.print(table.render());
            System.out.println("(" + rows + " row" + (rows == 1 ? "" : "s") + ")");
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Instant instant) {
            return WindowTables.iso(instant);
        }
        return value.toString();
    }
}
