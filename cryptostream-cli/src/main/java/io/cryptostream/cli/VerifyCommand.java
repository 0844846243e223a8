package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.CandleHistories;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.VenueCandle;
import io.cryptostream.exchange.Venues;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.WindowQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Compares the 1-minute candles in Cassandra with the venue's own 1-minute candles, minute by minute. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Compare a market's stored 1-minute candles with the venue's own.",
        description = {"Reads the venue's 1-minute candles of [from, to) from its REST API (Binance spot and USD-M "
                + "klines, Coinbase Exchange candles, Kraken OHLC, Bitstamp OHLC; <venue>.candles-url in the settings "
                + "file points elsewhere, e.g. at a simulator) and the same minutes `candles` prints from Cassandra, "
                + "and prints each minute that differs: the fields (open, high, low, close, volume, and trades where "
                + "the venue counts them), both values and the likely reason, then a one-line summary. Only minutes "
                + "already over are compared; Kraken serves only its latest 720 minutes.",
                "Exit status: 0 when no minute differs, 1 when some do (or on an explained error), 2 on bad usage."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:no minute differs", "1:some minutes differ, or an explained error", "2:bad usage"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CassandraOptions cassandra;

    @Option(names = "--exchange", required = true, paramLabel = "NAME",
            description = "A venue with REST candles, by its name or the exchange its rows carry, in any case: "
                    + "binance, binance-futures, coinbase, kraken, bitstamp.")
    String exchange;

    @Mixin
    MarketRangeOptions range;

    @Override
    public Integer call() {
        Market market;
        Instant start;
        Instant end;
        Venue venue;
        try {
            market = CandlesCommand.market(exchange, range.symbol);
            venue = venue(exchange, market);
            start = CandlesCommand.instant(range.from, "--from").truncatedTo(ChronoUnit.MINUTES);
            end = CandlesCommand.instant(range.to, "--to");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!end.isAfter(start)) {
            throw new ParameterException(spec.commandLine(), "--to (" + end + ") must be after --from (" + start + ")");
        }
        CryptostreamConfig config = cassandra.load();
        CandleHistory candles = CandleHistories.of(venue);
        Instant now = Instant.now();
        Instant over = now.truncatedTo(ChronoUnit.MINUTES);
        Instant last = end.isAfter(over) ? over : end.truncatedTo(ChronoUnit.MINUTES);
        Instant first = candles.reach().map(reach -> over.minus(reach).plus(CandleHistory.MINUTE))
                .filter(start::isBefore).orElse(start);
        PrintStream out = System.out;
        if (first.isAfter(start)) {
            out.println("Note: " + venue.displayName() + " serves only its latest " + candles.reach().orElseThrow()
                    .toMinutes() + " minutes; comparing from " + WindowTables.iso(first) + ".");
        }
        if (!last.isAfter(first)) {
            out.println("No minute of " + market + " in [" + start + ", " + end + ") is over and within "
                    + venue.displayName() + "'s reach yet: nothing compared.");
            return 0;
        }
        URI base;
        try {
            base = config.optionalStringIfPresent(venue.name() + ".candles-url").map(URI::create).orElse(candles.host());
        } catch (IllegalArgumentException e) {
            throw config.invalid(venue.name() + ".candles-url", "not a URL: " + e.getMessage());
        }
        List<VenueCandle> theirs = new VenueCandleSource(candles, base, venue.displayName()).read(market, first, last);
        CassandraSettings settings = Endpoints.resolveCassandra(config, System.err);
        List<Candle> ours;
        try (CqlSession session = CassandraSessions.open(settings)) {
            ours = new CandleSelection(market, CandleInterval.MINUTE, first, last, false)
                    .read(new WindowQueries(session, settings), now);
        }
        List<CandleComparison.MinuteDifference> differences = CandleComparison.differences(ours, theirs,
                venue.displayName());
        differences.forEach(difference -> out.print(describe(difference, venue.displayName())));
        out.println(summary(market, venue, first, last, ours.size(), theirs.size(), differences));
        return differences.isEmpty() ? 0 : 1;
    }

    /** The venue named, or the one with REST candles whose rows carry the exchange named. */
    static Venue venue(String typed, Market market) {
        List<Venue> candidates = Venues.byName(typed).map(List::of).orElseGet(() -> Venues.all().stream()
                .filter(v -> v.exchange().map(market.exchange()::equals).orElse(false)).toList());
        return candidates.stream().filter(v -> CandleHistories.of(v).available()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--exchange " + typed + " has no REST candles to "
                        + "verify against; use one of " + Venues.all().stream()
                        .filter(v -> CandleHistories.of(v).available()).map(Venue::name).collect(Collectors.joining(", "))));
    }

    static String describe(CandleComparison.MinuteDifference difference, String venueName) {
        StringBuilder text = new StringBuilder(WindowTables.iso(difference.minute())).append("  ")
                .append(difference.fields().stream().map(CandleComparison.FieldDifference::field)
                        .collect(Collectors.joining(", "))).append('\n');
        difference.fields().forEach(field -> text.append(String.format("    %-7s Cassandra %-22s %s %s%n", field.field(),
                field.stored(), venueName, field.venue())));
        return text.append("    likely: ").append(difference.reason()).append('\n').toString();
    }

    static String summary(Market market, Venue venue, Instant first, Instant last, int ours, int theirs,
                          List<CandleComparison.MinuteDifference> differences) {
        String range = market + " [" + WindowTables.iso(first) + ", " + WindowTables.iso(last) + ")";
        String counts = " (" + ours + " candles in Cassandra, " + theirs + " from " + venue.displayName() + ")";
        if (differences.isEmpty()) {
            return "No differences: " + range + " matches " + venue.displayName() + " minute by minute" + counts + ".";
        }
        long missingHere = differences.stream().filter(d -> d.kind() == CandleComparison.Kind.MISSING_IN_CASSANDRA).count();
        long missingThere = differences.stream().filter(d -> d.kind() == CandleComparison.Kind.MISSING_AT_VENUE).count();
        return differences.size() + " minutes differ in " + range + ": " + missingHere + " missing in Cassandra, "
                + missingThere + " missing at " + venue.displayName() + ", " + (differences.size() - missingHere
                - missingThere) + " with different values" + counts + ".";
    }
}
