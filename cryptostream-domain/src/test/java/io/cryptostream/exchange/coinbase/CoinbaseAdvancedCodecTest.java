package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Decoding;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No capture of Advanced Trade exists among the fixtures; the frames are Coinbase's documented examples. */
class CoinbaseAdvancedCodecTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");
    private static final Market ETH_USD = new Market("Coinbase", "ETH", "USD");
    private final CoinbaseAdvancedCodec codec = new CoinbaseAdvancedCodec();

    @Test
    void decodesTheDocumentedUpdateFieldByField() {
        String frame = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2026-09-30T01:41:27.834Z\","
                + "\"sequence_num\":5,\"events\":[{\"type\":\"update\",\"trades\":[{\"product_id\":\"ETH-USD\","
                + "\"trade_id\":\"846149798\",\"price\":\"2668.35\",\"size\":\"0.03710506\","
                + "\"time\":\"2026-09-30T01:41:25.375232Z\",\"side\":\"SELL\"}]}]}";

        Trade trade = Decoding.trade(codec, frame, RECEIVED);

        assertThat(trade.market()).isEqualTo(ETH_USD);
        assertThat(trade.side()).isEqualTo(TakerSide.SELL);
        assertThat(trade.price().toPlainString()).isEqualTo("2668.35");
        assertThat(trade.quantity().toPlainString()).isEqualTo("0.03710506");
        assertThat(trade.quoteVolume()).isEqualByComparingTo("99.009286851");
        assertThat(trade.tradeId()).isEqualTo("846149798");
        assertThat(trade.eventTime()).isEqualTo(Instant.parse("2026-09-30T01:41:25.375232Z"));
        assertThat(trade.receiveTime()).isEqualTo(RECEIVED);
    }

    @Test
    void aSnapshotAndAnUpdateInOneFrameAreOneTradesEventInFrameOrder() {
        String frame = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2026-09-30T01:41:27.834Z\","
                + "\"sequence_num\":0,\"events\":[{\"type\":\"snapshot\",\"trades\":["
                + trade("11", "BTC-USD", "BUY") + "," + trade("10", "BTC-USD", "SELL") + "]},"
                + "{\"type\":\"update\",\"trades\":[" + trade("7", "ETH-EUR", "BUY") + "]}]}";

        List<Trade> trades = ((FeedEvent.Trades) codec.decode(frame, RECEIVED)).trades();

        assertThat(trades).extracting(Trade::tradeId).containsExactly("11", "10", "7");
        assertThat(trades).extracting(Trade::side).containsExactly(TakerSide.BUY, TakerSide.SELL, TakerSide.BUY);
        assertThat(trades.get(2).market()).isEqualTo(new Market("Coinbase", "ETH", "EUR"));
        assertThat(trades.get(0).eventTime()).isEqualTo(Instant.parse("2019-08-14T20:42:27.265Z"));
    }

    @Test
    void aSideOtherThanBuyOrSellIsUnknown() {
        String frame = "{\"channel\":\"market_trades\",\"events\":[{\"type\":\"update\",\"trades\":["
                + trade("1", "BTC-USD", "UNKNOWN_ORDER_SIDE") + "]}]}";
        assertThat(Decoding.trade(codec, frame, RECEIVED).side()).isEqualTo(TakerSide.UNKNOWN);
    }

    @Test
    void controlFrames() {
        assertThat(codec.decode("{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2026-04-07T14:30:10.000000Z\","
                + "\"sequence_num\":0,\"events\":[{\"current_time\":\"2026-04-07 14:30:10.000000000+00:00\","
                + "\"heartbeat_counter\":42}]}", RECEIVED))
                .isEqualTo(new FeedEvent.Heartbeat(Instant.parse("2026-04-07T14:30:10Z")));
        assertThat(codec.decode("{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":\"2026-08-08T12:00:00Z\","
                + "\"sequence_num\":1,\"events\":[{\"subscriptions\":{\"market_trades\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"heartbeats\":[\"heartbeats\"]}}]}", RECEIVED))
                .isEqualTo(new FeedEvent.Subscribed("market_trades: BTC-USD, ETH-USD; heartbeats: heartbeats"));
        assertThat(codec.decode("{\"channel\":\"subscriptions\",\"events\":[{\"subscriptions\":{}}]}", RECEIVED))
                .isEqualTo(new FeedEvent.Unsubscribed("*", "no subscriptions left"));
        assertThat(codec.decode("{\"type\":\"error\",\"message\":\"failure to subscribe\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "failure to subscribe", null));
        assertThat(codec.decode("{\"channel\":\"ticker\",\"events\":[{\"type\":\"update\",\"tickers\":[]}]}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("ticker"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        String good = "{\"channel\":\"market_trades\",\"events\":[{\"type\":\"update\",\"trades\":["
                + trade("1", "BTC-USD", "BUY") + "]}]}";
        assertThat(codec.decode(good, RECEIVED)).isInstanceOf(FeedEvent.Trades.class);
        Decoding.assertMalformed(codec, RECEIVED, List.of("{}",
                good.replace("\"price\":\"60000.01\",", ""),
                good.replace("BTC-USD", "BTCUSD"),
                good.replace("2019-08-14T20:42:27.265Z", "noon"),
                "{\"channel\":\"market_trades\",\"events\":[1]}",
                "{\"channel\":\"market_trades\",\"events\":[{\"trades\":[1]}]}",
                "{\"channel\":\"heartbeats\",\"timestamp\":\"later\"}",
                "{\"channel\":\"subscriptions\",\"events\":[{\"subscriptions\":{\"market_trades\":\"BTC-USD\"}}]}"));
        assertThat(codec.decode(good.replace("\"price\":\"60000.01\",", ""), RECEIVED))
                .isInstanceOfSatisfying(FeedEvent.Malformed.class,
                        m -> assertThat(m.reason()).isEqualTo("market_trades trade 0 without price"));
    }

    private static String trade(String id, String product, String side) {
        return "{\"trade_id\":\"" + id + "\",\"product_id\":\"" + product + "\",\"price\":\"60000.01\",\"size\":\"0.5\","
                + "\"side\":\"" + side + "\",\"time\":\"2019-08-14T20:42:27.265Z\"}";
    }
}
