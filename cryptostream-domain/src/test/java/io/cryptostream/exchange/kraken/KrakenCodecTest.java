package io.cryptostream.exchange.kraken;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Decoding;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class KrakenCodecTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");
    private static final String CRYPTOFEED = "ws/cryptofeed/KRAKEN.ws.48.0";
    private static final String CRYPTO_MSG_PARSER = "ws/crypto-msg-parser/kraken.jsonl";
    private static final String GOCRYPTOTRADER = "ws/gocryptotrader/kraken_wsAllTrades.json";
    private static final Market XMR_USD = new Market("Kraken", "XMR", "USD");
    private static final Market SC_EUR = new Market("Kraken", "SC", "EUR");
    private static final Market BTC_USD = new Market("Kraken", "BTC", "USD");

    /** A v1 trade frame, matched without the codec: {@code [id,[[...],...],"trade","BASE/QUOTE"]}. */
    private static final Pattern V1_TRADE_FRAME = Pattern.compile("^\\[\\d+,\\[(\\[.*])],\"trade\",\"[A-Z]+/[A-Z]+\"]$");
    /** One element of a v1 trade frame: six strings, side b or s. */
    private static final Pattern V1_TRADE_ELEMENT =
            Pattern.compile("\\[\"[0-9.]+\",\"[0-9.]+\",\"\\d+\\.\\d+\",\"([bs])\",\"[lm]\",\"[^\"]*\"]");

    private final KrakenCodec codec = new KrakenCodec();

    /** The received frames of a capture file with their receive times (a fixed time when the format has none). */
    private static List<CaptureLine.Frame> frames(String fixture) {
        List<CaptureLine.Frame> frames = new ArrayList<>();
        for (String line : Fixtures.lines(fixture)) {
            if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private List<FeedEvent> decodeAll(List<CaptureLine.Frame> frames) {
        List<FeedEvent> events = new ArrayList<>();
        for (CaptureLine.Frame frame : frames) {
            assertThatCode(() -> events.add(codec.decode(frame.frame(), frame.receivedAt().orElse(RECEIVED))))
                    .as("decoding %s", frame.frame()).doesNotThrowAnyException();
        }
        return events;
    }

    private static List<Trade> trades(List<FeedEvent> events) {
        return events.stream().filter(FeedEvent.Trades.class::isInstance)
                .flatMap(e -> ((FeedEvent.Trades) e).trades().stream()).toList();
    }

    /** Trade elements and their b/s side codes, counted by regex over the frames that look like v1 trades. */
    private static List<String> sideCodesByRegex(List<CaptureLine.Frame> frames) {
        List<String> sides = new ArrayList<>();
        for (CaptureLine.Frame frame : frames) {
            Matcher tradeFrame = V1_TRADE_FRAME.matcher(frame.frame());
            if (tradeFrame.matches()) {
                Matcher element = V1_TRADE_ELEMENT.matcher(tradeFrame.group(1));
                while (element.find()) {
                    sides.add(element.group(1));
                }
            }
        }
        return sides;
    }

    @Test
    void decodesEveryLineOfTheCryptofeedCapture() {
        List<String> lines = Fixtures.lines(CRYPTOFEED);
        List<CaptureLine.Frame> frames = frames(CRYPTOFEED);
        assertThat(lines).hasSize(51);
        assertThat(frames).as("connection marker and sent subscribe are not frames").hasSize(49);

        List<FeedEvent> events = decodeAll(frames);

        long tradeFrames = frames.stream().filter(f -> V1_TRADE_FRAME.matcher(f.frame()).matches()).count();
        List<String> sides = sideCodesByRegex(frames);
        assertThat(tradeFrames).isEqualTo(8);
        assertThat(sides).hasSize(10);
        assertThat(events.stream().filter(FeedEvent.Trades.class::isInstance).count()).isEqualTo(tradeFrames);
        List<Trade> trades = trades(events);
        assertThat(trades).hasSize(sides.size());
        assertThat(trades).extracting(Trade::side)
                .containsExactlyElementsOf(sides.stream().map(s -> s.equals("b") ? TakerSide.BUY : TakerSide.SELL).toList());
        assertThat(trades).extracting(Trade::market).containsOnly(XMR_USD, SC_EUR);
        assertThat(trades).extracting(Trade::tradeId).doesNotHaveDuplicates();

        Map<Class<?>, Long> byKind = events.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                FeedEvent.Trades.class, 8L, FeedEvent.Heartbeat.class, 30L, FeedEvent.Subscribed.class, 10L,
                FeedEvent.Welcome.class, 1L));
        assertThat(events.get(0)).isEqualTo(new FeedEvent.Welcome("status=online version=1.8.3 connectionID=18239578009413566319"));
        assertThat(events.get(1)).isEqualTo(new FeedEvent.Subscribed("trade:WAVES/EUR"));
        assertThat(events).filteredOn(FeedEvent.Subscribed.class::isInstance).extracting(e -> ((FeedEvent.Subscribed) e).channel())
                .contains("trade:XBT/CHF", "trade:KSM/XBT");
    }

    @Test
    void decodesTheTwoTradeFrameOfTheCryptofeedCaptureFieldByField() {
        CaptureLine.Frame frame = frames(CRYPTOFEED).stream()
                .filter(f -> f.frame().contains("1618678150.826417")).findFirst().orElseThrow();
        Instant receivedAt = frame.receivedAt().orElseThrow();
        assertThat(receivedAt).isEqualTo(Instant.ofEpochSecond(1618678150L, 856557100));

        FeedEvent event = codec.decode(frame.frame(), receivedAt);

        assertThat(event).isEqualTo(new FeedEvent.Trades(List.of(
                Trade.of(XMR_USD, TakerSide.SELL, new BigDecimal("354.04000000"), new BigDecimal("0.28245396"),
                        "1618678150.826417-s-354.04000000-0.28245396", Instant.ofEpochSecond(1618678150L, 826417000), receivedAt),
                Trade.of(XMR_USD, TakerSide.SELL, new BigDecimal("353.81000000"), new BigDecimal("1.71754604"),
                        "1618678150.827816-s-353.81000000-1.71754604", Instant.ofEpochSecond(1618678150L, 827816000), receivedAt))));
        Trade first = ((FeedEvent.Trades) event).trades().get(0);
        assertThat(first.price().toPlainString()).isEqualTo("354.04000000");
        assertThat(first.quoteVolume().toPlainString()).as("price × quantity, exact").isEqualTo("99.9999999984000000");
    }

    @Test
    void readsTheBuyTakerAndSmallPricesOfTheCryptofeedCapture() {
        List<Trade> trades = trades(decodeAll(frames(CRYPTOFEED)));
        Trade buy = trades.stream().filter(t -> t.tradeId().startsWith("1618678145.715785")).findFirst().orElseThrow();
        assertThat(buy.market()).isEqualTo(XMR_USD);
        assertThat(buy.side()).isEqualTo(TakerSide.BUY);
        assertThat(buy.price()).isEqualTo(new BigDecimal("354.55000000"));
        assertThat(buy.quantity()).isEqualTo(new BigDecimal("1.25690315"));
        assertThat(buy.receiveTime()).isEqualTo(Instant.ofEpochSecond(1618678145L, 744650000));

        Trade sc = trades.stream().filter(t -> t.tradeId().startsWith("1618678145.920708")).findFirst().orElseThrow();
        assertThat(sc.market()).isEqualTo(SC_EUR);
        assertThat(sc.side()).isEqualTo(TakerSide.SELL);
        assertThat(sc.price().toPlainString()).isEqualTo("0.042990");
        assertThat(sc.quantity().toPlainString()).isEqualTo("15979.71727919");
        assertThat(sc.eventTime()).isEqualTo(Instant.parse("2021-04-17T16:49:05.920708Z"));
    }

    @Test
    void decodesTheMixedCryptoMsgParserCaptureWithOnlyTheV1SpotTradeAsATrade() {
        List<CaptureLine.Frame> frames = frames(CRYPTO_MSG_PARSER);
        assertThat(frames).hasSize(21);

        List<FeedEvent> events = decodeAll(frames);

        List<String> sides = sideCodesByRegex(frames);
        assertThat(sides).containsExactly("b");
        assertThat(trades(events)).containsExactly(Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("57126.70000"),
                new BigDecimal("0.02063928"), "1616333924.737428-b-57126.70000-0.02063928",
                Instant.ofEpochSecond(1616333924L, 737428000), RECEIVED));
        assertThat(events.subList(1, events.size())).allSatisfy(e -> assertThat(e).isInstanceOf(FeedEvent.Unhandled.class));
        assertThat(events.stream().filter(FeedEvent.Unhandled.class::isInstance)
                .collect(Collectors.groupingBy(e -> ((FeedEvent.Unhandled) e).type(), Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "futures trade_snapshot", 2L, "futures trade", 2L, "book-25", 4L, "futures book_snapshot", 2L,
                        "futures book", 2L, "spread", 1L, "ohlc-1", 1L, "ticker", 1L, "futures ticker", 2L,
                        "object without channel, method or event", 3L));
    }

    @Test
    void decodesTheGoCryptoTraderCaptureOf2025() {
        List<CaptureLine.Frame> frames = frames(GOCRYPTOTRADER);
        List<String> sides = sideCodesByRegex(frames);
        assertThat(sides).containsExactly("b", "s");

        List<Trade> trades = trades(decodeAll(frames));

        assertThat(trades).hasSize(sides.size());
        assertThat(trades.get(0)).isEqualTo(Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("95873.80000"),
                new BigDecimal("0.00051182"), "1740353380.379186-b-95873.80000-0.00051182",
                Instant.parse("2025-02-23T23:29:40.379186Z"), RECEIVED));
        assertThat(trades.get(1).side()).isEqualTo(TakerSide.SELL);
        assertThat(trades.get(1).price()).isEqualTo(new BigDecimal("95940.90000"));
        assertThat(trades.get(1).eventTime()).isEqualTo(Instant.parse("2025-02-24T02:01:12.853682Z"));
    }

    @Test
    void decodesTheDocumentedV2TradeWithNumbersKeptExactly() {
        String frame = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\","
                + "\"price\":85772.4,\"qty\":0.00043721,\"ord_type\":\"limit\",\"trade_id\":110386729,"
                + "\"timestamp\":\"2026-10-06T18:14:44.947782Z\"}]}";

        FeedEvent event = codec.decode(frame, RECEIVED);

        Trade expected = Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("85772.4"), new BigDecimal("0.00043721"),
                "110386729", Instant.parse("2026-10-06T18:14:44.947782Z"), RECEIVED);
        assertThat(event).isEqualTo(new FeedEvent.Trades(List.of(expected)));
        assertThat(expected.quoteVolume().toPlainString()).isEqualTo("37.500551004");
    }

    @Test
    void aV2SnapshotIsOneEventWithEveryTradeInOrder() {
        String frame = "{\"channel\":\"trade\",\"type\":\"snapshot\",\"data\":["
                + "{\"symbol\":\"XDG/EUR\",\"side\":\"sell\",\"price\":0.1234567,\"qty\":1e3,\"ord_type\":\"market\","
                + "\"trade_id\":7,\"timestamp\":\"2026-10-06T18:14:44.000001Z\"},"
                + "{\"symbol\":\"DOGE/EUR\",\"side\":\"buy\",\"price\":\"0.1234568\",\"qty\":\"5\",\"ord_type\":\"limit\","
                + "\"trade_id\":8,\"timestamp\":\"2026-10-06T20:14:44.000002+02:00\"}]}";

        List<Trade> trades = ((FeedEvent.Trades) codec.decode(frame, RECEIVED)).trades();

        Market dogeEur = new Market("Kraken", "DOGE", "EUR");
        assertThat(trades).extracting(Trade::market).containsOnly(dogeEur);
        assertThat(trades).extracting(Trade::side).containsExactly(TakerSide.SELL, TakerSide.BUY);
        assertThat(trades).extracting(Trade::tradeId).containsExactly("7", "8");
        assertThat(trades.get(0).quantity()).isEqualByComparingTo("1000");
        assertThat(trades.get(0).price().toPlainString()).isEqualTo("0.1234567");
        assertThat(trades.get(1).eventTime()).isEqualTo(Instant.parse("2026-10-06T18:14:44.000002Z"));
        assertThat(codec.decode("{\"channel\":\"trade\",\"type\":\"snapshot\",\"data\":[]}", RECEIVED))
                .isEqualTo(new FeedEvent.Trades(List.of()));
    }

    @Test
    void identicalV1FillsInOneFrameGetDistinctIdsAndTheSameIdsWhenReplayed() {
        String element = "[\"100.0\",\"1.0\",\"1700000000.000001\",\"b\",\"l\",\"\"]";
        String frame = "[42,[" + element + "," + element + "],\"trade\",\"XBT/EUR\"]";

        Function<String, List<String>> ids = f -> ((FeedEvent.Trades) codec.decode(f, RECEIVED)).trades().stream()
                .map(Trade::tradeId).toList();

        assertThat(ids.apply(frame)).containsExactly("1700000000.000001-b-100.0-1.0", "1700000000.000001-b-100.0-1.0-2");
        assertThat(ids.apply(frame)).as("deterministic").isEqualTo(ids.apply(frame));
        assertThat(ids.apply("[42,[" + element + "],\"trade\",\"XBT/EUR\"]")).containsExactly("1700000000.000001-b-100.0-1.0");
    }

    @Test
    void mapsV2ControlFrames() {
        assertThat(codec.decode("{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":14949390454975033707,"
                + "\"system\":\"online\",\"version\":\"2.0.8\"}],\"type\":\"update\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Welcome("api_version=v2 connection_id=14949390454975033707 system=online version=2.0.8"));
        assertThat(codec.decode("{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"snapshot\":false,"
                + "\"symbol\":\"BTC/USD\"},\"success\":true,\"time_in\":\"2024-07-27T21:15:57.923475Z\","
                + "\"time_out\":\"2024-07-27T21:15:57.923542Z\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Subscribed("trade:BTC/USD"));
        assertThat(codec.decode("{\"method\":\"unsubscribe\",\"result\":{\"channel\":\"trade\",\"symbol\":\"BTC/USD\"},"
                + "\"success\":true}", RECEIVED))
                .isEqualTo(new FeedEvent.Unsubscribed("trade:BTC/USD", null));
        assertThat(codec.decode("{\"error\":\"Currency pair not supported XLM/GBP\",\"method\":\"subscribe\","
                + "\"success\":false,\"symbol\":\"XLM/GBP\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "Currency pair not supported XLM/GBP", "method subscribe, symbol XLM/GBP"));
        assertThat(codec.decode("{\"channel\":\"heartbeat\"}", RECEIVED)).isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(codec.decode("{\"method\":\"pong\",\"req_id\":1,\"time_in\":\"2024-07-27T21:15:57.923475Z\","
                + "\"time_out\":\"2024-07-27T21:15:57.923542Z\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Heartbeat(Instant.parse("2024-07-27T21:15:57.923542Z")));
        assertThat(codec.decode("{\"channel\":\"ticker\",\"type\":\"snapshot\",\"data\":[]}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("ticker"));
    }

    @Test
    void mapsV1ControlFrames() {
        assertThat(codec.decode("{\"event\":\"heartbeat\"}", RECEIVED)).isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(codec.decode("{\"event\":\"pong\",\"reqid\":42}", RECEIVED)).isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(codec.decode("{\"channelName\":\"trade\",\"event\":\"subscriptionStatus\",\"pair\":\"XMR/USD\","
                + "\"status\":\"unsubscribed\",\"subscription\":{\"name\":\"trade\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.Unsubscribed("trade:XMR/USD", null));
        assertThat(codec.decode("{\"errorMessage\":\"Currency pair not in ISO 4217-A3 format XBTUSD\","
                + "\"event\":\"subscriptionStatus\",\"pair\":\"XBTUSD\",\"status\":\"error\","
                + "\"subscription\":{\"name\":\"trade\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "Currency pair not in ISO 4217-A3 format XBTUSD", "subscription trade:XBTUSD"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        Decoding.assertMalformed(codec, RECEIVED, List.of(
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":{}}",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":1}]}",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"up\",\"price\":1,"
                        + "\"qty\":1,\"trade_id\":1,\"timestamp\":\"2026-10-06T18:14:44.947782Z\"}]}",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTCUSD\",\"side\":\"buy\",\"price\":1,"
                        + "\"qty\":1,\"trade_id\":1,\"timestamp\":\"2026-10-06T18:14:44.947782Z\"}]}",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":1,"
                        + "\"qty\":1,\"trade_id\":1,\"timestamp\":\"yesterday\"}]}",
                "[1,[[\"1.0\",\"lots\",\"1618678150.826417\",\"b\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]",
                "[1,[[\"1.0\",\"1.0\",\"1618678150.826417\",\"x\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]",
                "[1,[[\"1.0\",\"1.0\",\"1618678150.8264171234\",\"b\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]",
                "[1,[[\"1.0\",\"1.0\"]],\"trade\",\"XBT/USD\"]",
                "[1,[[\"1.0\",\"1.0\",\"1618678150.826417\",\"b\",\"l\",\"\"]],\"trade\",\"XBTUSD\"]"));
    }
}
