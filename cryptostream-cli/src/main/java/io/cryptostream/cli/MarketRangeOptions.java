package io.cryptostream.cli;

import picocli.CommandLine.Option;

/** The market and the [from, to) range of the commands that read one market's candles. */
final class MarketRangeOptions {

    @Option(names = "--symbol", required = true, paramLabel = "BASE-QUOTE", description = "Market, e.g. BTC-USD.")
    String symbol;

    @Option(names = "--from", required = true, paramLabel = "ISO", description = "Start, e.g. 2026-11-21T10:00:00Z (UTC when no zone is given).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ISO", description = "End (exclusive), same forms as --from.")
    String to;
}
