package io.cryptostream.exchange.coinbase;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Decoding;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CoinbaseCodecTest {

    private static final String CRYPTOFEED = "ws/cryptofeed/COINBASE.ws.28.0";
    private static final String MSG_PARSER = "ws/crypto-msg-parser/coinbase_pro.jsonl";
    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");
    /** Counted on the raw text, independently of the codec. */
    private static final Pattern TRADE_FRAME = Pattern.compile("\\{\"type\":\"(last_match|match)\",");
    private static final Pattern TYPE = Pattern.compile("^\\{\"type\":\"([a-z0-9_]+)\"");
    private static final Pattern TICKER = Pattern.compile(
            "\"type\":\"ticker\".*\"product_id\":\"([A-Z0-9-]+)\".*\"side\":\"(buy|sell)\".*\"trade_id\":(\\d+)");
    private static final Pattern MATCH = Pattern.compile(
            "\"type\":\"(?:last_)?match\",\"trade_id\":(\\d+),.*\"side\":\"(buy|sell)\".*\"product_id\":\"([A-Z0-9-]+)\"");

    private final CoinbaseCodec codec = new CoinbaseCodec();

    /** A received frame of a capture with what the codec made of it. */
    private record Decoded(CaptureLine.Frame line, FeedEvent event) {
    }

    private List<Decoded> decodeCapture(String fixture) throws IOException {
        List<Decoded> decoded = new ArrayList<>();
        for (String text : Files.readAllLines(Fixtures.require(fixture), StandardCharsets.UTF_8)) {
            if (CaptureLine.parse(text) instanceof CaptureLine.Frame frame) {
                decoded.add(new Decoded(frame, codec.decode(frame.frame(), frame.receivedAt().orElse(RECEIVED))));
            }
        }
        return decoded;
    }

    private static List<Trade> trades(List<Decoded> decoded) {
        return decoded.stream().map(Decoded::event).filter(FeedEvent.Trades.class::isInstance)
                .flatMap(e -> ((FeedEvent.Trades) e).trades().stream()).toList();
    }

    @Test
    void decodesEveryMatchOfTheCryptofeedCaptureAndNothingElseAsTrades() throws IOException {
        List<Decoded> decoded = decodeCapture(CRYPTOFEED);

        long tradeFrames = decoded.stream().filter(d -> TRADE_FRAME.matcher(d.line().frame()).lookingAt()).count();
        assertThat(tradeFrames).isEqualTo(107);
        assertThat(trades(decoded)).hasSize(107);
        for (Decoded d : decoded) {
            boolean tradeFrame = TRADE_FRAME.matcher(d.line().frame()).lookingAt();
            assertThat(d.event() instanceof FeedEvent.Trades trades && trades.trades().size() == 1)
                    .as("trade event iff match frame: %s", d.line().frame()).isEqualTo(tradeFrame);
        }
        Map<String, Long> byKind = decoded.stream().collect(Collectors.groupingBy(d -> kind(d.event()),
                LinkedHashMap::new, Collectors.counting()));
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Subscribed", 3L, "Trades", 107L, "Unhandled:ticker", 107L, "Unhandled:snapshot", 10L,
                "Unhandled:l2update", 9719L));
        assertThat(decoded).hasSize(9946);
    }

    @Test
    void everyFrameTypeOfTheCaptureIsCountedIndependently() throws IOException {
        Map<String, Long> byType = decodeCapture(CRYPTOFEED).stream()
                .map(d -> TYPE.matcher(d.line().frame()))
                .filter(Matcher::lookingAt)
                .collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of("subscriptions", 3L, "last_match", 10L,
                "match", 97L, "ticker", 107L, "snapshot", 10L, "l2update", 9719L));
    }

    @Test
    void decodesTheFirstMatchFieldByField() throws IOException {
        Trade trade = trades(decodeCapture(CRYPTOFEED)).stream()
                .filter(t -> t.tradeId().equals("280232")).findFirst().orElseThrow();

        // {"type":"match","trade_id":280232,...,"side":"sell","size":"985","price":"0.00001305","product_id":"SKL-BTC",
        //  "sequence":177100030,"time":"2021-04-17T16:43:37.089723Z"}, received at 1618677817.1295161
        assertThat(trade.exchange()).isEqualTo("Coinbase");
        assertThat(trade.market()).isEqualTo(new Market("Coinbase", "SKL", "BTC"));
        assertThat(trade.side()).as("a sell maker order was hit by a taker BUY").isEqualTo(TakerSide.BUY);
        assertThat(trade.price().toPlainString()).isEqualTo("0.00001305");
        assertThat(trade.quantity().toPlainString()).isEqualTo("985");
        assertThat(trade.quoteVolume()).isEqualByComparingTo("0.01285425");
        assertThat(trade.eventTime()).isEqualTo(Instant.parse("2021-04-17T16:43:37.089723Z"));
        assertThat(trade.receiveTime()).isEqualTo(Instant.ofEpochSecond(1618677817L, 129516100));
    }

    @Test
    void decodesLastMatchAsATradeWithMicroseconds() {
        String frame = "{\"type\":\"last_match\",\"trade_id\":82007,\"maker_order_id\":\"9d2861bd-1703-47f2-a7f4-7723565a7f5c\","
                + "\"taker_order_id\":\"dd068ce5-f175-4396-bae1-a1db56d209f5\",\"side\":\"buy\",\"size\":\"1008.2\","
                + "\"price\":\"0.5752\",\"product_id\":\"SKL-GBP\",\"sequence\":27883326,\"time\":\"2021-04-17T16:43:29.571587Z\"}";

        assertThat(codec.decode(frame, RECEIVED)).isEqualTo(new FeedEvent.Trades(List.of(Trade.of(
                new Market("Coinbase", "SKL", "GBP"), TakerSide.SELL, new BigDecimal("0.5752"), new BigDecimal("1008.2"),
                "82007", Instant.ofEpochSecond(1618677809L, 571587000), RECEIVED))));
    }

    @Test
    void takerSideIsOppositeTheMatchSideAsTheTickerOfTheSameTradeShows() throws IOException {
        Map<String, String> tickerSide = new HashMap<>();
        Map<String, String> matchSide = new HashMap<>();
        List<Decoded> decoded = decodeCapture(CRYPTOFEED);
        for (Decoded d : decoded) {
            Matcher ticker = TICKER.matcher(d.line().frame());
            if (ticker.find()) {
                tickerSide.put(ticker.group(1) + "/" + ticker.group(3), ticker.group(2));
            }
            Matcher match = MATCH.matcher(d.line().frame());
            if (match.find()) {
                matchSide.put(match.group(3) + "/" + match.group(1), match.group(2));
            }
        }
        assertThat(matchSide).hasSize(107);
        assertThat(tickerSide.keySet()).isEqualTo(matchSide.keySet());
        matchSide.forEach((trade, side) -> assertThat(tickerSide.get(trade)).as(trade).isNotEqualTo(side));

        for (Trade trade : trades(decoded)) {
            String ticker = tickerSide.get(trade.market().symbol() + "/" + trade.tradeId());
            assertThat(trade.side().name().toLowerCase()).as("decoded taker side of %s", trade.tradeId()).isEqualTo(ticker);
        }
    }

    @Test
    void tradeIdsGoUpByOnePerProductWithoutGaps() throws IOException {
        Map<Market, List<Long>> ids = trades(decodeCapture(CRYPTOFEED)).stream().collect(Collectors.groupingBy(
                Trade::market, LinkedHashMap::new, Collectors.mapping(t -> Long.parseLong(t.tradeId()), Collectors.toList())));

        assertThat(ids).hasSize(10);
        ids.forEach((market, list) -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i)).as("%s trade %d", market, i).isEqualTo(list.get(i - 1) + 1);
            }
        });
        assertThat(ids.get(new Market("Coinbase", "SKL", "USD"))).hasSize(53);
    }

    @Test
    void decodesTheCryptoMsgParserSamples() throws IOException {
        List<Decoded> decoded = decodeCapture(MSG_PARSER);
        long tradeFrames = decoded.stream().filter(d -> TRADE_FRAME.matcher(d.line().frame()).lookingAt()).count();

        assertThat(tradeFrames).isEqualTo(1);
        assertThat(trades(decoded)).containsExactly(Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.BUY,
                new BigDecimal("57786.82"), new BigDecimal("0.00031874"), "147587438",
                Instant.parse("2021-03-21T03:47:27.112041Z"), RECEIVED));
        assertThat(decoded.stream().map(d -> kind(d.event()))).containsExactly(
                "Trades", "Unhandled:snapshot", "Unhandled:l2update", "Unhandled:open", "Unhandled:ticker", "Malformed");
        assertThat(decoded.get(5).event()).isInstanceOfSatisfying(FeedEvent.Malformed.class,
                m -> assertThat(m.reason()).isEqualTo("no type field"));
    }

    @Test
    void subscriptionsListingChannelsIsSubscribedAndAnEmptyListIsEverythingGone() {
        assertThat(codec.decode("{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"matches\",\"product_ids\":"
                + "[\"BTC-USD\",\"ETH-USD\"]},{\"name\":\"heartbeat\",\"product_ids\":[\"BTC-USD\"]},\"status\"]}", RECEIVED))
                .isEqualTo(new FeedEvent.Subscribed("matches: BTC-USD, ETH-USD; heartbeat: BTC-USD; status"));
        assertThat(codec.decode("{\"type\":\"subscriptions\",\"channels\":[]}", RECEIVED))
                .isEqualTo(new FeedEvent.Unsubscribed("*", "no subscriptions left"));
    }

    @Test
    void heartbeatsAndErrorsAreControlEvents() {
        assertThat(codec.decode("{\"type\":\"heartbeat\",\"sequence\":90,\"last_trade_id\":20,\"product_id\":\"BTC-USD\","
                + "\"time\":\"2014-11-07T08:19:28.464459Z\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Heartbeat(Instant.parse("2014-11-07T08:19:28.464459Z")));
        assertThat(codec.decode("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"You need to "
                + "specify at least one product ID for channel heartbeat\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "Failed to subscribe",
                        "You need to specify at least one product ID for channel heartbeat"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        String good = "{\"type\":\"match\",\"trade_id\":1,\"side\":\"sell\",\"size\":\"1\",\"price\":\"2\",\"product_id\":\"BTC-USD\","
                + "\"time\":\"2021-04-17T16:43:37.089723Z\"}";
        assertThat(codec.decode(good, RECEIVED)).isInstanceOf(FeedEvent.Trades.class);
        Decoding.assertMalformed(codec, RECEIVED, List.of(
                good.replace("\"side\":\"sell\",", ""),
                good.replace("\"sell\"", "\"both\""),
                good.replace("BTC-USD", "BTCUSD"),
                good.replace("2021-04-17T16:43:37.089723Z", "yesterday"),
                "{\"type\":\"heartbeat\",\"time\":\"soon\"}",
                "{\"type\":\"subscriptions\",\"channels\":[{\"product_ids\":[\"BTC-USD\"]}]}",
                "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[{}]}]}"));
        assertThat(codec.decode(good.replace("\"side\":\"sell\",", ""), RECEIVED))
                .isEqualTo(new FeedEvent.Malformed("match without side", good.replace("\"side\":\"sell\",", "")));
    }

    private static String kind(FeedEvent event) {
        return event instanceof FeedEvent.Unhandled u ? "Unhandled:" + u.type() : event.getClass().getSimpleName();
    }
}
