package io.cryptostream.cli;

import io.cryptostream.exchange.VenueCandle;
import io.cryptostream.store.Candle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The 1-minute candles in Cassandra against the venue's own, minute by minute and field by field (open, high, low,
 * close, volume, and the trade count where the venue gives it), each differing minute with the likely reason. A
 * venue candle without volume is the venue's filler for a minute without trades, not a difference.
 */
final class CandleComparison {

    /** One field of one minute: its value in Cassandra and at the venue. */
    record FieldDifference(String field, String stored, String venue) {
    }

    /** What kind of difference a minute has. */
    enum Kind {
        MISSING_IN_CASSANDRA, MISSING_AT_VENUE, VALUES
    }

    /** A minute that differs, which fields, and why it likely does. */
    record MinuteDifference(Instant minute, Kind kind, List<FieldDifference> fields, String reason) {
    }

    private record Field(String name, Function<Candle, Object> stored, Function<VenueCandle, Object> venue) {
    }

    private static final List<Field> PRICES_AND_VOLUME = List.of(
            new Field("open", Candle::open, VenueCandle::open),
            new Field("high", Candle::high, VenueCandle::high),
            new Field("low", Candle::low, VenueCandle::low),
            new Field("close", Candle::close, VenueCandle::close),
            new Field("volume", Candle::volume, VenueCandle::volume));
    private static final Field TRADES = new Field("trades", Candle::trades, c -> c.trades().orElseThrow());

    private CandleComparison() {
    }

    /** The minutes that differ, oldest first. */
    static List<MinuteDifference> differences(List<Candle> stored, List<VenueCandle> venue, String venueName) {
        Map<Instant, Candle> ours = new TreeMap<>();
        stored.forEach(c -> ours.put(c.windowStart(), c));
        Map<Instant, VenueCandle> theirs = new TreeMap<>();
        venue.stream().filter(c -> c.volume().signum() != 0).forEach(c -> theirs.put(c.openTime(), c));
        TreeSet<Instant> minutes = new TreeSet<>(ours.keySet());
        minutes.addAll(theirs.keySet());
        List<MinuteDifference> differences = new ArrayList<>();
        for (Instant minute : minutes) {
            Candle c = ours.get(minute);
            VenueCandle v = theirs.get(minute);
            if (c == null) {
                differences.add(new MinuteDifference(minute, Kind.MISSING_IN_CASSANDRA, fields(null, v), "no candle in "
                        + "Cassandra, " + venueName + " has " + trades(v) + ": ingest missed these trades (a gap it "
                        + "counted but could not fill, a disconnect) or the Spark job has not written this minute yet"));
            } else if (v == null) {
                differences.add(new MinuteDifference(minute, Kind.MISSING_AT_VENUE, fields(c, null), venueName
                        + "'s candle is missing: the venue leaves these " + c.trades() + " trades out of its candles "
                        + "(prints that are not market trades), or has not published the minute"));
            } else {
                List<FieldDifference> fields = fields(c, v);
                if (!fields.isEmpty()) {
                    differences.add(new MinuteDifference(minute, Kind.VALUES, fields, reason(c, v, venueName)));
                }
            }
        }
        return differences;
    }

    private static String trades(VenueCandle v) {
        return v.trades().isPresent() ? v.trades().getAsLong() + " trades" : "volume " + WindowTables.plain(v.volume());
    }

    private static String reason(Candle c, VenueCandle v, String venueName) {
        int more = v.trades().isPresent() ? Long.compare(c.trades(), v.trades().getAsLong()) : c.volume().compareTo(v.volume());
        String measure = v.trades().isPresent() ? "trades" : "volume";
        if (more < 0) {
            return (v.trades().isPresent() ? "fewer " : "less ") + measure + " in Cassandra than at " + venueName + ": trades ingest missed (an unfilled gap "
                    + "counted by ingest, a disconnect)";
        }
        if (more > 0) {
            return "more " + measure + " in Cassandra than at " + venueName + ": trades the venue leaves out of its "
                    + "candles (prints that are not market trades), or trades counted twice";
        }
        return "the same " + measure + ", different values: a trade's price or quantity differs, or " + venueName
                + " revised its candle";
    }

    private static List<FieldDifference> fields(Candle c, VenueCandle v) {
        List<FieldDifference> differences = new ArrayList<>();
        List<Field> fields = new ArrayList<>(PRICES_AND_VOLUME);
        if (v == null || v.trades().isPresent()) {
            fields.add(TRADES);
        }
        for (Field field : fields) {
            Object ours = c == null ? null : field.stored().apply(c);
            Object theirs = v == null ? null : field.venue().apply(v);
            if (!same(ours, theirs)) {
                differences.add(new FieldDifference(field.name(), text(ours), text(theirs)));
            }
        }
        return differences;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        return value instanceof BigDecimal d ? WindowTables.plain(d) : value.toString();
    }
}
