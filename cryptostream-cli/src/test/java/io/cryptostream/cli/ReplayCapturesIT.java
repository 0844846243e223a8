package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import io.cryptostream.store.Decimals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real capture in the fixtures' ws folder that holds trades, of every venue, replayed in ONE run through the
 * simulator, real ingest, real Kafka, real Spark and real Cassandra: the candles and window rows in Cassandra equal a
 * computation straight from the files, venues and pairs stay apart, and Bitstamp's live orders land in their table.
 */
class ReplayCapturesIT {

    private record Capture(String path, String source) {
    }

    private static final List<Capture> CAPTURES = List.of(
            new Capture("ws/binance_hftbacktest/spot_btcusdt_20240808.gz", "binance"),
            new Capture("ws/binance_hftbacktest/spot_btcusdt_20240809.gz", "binance"),
            new Capture("ws/binance_hftbacktest/usdm_btcusdt_20240808.gz", "binance-futures"),
            new Capture("ws/cryptofeed/BINANCE.ws.1.0", "binance"),
            new Capture("ws/cryptofeed/BINANCE_US.ws.1.0", "binance"),
            new Capture("ws/crypto-msg-parser/binance.jsonl", "binance"),
            new Capture("ws/cryptofeed/BITSTAMP.ws.1.0", "bitstamp"),
            new Capture("ws/crypto-msg-parser/bitstamp.jsonl", "bitstamp"),
            new Capture("ws/gocryptotrader/bitstamp_inline_test_messages.jsonl", "bitstamp"),
            new Capture("ws/cryptofeed/COINBASE.ws.28.0", "coinbase"),
            new Capture("ws/crypto-msg-parser/coinbase_pro.jsonl", "coinbase"),
            new Capture("ws/cryptofeed/KRAKEN.ws.48.0", "kraken"),
            new Capture("ws/crypto-msg-parser/kraken.jsonl", "kraken"),
            new Capture("ws/gocryptotrader/kraken_wsAllTrades.json", "kraken"));

    @Test
    void everyCaptureReplaysIntoExactCandlesWithVenuesAndPairsApart(@TempDir Path work) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay"));
        List<Trade> expected = new ArrayList<>();
        long orderEvents = 0;
        for (Capture capture : CAPTURES) {
            Path file = Fixtures.require(capture.path());
            args.add(file.toString());
            List<FeedEvent> events = decode(file, capture.source());
            events.stream().filter(FeedEvent.Trades.class::isInstance)
                    .forEach(event -> expected.addAll(((FeedEvent.Trades) event).trades()));
            orderEvents += events.stream().filter(FeedEvent.Orders.class::isInstance)
                    .mapToLong(event -> ((FeedEvent.Orders) event).orders().size()).sum();
        }
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "replay_" + Long.toHexString(System.nanoTime());
        args.addAll(List.of("--exchange", String.join(",", CAPTURES.stream().map(Capture::source).toList()),
                "--kafkabroker", servers.kafkaBootstrapServers(), "--cassandraurl", servers.cassandraHostPort(),
                "--keyspace", keyspace, "--work-dir", work.toString()));

        CommandOutput result = CommandOutput.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("Replay complete").contains("0 late trades dropped");
        assertThat(expected).hasSizeGreaterThan(41_000);
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(CassandraRows.candles(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(expected).candles());
            assertThat(CassandraRows.windows(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(expected).directionWindows());
            long stored = StreamSupport.stream(session.execute(
                            "SELECT created, changed, deleted FROM " + keyspace + ".order_flow_1m").spliterator(), false)
                    .mapToLong(row -> row.getLong("created") + row.getLong("changed") + row.getLong("deleted")).sum();
            assertThat(stored).as("Bitstamp order events in order_flow_1m").isEqualTo(orderEvents).isPositive();
            assertEqualsPublishedKlines(session, keyspace);
        }
    }

