package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name a user types for a venue, in any case, finds the rows a replay of that venue wrote: Binance spot and USD-M
 * futures trades of the same market, replayed together, come back apart under {@code binance} and
 * {@code binance-futures}; their 5-minute and filled candles are those computed straight from the trades.
 */
class ReplayThenCandlesIT {

    private static final Instant START = Instant.parse("2024-08-08T23:54:00Z");
    private static final Instant END = Instant.parse("2024-08-09T00:00:00Z");
    private static final int TRADES = 40;

    @Test
    void candlesOfAVenueAreFoundByTheNameItWasReplayedUnderInAnyCase(@TempDir Path work) throws Exception {
        Venue spot = Venues.named("binance");
        Venue futures = Venues.named("binance-futures");
        List<Trade> spotTrades = new ArrayList<>();
        List<Trade> futuresTrades = new ArrayList<>();
        Path spotFile = capture(work.resolve("spot.txt"), spot, "61837.63", spotTrades);
        Path futuresFile = capture(work.resolve("usdm.txt"), futures, "61800.3", futuresTrades);
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "names_" + Long.toHexString(System.nanoTime());

        CommandOutput replay = CommandOutput.run("replay", spotFile.toString(), futuresFile.toString(),
                "--exchange", "Binance,BINANCE-FUTURES", "--kafkabroker", servers.kafkaBootstrapServers(),
                "--cassandraurl", servers.cassandraHostPort(), "--keyspace", keyspace, "--work-dir", work.toString());

        assertThat(replay.exitCode()).as(replay.err() + replay.out()).isZero();
        assertThat(candles("Binance-Futures", servers, keyspace, work)).isEqualTo(expected(futuresTrades));
        assertThat(candles("binancefutures", servers, keyspace, work)).isEqualTo(expected(futuresTrades));
        assertThat(candles("BINANCE", servers, keyspace, work)).isEqualTo(expected(spotTrades));
        assertThat(candles("binance-futures", servers, keyspace, work, "--interval", "5m"))
                .isEqualTo(csvWithoutVwap(ReferenceAggregation.ofOneBatch(futuresTrades, Duration.ofMinutes(5)).candles()));
        assertThat(candles("binance-futures", servers, keyspace, work, "--interval", "1m", "--fill"))
                .isEqualTo(csvWithoutVwap(ReferenceAggregation.ofOneBatch(futuresTrades).filledCandles(END)));
    }

    /** A capture of {@code venue}'s trade frames as its frame writer writes them, one receive time each. */
    private static Path capture(Path file, Venue venue, String price, List<Trade> written) throws IOException {
        FrameWriter writer = venue.frames().get();
        Market market = venue.markets(List.of("BTCUSDT")).get(0);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            Instant at = START.plus(i * 4_500L, ChronoUnit.MILLIS);
            Trade trade = writer.asReported(Trade.of(market, i % 3 == 0 ? TakerSide.SELL : TakerSide.BUY,
                    new BigDecimal(price).add(BigDecimal.valueOf(i)), new BigDecimal("0.0" + (i + 1)),
                    Long.toString(5_266_583_935L + i), at, at.plusMillis(40)));
            written.add(trade);
            long receivedNanos = trade.receiveTime().getEpochSecond() * 1_000_000_000L + trade.receiveTime().getNano();
            lines.add(receivedNanos + " " + writer.tradeFrame(trade));
        }
        return Files.write(file, lines);
    }

    /** The CSV candles without the VWAP column, whose digits the oracle does not fix. */
    private static List<String> candles(String exchange, ServerEndpoints servers, String keyspace, Path work,
                                        String... interval) {
        List<String> args = new ArrayList<>(List.of("candles", "--exchange", exchange, "--symbol", "btc-usdt",
                "--from", "2024-08-08T23:50:00Z", "--to", END.toString(), "--format", "csv",
                "--cassandraurl", servers.cassandraHostPort(), "--keyspace", keyspace, "--work-dir", work.toString()));
        args.addAll(Arrays.asList(interval));
        CommandOutput out = CommandOutput.run(args.toArray(String[]::new));
        assertThat(out.exitCode()).as(out.err()).isZero();
        return out.out().lines().skip(1).map(ReplayThenCandlesIT::withoutVwap).toList();
    }

    private static List<String> expected(List<Trade> trades) {
        return csvWithoutVwap(ReferenceAggregation.ofOneBatch(trades).candles());
    }

    private static List<String> csvWithoutVwap(List<Candle> candles) {
        return candles.stream()
                .map(c -> String.join(",", c.windowStart().toString(), WindowTables.plain(c.open()),
                        WindowTables.plain(c.high()), WindowTables.plain(c.low()), WindowTables.plain(c.close()),
                        WindowTables.plain(c.volume()), WindowTables.plain(c.quoteVolume()), Long.toString(c.trades()),
                        WindowTables.plain(c.buyVolume()), WindowTables.plain(c.sellVolume())))
                .sorted().toList();
    }

    private static String withoutVwap(String line) {
        String[] cells = line.split(",", -1);
        return String.join(",", Arrays.copyOf(cells, cells.length - 1));
    }
}
