package io.cryptostream.exchange.bitstamp;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BitstampCodecTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");
    private static final Market BTC_USD = new Market("Bitstamp", "BTC", "USD");
    private static final Market ETH_USD = new Market("Bitstamp", "ETH", "USD");
    /** Counted independently of the codec: a frame whose event is "trade" on a live_trades channel. */
    private static final Pattern TRADE_EVENT = Pattern.compile("\"event\"\\s*:\\s*\"trade\"");
    private static final Pattern LIVE_TRADES_CHANNEL = Pattern.compile("\"channel\"\\s*:\\s*\"live_trades_");
    private static final Pattern BUY_ORDER = Pattern.compile("\"buy_order_id\"\\s*:\\s*(\\d+)");
    private static final Pattern SELL_ORDER = Pattern.compile("\"sell_order_id\"\\s*:\\s*(\\d+)");

    private final BitstampCodec codec = new BitstampCodec();

    /** One decoded frame of a capture, with its text. */
    private record Decoded(String frame, FeedEvent event) {
    }

    private List<Decoded> decodeCapture(String fixture) {
        List<Decoded> decoded = new ArrayList<>();
        for (String line : Fixtures.lines(fixture)) {
            if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                decoded.add(new Decoded(frame.frame(), codec.decode(frame.frame(), frame.receivedAt().orElse(RECEIVED))));
            }
        }
        return decoded;
    }

    private static long tradeFrames(List<Decoded> decoded) {
        return decoded.stream().filter(d -> TRADE_EVENT.matcher(d.frame()).find()
                && LIVE_TRADES_CHANNEL.matcher(d.frame()).find()).count();
    }

    private static List<Trade> trades(List<Decoded> decoded) {
        return decoded.stream().map(Decoded::event).filter(FeedEvent.Trades.class::isInstance)
                .flatMap(e -> ((FeedEvent.Trades) e).trades().stream()).toList();
    }

    private static Map<String, Long> kinds(List<Decoded> decoded) {
        return decoded.stream().map(Decoded::event).collect(Collectors.groupingBy(
                e -> e instanceof FeedEvent.Unhandled u ? "Unhandled " + u.type() : e.getClass().getSimpleName(),
                Collectors.counting()));
    }

    @Test
    void cryptofeedCaptureDecodesEveryTradeAndAckAndLeavesBooksUnhandled() {
        List<String> lines = Fixtures.lines("ws/cryptofeed/BITSTAMP.ws.1.0");
        Map<String, Long> lineKinds = lines.stream().map(CaptureLine::parse).collect(Collectors.groupingBy(
                l -> l instanceof CaptureLine.NotAFrame n ? n.kind() : "frame", Collectors.counting()));
        assertThat(lineKinds).isEqualTo(Map.of("connection opened", 1L, "sent by the client", 20L, "frame", 747L));

        List<Decoded> decoded = decodeCapture("ws/cryptofeed/BITSTAMP.ws.1.0");

        assertThat(tradeFrames(decoded)).isEqualTo(10);
        assertThat(trades(decoded)).hasSize(10);
        assertThat(kinds(decoded)).isEqualTo(Map.of(
                "Trades", 10L, "Subscribed", 20L, "Unhandled data on diff_order_book", 717L));
        assertThat(decoded.stream().map(Decoded::event).filter(FeedEvent.Subscribed.class::isInstance)
                .map(e -> ((FeedEvent.Subscribed) e).channel()))
                .contains("diff_order_book_sgbeur", "live_trades_ethusd", "live_trades_usdteur", "live_trades_galaeur");
        assertThat(trades(decoded)).allSatisfy(trade -> assertThat(trade.market()).isEqualTo(ETH_USD));
        assertThat(trades(decoded)).extracting(Trade::tradeId).containsExactly("216000477", "216000484", "216000485",
                "216000500", "216000501", "216000502", "216000503", "216000504", "216000505", "216000506");
        assertThat(trades(decoded)).extracting(Trade::side).containsExactly(TakerSide.BUY, TakerSide.SELL,
                TakerSide.SELL, TakerSide.SELL, TakerSide.SELL, TakerSide.SELL, TakerSide.SELL, TakerSide.SELL,
                TakerSide.SELL, TakerSide.SELL);
    }

    @Test
    void cryptofeedTradesDecodeFieldByFieldWithTheCaptureReceiveTime() {
        List<Trade> trades = trades(decodeCapture("ws/cryptofeed/BITSTAMP.ws.1.0"));

        Trade first = trades.get(0);
        assertThat(first.exchange()).isEqualTo("Bitstamp");
        assertThat(first.base()).isEqualTo("ETH");
        assertThat(first.quote()).isEqualTo("USD");
        assertThat(first.side()).isEqualTo(TakerSide.BUY);
        assertThat(first.price().toPlainString()).isEqualTo("3805.44");
        assertThat(first.quantity().toPlainString()).isEqualTo("0.07920000");
        assertThat(first.quoteVolume()).isEqualByComparingTo("301.390848");
        assertThat(first.tradeId()).isEqualTo("216000477");
        assertThat(first.eventTime()).isEqualTo(Instant.ofEpochSecond(1641343699, 596_000_000));
        // The capture host's clock ran behind Bitstamp's: received 67 ms "before" the trade happened.
        assertThat(first.receiveTime()).isEqualTo(Instant.ofEpochSecond(1641343699, 529_292_000));

        Trade last = trades.get(9);
        assertThat(last.price().toPlainString()).as("price_str keeps the trailing zero the number drops")
                .isEqualTo("3800.80");
        assertThat(last.quantity().toPlainString()).isEqualTo("2.73248242");
        assertThat(last.eventTime()).isEqualTo(Instant.ofEpochSecond(1641343721, 269_000_000));
    }

    @Test
    void takerSideIsTypeAndAgreesWithTheNewerOrderIdOnEveryCapturedTrade() {
        List<Decoded> all = new ArrayList<>();
        all.addAll(decodeCapture("ws/cryptofeed/BITSTAMP.ws.1.0"));
        all.addAll(decodeCapture("ws/crypto-msg-parser/bitstamp.jsonl"));
        all.addAll(decodeCapture("ws/gocryptotrader/bitstamp_inline_test_messages.jsonl"));

        List<Decoded> tradeFrames = all.stream().filter(d -> d.event() instanceof FeedEvent.Trades).toList();
        assertThat(tradeFrames).hasSize(12);
        for (Decoded d : tradeFrames) {
            long buyOrder = Long.parseLong(group(BUY_ORDER, d.frame()));
            long sellOrder = Long.parseLong(group(SELL_ORDER, d.frame()));
            TakerSide newerOrder = buyOrder > sellOrder ? TakerSide.BUY : TakerSide.SELL;
            assertThat(((FeedEvent.Trades) d.event()).trades().get(0).side()).as(d.frame()).isEqualTo(newerOrder);
        }
    }

    @Test
    void cryptoMsgParserSamplesIncludingTheExponentAmount() {
        List<Decoded> decoded = decodeCapture("ws/crypto-msg-parser/bitstamp.jsonl");

        assertThat(decoded).hasSize(5);
        assertThat(tradeFrames(decoded)).isEqualTo(1);
        assertThat(trades(decoded)).hasSize(1);
        Trade trade = trades(decoded).get(0);
        assertThat(trade).isEqualTo(Trade.of(BTC_USD, TakerSide.BUY, new BigDecimal("57748.80"), new BigDecimal("1E-8"),
                "158457579", Instant.ofEpochSecond(1616297318, 187_000_000), RECEIVED));
        assertThat(trade.quantity()).isEqualByComparingTo("0.00000001");
        assertThat(trade.quoteVolume()).isEqualByComparingTo("0.000577488");

        assertThat(decoded.get(1).event()).isEqualTo(new FeedEvent.Unhandled("data on diff_order_book"));
        assertThat(decoded.get(2).event()).isEqualTo(new FeedEvent.Unhandled("data on order_book"));
        assertThat(decoded.get(3).event()).isEqualTo(new FeedEvent.Orders(List.of(new OrderEvent("Bitstamp", "BTC", "USD",
                OrderSide.BUY, OrderAction.CREATED, "1496011283275781", new BigDecimal("31483.10"),
                new BigDecimal("7.92010000"), Instant.ofEpochSecond(1654072104, 363_000_000), RECEIVED))));
        // A REST order-book snapshot, not a WebSocket frame: no envelope.
        assertThat(decoded.get(4).event()).isInstanceOfSatisfying(FeedEvent.Malformed.class,
                m -> assertThat(m.reason()).isEqualTo("no event field"));
    }

    @Test
    void gocryptotraderInlineMessagesTradeReconnectAndOrderWithoutIdStr() {
        List<Decoded> decoded = decodeCapture("ws/gocryptotrader/bitstamp_inline_test_messages.jsonl");

        assertThat(decoded).hasSize(3);
        assertThat(tradeFrames(decoded)).isEqualTo(1);
        assertThat(trades(decoded)).containsExactly(Trade.of(BTC_USD, TakerSide.SELL, new BigDecimal("9334.73"),
                new BigDecimal("0.00598803"), "104007706", Instant.ofEpochSecond(1580336751, 488_517_000), RECEIVED));
        assertThat(decoded.get(1).event()).isEqualTo(new FeedEvent.ReconnectRequested("bts:request_reconnect"));
        assertThat(decoded.get(2).event()).isEqualTo(new FeedEvent.Orders(List.of(new OrderEvent("Bitstamp", "BTC", "USD",
                OrderSide.BUY, OrderAction.CREATED, "4621332237", new BigDecimal("9350.49"), new BigDecimal("0.63470860"),
                Instant.ofEpochSecond(1580336940, 972_599_000), RECEIVED))));
    }

    @Test
    void privateMyOrdersAreUnhandledThoughTheirShapeIsReadable() {
        List<Decoded> decoded = decodeCapture("ws/gocryptotrader/bitstamp_wsMyOrders.json");
        List<String> events = decoded.stream().map(d -> group(Pattern.compile("\"event\":\"(\\w+)\""), d.frame())).toList();

        assertThat(decoded).hasSize(8);
        assertThat(tradeFrames(decoded)).isZero();
        assertThat(decoded).extracting(Decoded::event)
                .containsExactlyElementsOf(events.stream().map(e -> new FeedEvent.Unhandled(e + " on private-my_orders")).toList());

        // The same data on the public channel would decode: id_str, amount_str over the 1e-8 number, and the
        // market order's sentinel price 0 (why the private feed must not pass for book changes).
        String asPublic = decoded.get(4).frame().replace("private-my_orders_btcusd-314159", "live_orders_btcusd");
        assertThat(codec.decode(asPublic, RECEIVED)).isEqualTo(new FeedEvent.Orders(List.of(new OrderEvent("Bitstamp",
                "BTC", "USD", OrderSide.SELL, OrderAction.CHANGED, "1658870500933632", new BigDecimal("25854"),
                new BigDecimal("0.00000001"), Instant.ofEpochSecond(1693832655, 550_000_000), RECEIVED))));
        String marketSell = decoded.get(3).frame().replace("private-my_orders_btcusd-314159", "live_orders_btcusd");
        assertThat(((FeedEvent.Orders) codec.decode(marketSell, RECEIVED)).orders().get(0).price()).isZero();
    }

    @Test
    void controlEvents() {
        assertThat(codec.decode("{\"event\":\"bts:subscription_succeeded\",\"channel\":\"live_trades_btcusd\",\"data\":{}}", RECEIVED))
                .isEqualTo(new FeedEvent.Subscribed("live_trades_btcusd"));
        assertThat(codec.decode("{\"event\":\"bts:unsubscription_succeeded\",\"channel\":\"live_orders_btcusd\",\"data\":{}}", RECEIVED))
                .isEqualTo(new FeedEvent.Unsubscribed("live_orders_btcusd", null));
        assertThat(codec.decode("{\"event\":\"bts:heartbeat\",\"channel\":\"\",\"data\":{\"status\":\"success\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(codec.decode("{\"event\":\"bts:request_reconnect\",\"channel\":\"\",\"data\":null}", RECEIVED))
                .isEqualTo(new FeedEvent.ReconnectRequested("bts:request_reconnect"));
        assertThat(codec.decode("{\"event\":\"bts:error\",\"channel\":\"\",\"data\":{\"code\":4009,\"message\":\"Connection is unauthorized.\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(4009, "Connection is unauthorized.", null));
        assertThat(codec.decode("{\"event\":\"bts:error\",\"channel\":\"live_trades_xyz\",\"data\":{\"code\":null,\"message\":\"Bad subscription string.\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "Bad subscription string.", "channel live_trades_xyz"));
    }

    @Test
    void tradeNumbersWithoutStringTwinsAreReadFromTheirTokenText() {
        String frame = "{\"data\":{\"id\":7,\"amount\":1e-08,\"price\":57748.8,\"type\":1,\"timestamp\":\"1616297318\"},"
                + "\"channel\":\"live_trades_usdteur\",\"event\":\"trade\"}";

        Trade trade = Decoding.trade(codec, frame, RECEIVED);

        assertThat(trade.market()).isEqualTo(new Market("Bitstamp", "USDT", "EUR"));
        assertThat(trade.quantity()).isEqualTo(new BigDecimal("1e-08"));
        assertThat(trade.price().toPlainString()).isEqualTo("57748.8");
        assertThat(trade.eventTime()).as("seconds when there is no microtimestamp").isEqualTo(Instant.ofEpochSecond(1616297318));
        assertThat(sideOf("5")).isEqualTo(TakerSide.UNKNOWN);
        assertThat(sideOf("\"0\"")).isEqualTo(TakerSide.BUY);
    }

    @Test
    void perpetualTradesKeepTheirOwnMarket() {
        String frame = "{\"data\":{\"id\":9,\"amount_str\":\"0.5\",\"price_str\":\"60000\",\"type\":0,"
                + "\"microtimestamp\":\"1700000000000001\"},\"channel\":\"live_trades_btcusd-perp\",\"event\":\"trade\"}";

        Trade trade = Decoding.trade(codec, frame, RECEIVED);

        assertThat(trade.market()).isEqualTo(new Market("Bitstamp", "BTC", "USD-PERP"));
        assertThat(trade.eventTime()).isEqualTo(Instant.ofEpochSecond(1700000000, 1_000));
    }

    @Test
    void otherChannelsAndPrivateTradesAreUnhandled() {
        assertThat(codec.decode("{\"event\":\"trade\",\"channel\":\"private-my_trades_btcusd-1\",\"data\":{\"id\":1}}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("trade on private-my_trades"));
        assertThat(codec.decode("{\"event\":\"data\",\"channel\":\"detail_order_book_btcusd\",\"data\":{\"bids\":[[\"1\",\"2\"]]}}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("data on detail_order_book"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        Decoding.assertMalformed(codec, RECEIVED, List.of("{\"channel\":\"live_trades_btcusd\",\"data\":{}}"));
        assertThat(reason(trade("\"amount_str\":\"1\",\"price_str\":\"1\",\"type\":0,\"microtimestamp\":\"1\"")))
                .isEqualTo("trade without id");
        assertThat(reason(trade("\"id\":1,\"amount_str\":\"1\",\"price_str\":\"1\",\"microtimestamp\":\"1\"")))
                .isEqualTo("trade without type");
        assertThat(reason(trade("\"id\":1,\"amount_str\":\"1\",\"type\":0,\"microtimestamp\":\"1\"")))
                .isEqualTo("trade without price");
        assertThat(reason(trade("\"id\":1,\"amount_str\":\"1\",\"price_str\":\"1\",\"type\":0")))
                .isEqualTo("trade without microtimestamp");
        assertThat(reason(trade("\"id\":1,\"amount_str\":\"lots\",\"price_str\":\"1\",\"type\":0,\"microtimestamp\":\"1\"")))
                .startsWith("bad trade field");
        assertThat(reason(trade("\"id\":1,\"amount_str\":\"0\",\"price_str\":\"1\",\"type\":0,\"microtimestamp\":\"1\"")))
                .contains("quantity must be positive");
        assertThat(reason(codec.decode("{\"event\":\"trade\",\"channel\":\"live_trades_btcxyz\",\"data\":{\"id\":1,"
                + "\"amount_str\":\"1\",\"price_str\":\"1\",\"type\":0,\"microtimestamp\":\"1\"}}", RECEIVED)))
                .contains("not a Bitstamp pair");
        assertThat(reason(codec.decode("{\"event\":\"order_created\",\"channel\":\"live_orders_btcusd\",\"data\":{\"id\":1,"
                + "\"order_type\":2,\"amount_str\":\"1\",\"price_str\":\"1\",\"microtimestamp\":\"1\"}}", RECEIVED)))
                .isEqualTo("order_type must be 0 (bid) or 1 (ask), was 2");
    }

    @Test
    void orderActionsFollowTheEvent() {
        for (var expected : Map.of("order_created", OrderAction.CREATED, "order_changed", OrderAction.CHANGED,
                "order_deleted", OrderAction.DELETED).entrySet()) {
            String frame = "{\"data\":{\"id\":1658864794234880,\"order_type\":1,\"amount\":0.5,\"price\":25862,"
                    + "\"datetime\":\"1693831262\"},\"channel\":\"live_orders_ethbtc\",\"event\":\"" + expected.getKey() + "\"}";
            OrderEvent order = ((FeedEvent.Orders) codec.decode(frame, RECEIVED)).orders().get(0);
            assertThat(order.action()).isEqualTo(expected.getValue());
            assertThat(order.side()).isEqualTo(OrderSide.SELL);
            assertThat(order.market()).isEqualTo(new Market("Bitstamp", "ETH", "BTC"));
            assertThat(order.orderId()).isEqualTo("1658864794234880");
            assertThat(order.eventTime()).isEqualTo(Instant.ofEpochSecond(1693831262));
        }
    }

    private FeedEvent trade(String dataFields) {
        return codec.decode("{\"event\":\"trade\",\"channel\":\"live_trades_btcusd\",\"data\":{" + dataFields + "}}", RECEIVED);
    }

    private static String reason(FeedEvent event) {
        assertThat(event).isInstanceOf(FeedEvent.Malformed.class);
        return ((FeedEvent.Malformed) event).reason();
    }

    private TakerSide sideOf(String type) {
        return ((FeedEvent.Trades) trade("\"id\":1,\"amount_str\":\"1\",\"price_str\":\"1\",\"type\":" + type
                + ",\"microtimestamp\":\"1\"")).trades().get(0).side();
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return m.group(1);
    }
}
