package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.servers.ServerEndpoints;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

/** Reads every row the job wrote to a test keyspace, in the shape of {@link ExpectedAggregates}. */
final class CassandraRows {

    private CassandraRows() {
    }

    static CqlSession session(ServerEndpoints servers) {
        return CqlSession.builder().addContactPoint(servers.cassandraContactPoint())
                .withLocalDatacenter(servers.cassandraDatacenter()).build();
    }

    static List<ExpectedAggregates.Row> windows(CqlSession session, String keyspace) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + keyspace + ".trademsgs1minutewindow").spliterator(), false)
                .map(r -> new ExpectedAggregates.Row(r.getInstant("window_start"), r.getString("market"),
                        r.getString("fromcoin"), r.getString("tocurrency"), r.getString("direction"),
                        r.getLong("counttxns"), plain(r, "avgprice"), plain(r, "totalquantity"), plain(r, "totalvol"),
                        plain(r, "open"), plain(r, "high"), plain(r, "low"), plain(r, "close"), plain(r, "vwap")))
                .sorted(Comparator.comparing(ExpectedAggregates.Row::windowStart).thenComparing(ExpectedAggregates.Row::exchange)
                        .thenComparing(ExpectedAggregates.Row::base).thenComparing(ExpectedAggregates.Row::quote)
                        .thenComparing(ExpectedAggregates.Row::direction))
                .toList();
    }

    static List<ExpectedAggregates.CandleRow> candles(CqlSession session, String keyspace) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + keyspace + ".candles_1m").spliterator(), false)
                .map(r -> new ExpectedAggregates.CandleRow(r.getInstant("window_start"), r.getString("exchange"),
                        r.getString("base"), r.getString("quote"), plain(r, "open"), plain(r, "high"), plain(r, "low"),
                        plain(r, "close"), plain(r, "volume"), plain(r, "quote_volume"), r.getLong("trades"),
                        plain(r, "buy_volume"), plain(r, "sell_volume"), plain(r, "vwap")))
                .sorted(Comparator.comparing(ExpectedAggregates.CandleRow::windowStart).thenComparing(ExpectedAggregates.CandleRow::exchange)
                        .thenComparing(ExpectedAggregates.CandleRow::base).thenComparing(ExpectedAggregates.CandleRow::quote))
                .toList();
    }

    private static String plain(Row row, String column) {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : ExpectedAggregates.plain(value);
    }
}
