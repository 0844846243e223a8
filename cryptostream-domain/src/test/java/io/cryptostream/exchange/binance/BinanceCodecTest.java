package io.cryptostream.exchange.binance;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Decoding;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BinanceCodecTest {

    private static final Instant RECEIVED = Instant.parse("2024-08-08T23:54:15.088176367Z");
    private final BinanceCodec spot = new BinanceCodec(BinanceVenue.SPOT);
    private final BinanceCodec futures = new BinanceCodec(BinanceVenue.USDM_FUTURES);

    @Test
    void decodesTheDocumentedSpotTradeExactly() {
        String frame = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\","
                + "\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";

        Trade expected = Trade.of(new Market("Binance", "BTC", "USDT"), TakerSide.SELL, new BigDecimal("61837.63000000"),
                new BigDecimal("0.02000000"), "3735683259", Instant.ofEpochMilli(1723161255342L), RECEIVED);
        assertThat(spot.decode(frame, RECEIVED)).isEqualTo(new FeedEvent.Trades(List.of(expected)));
        assertThat(expected.quoteVolume()).isEqualByComparingTo("1236.7526");
    }

    @Test
    void decodesTheDocumentedFuturesTradeAsBinanceFutures() {
        String frame = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161256322,\"T\":1723161256322,"
                + "\"s\":\"BTCUSDT\",\"t\":5266583935,\"p\":\"61800.30\",\"q\":\"0.006\",\"X\":\"MARKET\",\"m\":false}}";

        Trade trade = Decoding.trade(futures, frame, RECEIVED);

        assertThat(trade).isEqualTo(Trade.of(new Market("BinanceFutures", "BTC", "USDT"), TakerSide.BUY,
                new BigDecimal("61800.30"), new BigDecimal("0.006"), "5266583935", Instant.ofEpochMilli(1723161256322L),
                RECEIVED));
    }

    @Test
    void documentedNonMarketPrintsAreExcludedWithTheirIdAndAnUnknownExecutionTypeIsMalformed() {
        Market market = new Market("BinanceFutures", "BTC", "USDT");
        for (String[] print : List.of(new String[] {"INSURANCE_FUND", "61500.10", "0.120"},
                new String[] {"ADL", "62100.00", "0.004"}, new String[] {"NA", "0", "0"})) {
            String frame = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161256322,"
                    + "\"T\":1723161256322,\"s\":\"BTCUSDT\",\"t\":5266583936,\"p\":\"" + print[1] + "\",\"q\":\""
                    + print[2] + "\",\"X\":\"" + print[0] + "\",\"m\":false}}";

            assertThat(futures.decode(frame, RECEIVED)).as(print[0])
                    .isEqualTo(new FeedEvent.ExcludedTrade(market, "5266583936", print[0]));
        }
        String unknown = "{\"e\":\"trade\",\"E\":1723161256322,\"T\":1723161256322,\"s\":\"BTCUSDT\",\"t\":5266583937,"
                + "\"p\":\"61800.30\",\"q\":\"0.006\",\"X\":\"MARKEt\",\"m\":false}";
        assertThat(futures.decode(unknown, RECEIVED)).isInstanceOfSatisfying(FeedEvent.Malformed.class,
                malformed -> assertThat(malformed.reason()).isEqualTo("trade of unknown execution type X=MARKEt"));
    }

    @Test
    void buyerIsMakerMeansTheTakerSold() {
        assertThat(sideOf("true")).isEqualTo(TakerSide.SELL);
        assertThat(sideOf("false")).isEqualTo(TakerSide.BUY);
    }

    @Test
    void decodesRawStreamsAndAggregatesWithTheirOwnId() {
        String raw = "{\"e\":\"trade\",\"E\":1,\"s\":\"ETHBTC\",\"t\":7,\"p\":\"0.05\",\"q\":\"1.5\",\"b\":88,\"a\":99,"
                + "\"T\":1672515782136,\"m\":false,\"M\":true}";
        Trade trade = Decoding.trade(spot, raw, RECEIVED);
        assertThat(trade.market()).isEqualTo(new Market("Binance", "ETH", "BTC"));
        assertThat(trade.tradeId()).as("t, not the seller order id a").isEqualTo("7");

        String agg = "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1616202009196,\"a\":389551486,"
                + "\"s\":\"BTCUSDT\",\"p\":\"58665.00\",\"q\":\"0.043\",\"f\":621622993,\"l\":621622995,\"T\":1616202009188,\"m\":false}}";
        Trade aggregate = Decoding.trade(futures, agg, RECEIVED);
        assertThat(aggregate.tradeId()).isEqualTo("389551486");
        assertThat(aggregate.quantity().toPlainString()).isEqualTo("0.043");
        assertThat(aggregate.eventTime()).isEqualTo(Instant.ofEpochMilli(1616202009188L));
    }

    @Test
    void subscribedMarketsOverrideTheQuoteGuess() {
        Market arbUsd = new Market("BinanceUS", "ARB", "USD");
        BinanceCodec codec = new BinanceCodec("BinanceUS", List.of(arbUsd));
        String frame = "{\"e\":\"trade\",\"s\":\"ARBUSD\",\"t\":1,\"p\":\"1.1\",\"q\":\"2\",\"T\":1,\"m\":true}";

        assertThat(Decoding.trade(codec, frame, RECEIVED).market()).isEqualTo(arbUsd);
        assertThat(Decoding.trade(new BinanceCodec("BinanceUS", List.of()), frame, RECEIVED).market()).as("the documented guess without it").isEqualTo(new Market("BinanceUS", "AR", "BUSD"));
    }

    @Test
    void acknowledgementsByRequestId() {
        assertThat(spot.decode("{\"result\":null,\"id\":1}", RECEIVED)).isEqualTo(new FeedEvent.Subscribed("id 1"));
        assertThat(spot.decode("{\"result\":null,\"id\":2}", RECEIVED)).isEqualTo(new FeedEvent.Unsubscribed("id 2", null));
        assertThat(spot.decode("{\"result\":[\"btcusdt@trade\"],\"id\":3}", RECEIVED)).isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(spot.decode("{\"result\":[],\"id\":3}", RECEIVED)).isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(spot.decode("{\"result\":true,\"id\":4}", RECEIVED)).isEqualTo(new FeedEvent.Unhandled("result"));
    }

    @Test
    void errorsInBothShapesCarryCodeNameMessageAndRequestId() {
        assertThat(spot.decode("{\"code\":2,\"msg\":\"Invalid request: too many parameters\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(2, "INVALID_REQUEST", "Invalid request: too many parameters"));
        assertThat(spot.decode("{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 2\",\"id\":null}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(3, "INVALID_JSON", "Invalid JSON: expected value at line 1 column 2"));
        assertThat(spot.decode("{\"error\":{\"code\":0,\"msg\":\"Unknown property\"},\"id\":5}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(0, "UNKNOWN_PROPERTY", "Unknown property (request id 5)"));
        assertThat(spot.decode("{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\",\"id\":1}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(1, "INVALID_VALUE_TYPE", "Invalid value type: expected Boolean (request id 1)"));
        assertThat(spot.decode("{\"code\":-1,\"msg\":\"x\"}", RECEIVED)).isEqualTo(new FeedEvent.Rejected(-1, "ERROR", "x"));
    }

    @Test
    void serverShutdownAsksForAReconnectInEveryShape() {
        assertThat(spot.decode("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}", RECEIVED))
                .isEqualTo(new FeedEvent.ReconnectRequested("serverShutdown at 1770123456789"));
        assertThat(spot.decode("{\"e\":\"serverShutdown\",\"E\":1770123456789}", RECEIVED))
                .isInstanceOf(FeedEvent.ReconnectRequested.class);
        assertThat(spot.decode("{\"stream\":\"x\",\"data\":{\"e\":\"serverShutdown\"}}", RECEIVED))
                .isEqualTo(new FeedEvent.ReconnectRequested("serverShutdown"));
    }

    @Test
    void otherChannelsAreUnhandledByTypeOrChannel() {
        assertThat(spot.decode("{\"stream\":\"nknusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"NKNUSDT\",\"b\":\"0.35\","
                + "\"B\":\"6\",\"a\":\"0.36\",\"A\":\"3\"}}", RECEIVED)).isEqualTo(new FeedEvent.Unhandled("bookTicker"));
        assertThat(spot.decode("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"b\":[],\"a\":[]}}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("depthUpdate"));
        assertThat(spot.decode("{\"stream\":\"!markPrice@arr\",\"data\":[{\"e\":\"markPriceUpdate\"}]}", RECEIVED))
                .isEqualTo(new FeedEvent.Unhandled("!markPrice@arr"));
        assertThat(futures.decode("{\"e\":\"aggTrade\",\"a\":1,\"s\":\"BTCUSD_PERP\",\"p\":\"1\",\"q\":\"5\",\"T\":1,\"m\":true}", RECEIVED))
                .as("contract quantities are not base amounts").isEqualTo(new FeedEvent.Unhandled("aggTrade BTCUSD_PERP"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        String good = "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"2\",\"T\":1,\"m\":true}";
        assertThat(spot.decode(good, RECEIVED)).isInstanceOf(FeedEvent.Trades.class);
        Decoding.assertMalformed(spot, RECEIVED, List.of(
                good.replace("\"p\":\"1\",", ""),
                good.replace("\"s\":\"BTCUSDT\",", ""),
                good.replace("\"t\":1,", ""),
                good.replace("\"m\":true", "\"m\":\"yes\""),
                good.replace("\"t\":1", "\"t\":\"1\""),
                good.replace("\"T\":1", "\"T\":1.5"),
                good.replace("BTCUSDT", "FOOBAR"),
                "{\"code\":\"two\",\"msg\":\"x\"}"));
    }

    private TakerSide sideOf(String m) {
        String frame = "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"2\",\"T\":1,\"m\":" + m + "}";
        return Decoding.trade(spot, frame, RECEIVED).side();
    }
}