    /**
     * Binance's own 1-minute klines of BTCUSDT spot, as Binance publishes them (CSV: open time ms, open, high, low,
     * close, volume, close time, quote volume, trades, taker buy volume, ...), for the minutes the two spot captures
     * cover fully (23:55 to 00:04 UTC): every column the capture can rebuild must match digit for digit. The kline
     * file is not among the shared fixtures yet; this check runs as soon as it is there.
     */
    private static void assertEqualsPublishedKlines(CqlSession session, String keyspace) throws IOException {
        Path klines = Fixtures.root().resolve("klines/binance_spot_BTCUSDT_1m_2024-08-08T2355_2024-08-09T0004.csv");
        if (!Files.isRegularFile(klines)) {
            System.out.println("Published-kline comparison not run: " + klines + " is absent");
            return;
        }
        List<Candle> stored = CassandraRows.candles(session, keyspace).stream()
                .filter(c -> c.exchange().equals("Binance") && c.base().equals("BTC") && c.quote().equals("USDT")).toList();
        List<String> lines = Files.readAllLines(klines).stream().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0))).toList();
        assertThat(lines).hasSize(10);
        for (String line : lines) {
            String[] k = line.split(",");
            Instant start = Instant.ofEpochMilli(Long.parseLong(k[0]));
            Candle candle = stored.stream().filter(c -> c.windowStart().equals(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("no candle for " + start));
            assertThat(List.of(plain(candle.open()), plain(candle.high()), plain(candle.low()), plain(candle.close()),
                    plain(candle.volume()), plain(candle.quoteVolume()), Long.toString(candle.trades()),
                    plain(candle.buyVolume())))
                    .as("kline %s", start)
                    .isEqualTo(List.of(plain(k[1]), plain(k[2]), plain(k[3]), plain(k[4]), plain(k[5]), plain(k[7]), k[8],
                            plain(k[9])));
        }
    }

    private static String plain(String decimal) {
        return plain(new BigDecimal(decimal));
    }

    private static String plain(BigDecimal value) {
        return Decimals.canonical(value).toPlainString();
    }

    /** The Binance @trade frames of hftbacktest's captures, read with a plain JSON tree, independently of the codec. */
    @Test
    void theBinanceCodecAgreesWithAPlainReadingOfTheCapture() throws IOException {
        Path file = Fixtures.require("ws/binance_hftbacktest/spot_btcusdt_20240808.gz");
        ObjectMapper json = new ObjectMapper();
        List<Trade> plain = new ArrayList<>();
        try (BufferedReader reader = CaptureFiles.read(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode data = json.readTree(line.substring(line.indexOf(' ') + 1)).path("data");
                if (data.path("e").asText().equals("trade")) {
                    BigDecimal price = new BigDecimal(data.get("p").asText());
                    BigDecimal quantity = new BigDecimal(data.get("q").asText());
                    Instant time = Instant.ofEpochMilli(data.get("T").asLong());
                    plain.add(Trade.of(new Market("Binance", "BTC", "USDT"), data.get("m").asBoolean() ? TakerSide.SELL : TakerSide.BUY,
                            price, quantity, data.get("t").asText(), time, Instant.EPOCH));
                }
            }
        }
        List<Trade> decoded = decode(file, "binance").stream().filter(FeedEvent.Trades.class::isInstance)
                .flatMap(event -> ((FeedEvent.Trades) event).trades().stream())
                .map(t -> new Trade(t.exchange(), t.base(), t.quote(), t.side(), t.price(), t.quantity(), t.quoteVolume(),
                        t.tradeId(), t.eventTime(), Instant.EPOCH))
                .toList();
        assertThat(decoded).hasSize(9_757).isEqualTo(plain);
        assertThat(ReferenceAggregation.ofOneBatch(decoded).candles())
                .isEqualTo(ReferenceAggregation.ofOneBatch(plain).candles());
    }

    private static List<FeedEvent> decode(Path file, String source) throws IOException {
        var codec = Venues.named(source).codec().get();
        List<FeedEvent> events = new ArrayList<>();
        try (BufferedReader reader = CaptureFiles.read(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                    events.add(codec.decode(frame.frame(), frame.receivedAt().orElse(Instant.EPOCH)));
                }
            }
        }
        return events;
    }
}
