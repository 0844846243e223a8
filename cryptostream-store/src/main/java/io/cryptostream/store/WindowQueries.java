package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cryptostream.domain.Market;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.Supplier;

/** The reads the CLI needs from the two tables. Uses (does not close) the caller's session. */
public final class WindowQueries {

    private final CqlSession session;
    private final CassandraSettings settings;
    private final PreparedStatement candlesOfDay;
    private final PreparedStatement windowsOfHour;

    public WindowQueries(CqlSession session, CassandraSettings settings) {
        this.session = Objects.requireNonNull(session, "session");
        this.settings = Objects.requireNonNull(settings, "settings");
        String ks = settings.keyspace();
        this.candlesOfDay = reachable(() -> session.prepare("SELECT " + StoreSchema.CANDLES.columnList() + " FROM " + ks + "."
                + StoreSchema.CANDLES_TABLE + " WHERE exchange = ? AND base = ? AND quote = ? AND day = ?"
                + " AND window_start >= ? AND window_start < ?"));
        this.windowsOfHour = reachable(() -> session.prepare("SELECT " + StoreSchema.WINDOWS.columnList() + " FROM " + ks + "."
                + StoreSchema.WINDOWS_TABLE + " WHERE date = ? LIMIT ?"));
    }

    /** Candles of one market whose window starts in {@code [from, to)}, oldest first, across UTC day partitions. */
    public List<Candle> candles(Market market, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<Candle> candles = new ArrayList<>();
        LocalDate lastDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(lastDay); day = day.plusDays(1)) {
            LocalDate partition = day;
            reachable(() -> session.execute(candlesOfDay.bind(market.exchange(), market.base(), market.quote(),
                    partition, from, to))).forEach(row -> candles.add(Candle.of(TableRow.of(row))));
        }
        return candles;
    }

    /**
     * Every market with candles and the newest UTC day it has candles on, ordered by exchange, base and quote. Lists
     * the partitions with {@code SELECT DISTINCT} (a scan of partition keys, one per market and day).
     */
    public List<CandleMarket> candleMarkets() {
        Map<Market, LocalDate> newestDays = new TreeMap<>(Comparator.comparing(Market::exchange)
                .thenComparing(Market::base).thenComparing(Market::quote));
        reachable(() -> session.execute("SELECT DISTINCT " + String.join(", ", StoreSchema.CANDLES.partitionKey())
                + " FROM " + settings.keyspace() + "." + StoreSchema.CANDLES_TABLE)).forEach(row -> newestDays.merge(
                new Market(row.getString("exchange"), row.getString("base"), row.getString("quote")),
                row.getLocalDate("day"), (a, b) -> a.isAfter(b) ? a : b));
        return newestDays.entrySet().stream().map(e -> new CandleMarket(e.getKey(), e.getValue())).toList();
    }

    /** A market of {@value StoreSchema#CANDLES_TABLE} and the newest UTC day it has candles on. */
    public record CandleMarket(Market market, LocalDate newestDay) {
    }

    /** The window rows of one UTC hour partition, newest window first: the original tutorial's {@code where date = '<hour>'}. */
    public List<DirectionWindow> windowsOfHour(Instant hour, int limit) {
        List<DirectionWindow> windows = new ArrayList<>();
        reachable(() -> session.execute(windowsOfHour.bind(hour.truncatedTo(ChronoUnit.HOURS), limit)))
                .forEach(row -> windows.add(DirectionWindow.of(TableRow.of(row))));
        return windows;
    }

    /**
     * The newest {@code limit} window rows over all markets, newest window first. Lists the hour partitions with
     * {@code SELECT DISTINCT date} (a scan of partition keys, fine for the demo's data size) and reads the newest.
     */
    public List<DirectionWindow> latestWindows(int limit) {
        List<Instant> hours = new ArrayList<>();
        reachable(() -> session.execute("SELECT DISTINCT date FROM " + settings.keyspace() + "."
                + StoreSchema.WINDOWS_TABLE)).forEach(row -> hours.add(row.getInstant("date")));
        hours.sort(Comparator.reverseOrder());
        List<DirectionWindow> windows = new ArrayList<>();
        for (Instant hour : hours) {
            if (windows.size() >= limit) {
                break;
            }
            windows.addAll(windowsOfHour(hour, limit - windows.size()));
        }
        return windows;
    }

    private <T> T reachable(Supplier<T> query) {
        try {
            return query.get();
        } catch (AllNodesFailedException | DriverTimeoutException e) {
            throw CassandraSessions.unavailable(settings, e);
        }
    }
}
