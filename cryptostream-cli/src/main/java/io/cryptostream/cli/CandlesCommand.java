package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.WindowQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Prints candles of one market at any interval, rolled up from the 1-minute candles in Cassandra. */
@Command(name = "candles", mixinStandardHelpOptions = true,
        header = "Print a market's candles at any interval between two instants.",
        description = {"Candles whose window_start is in [from, to), rolled up from the 1-minute candles in Cassandra; "
                + "intervals are aligned to UTC (1d starts at 00:00 UTC, 4h at 00, 04, 08… UTC), as venues align klines.",
                "CSV columns: " + CandlesCommand.CSV_HEADER})
final class CandlesCommand implements Runnable {

    static final String CSV_HEADER = "window_start,open,high,low,close,volume,quote_volume,trades,buy_volume,sell_volume,vwap";

    enum Format { table, csv, json }

    @Spec
    CommandSpec spec;

    @Mixin
    CassandraOptions cassandra;

    @Option(names = "--exchange", required = true, paramLabel = "NAME",
            description = "Exchange where the trades happened, as the exchange column stores it or as a venue's name, "
                    + "in any case, e.g. Coinbase or binance-futures.")
    String exchange;

    @Mixin
    MarketRangeOptions range;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--interval", paramLabel = "INTERVAL", defaultValue = "1m", converter = IntervalName.class,
            completionCandidates = IntervalNames.class,
            description = "Candle length: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CandleInterval interval;

    @Option(names = "--fill", description = "Also print the intervals without trades after the first traded one, as "
            + "venues do: open, high, low and close at the previous close, zero volume and trades, no VWAP.")
    boolean fill;

    @Override
    public void run() {
        Market market;
        Instant start;
        Instant end;
        try {
            market = market(exchange, range.symbol);
            start = instant(range.from, "--from");
            end = instant(range.to, "--to");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!end.isAfter(start)) {
            throw new ParameterException(spec.commandLine(), "--to (" + end + ") must be after --from (" + start + ")");
        }
        CassandraSettings settings = Endpoints.resolveCassandra(cassandra.load(), System.err);
        List<Candle> candles;
        try (CqlSession session = CassandraSessions.open(settings)) {
            candles = new CandleSelection(market, interval, start, end, fill)
                    .read(new WindowQueries(session, settings), Instant.now());
        }
        System.out.print(switch (format) {
            case table -> candles.isEmpty() ? "No candles for " + market + " in [" + start + ", " + end + ").\n" : WindowTables.candles(candles);
            case csv -> csv(candles);
            case json -> json(candles);
        });
    }

    /** Reads {@code --interval} as venues name klines; a bad name is bad usage naming the flag. */
    static final class IntervalName implements ITypeConverter<CandleInterval> {
        @Override
        public CandleInterval convert(String value) {
            try {
                return CandleInterval.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The interval names for the help and the shell completion. */
    static final class IntervalNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(CandleInterval.values()).map(CandleInterval::label).iterator();
        }
    }

    /** The exchange as a venue's name or as stored, in any case, resolved through the venue registry. */
    static Market market(String exchange, String symbol) {
        return market(exchange, symbol, "--symbol");
    }

    /** Like {@link #market(String, String)}, for a symbol given by {@code option}. */
    static Market market(String exchange, String symbol, String option) {
        String[] parts = symbol.toUpperCase(Locale.ROOT).split("-");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(option + " must be BASE-QUOTE, e.g. BTC-USD; was '" + symbol + "'");
        }
        return new Market(Venues.exchangeName(exchange), parts[0], parts[1]);
    }

    /** The forms a user may type, the first that reads the text wins; no zone means UTC. */
    private static final List<Function<String, Instant>> INSTANT_FORMS = List.of(
            text -> OffsetDateTime.parse(text).toInstant(),
            text -> LocalDateTime.parse(text).toInstant(ZoneOffset.UTC),
            text -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());

    static Instant instant(String text, String option) {
        for (Function<String, Instant> form : INSTANT_FORMS) {
            try {
                return form.apply(text);
            } catch (DateTimeParseException notThisForm) {
                // the next form may read it
            }
        }
        throw new IllegalArgumentException(option + " must be ISO-8601, e.g. 2026-11-21T10:00:00Z, 2026-11-21T10:00Z, "
                + "2026-11-21T10:00 (UTC) or 2026-11-21; was '" + text + "'");
    }

    static String csv(List<Candle> candles) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (Candle c : candles) {
            out.append(String.join(",", WindowTables.iso(c.windowStart()), WindowTables.plain(c.open()),
                    WindowTables.plain(c.high()), WindowTables.plain(c.low()), WindowTables.plain(c.close()),
                    WindowTables.plain(c.volume()), WindowTables.plain(c.quoteVolume()), Long.toString(c.trades()),
                    WindowTables.plain(c.buyVolume()), WindowTables.plain(c.sellVolume()), WindowTables.plain(c.vwap())))
                    .append('\n');
        }
        return out.toString();
    }

    /** Decimals as JSON strings, so no reader turns them into doubles; an interval without trades has a null VWAP. */
    static String json(List<Candle> candles) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < candles.size(); i++) {
            Candle c = candles.get(i);
            out.append(i == 0 ? "\n" : ",\n").append(String.format(
                    "  {\"window_start\":\"%s\",\"open\":\"%s\",\"high\":\"%s\",\"low\":\"%s\",\"close\":\"%s\","
                            + "\"volume\":\"%s\",\"quote_volume\":\"%s\",\"trades\":%d,\"buy_volume\":\"%s\","
                            + "\"sell_volume\":\"%s\",\"vwap\":%s}",
                    WindowTables.iso(c.windowStart()), WindowTables.plain(c.open()), WindowTables.plain(c.high()),
                    WindowTables.plain(c.low()), WindowTables.plain(c.close()), WindowTables.plain(c.volume()),
                    WindowTables.plain(c.quoteVolume()), c.trades(), WindowTables.plain(c.buyVolume()),
                    WindowTables.plain(c.sellVolume()), c.vwap() == null ? "null" : "\"" + WindowTables.plain(c.vwap()) + "\""));
        }
        return out.append(candles.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
