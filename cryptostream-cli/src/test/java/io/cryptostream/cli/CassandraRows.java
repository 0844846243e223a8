package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableRow;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

/** Reads every row the job wrote to a test keyspace, as the records {@code ReferenceAggregation} computes. */
final class CassandraRows {

    private CassandraRows() {
    }

    /**
     * A session that reconnects at most 2 s apart (the driver's default waits up to 60 s), so a test
     * that kills Cassandra reads its rows soon after it is back.
     */
    static CqlSession session(ServerEndpoints servers) {
        return CqlSession.builder().addContactPoint(servers.cassandraContactPoint())
                .withLocalDatacenter(servers.cassandraDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2)).build())
                .build();
    }

    static List<DirectionWindow> windows(CqlSession session, String keyspace) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + keyspace + "." + StoreSchema.WINDOWS_TABLE)
                        .spliterator(), false)
                .map(r -> DirectionWindow.of(TableRow.of(r)))
                .sorted(Comparator.comparing(DirectionWindow::windowStart).thenComparing(DirectionWindow::exchange)
                        .thenComparing(DirectionWindow::base).thenComparing(DirectionWindow::quote)
                        .thenComparing(DirectionWindow::direction))
                .toList();
    }

    static List<Candle> candles(CqlSession session, String keyspace) {
        return StreamSupport.stream(session.execute("SELECT * FROM " + keyspace + "." + StoreSchema.CANDLES_TABLE)
                        .spliterator(), false)
                .map(r -> Candle.of(TableRow.of(r)))
                .sorted(Comparator.comparing(Candle::windowStart).thenComparing(Candle::exchange)
                        .thenComparing(Candle::base).thenComparing(Candle::quote))
                .toList();
    }
}
