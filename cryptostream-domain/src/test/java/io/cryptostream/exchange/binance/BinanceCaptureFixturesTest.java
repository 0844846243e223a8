package io.cryptostream.exchange.binance;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real Binance capture in the fixtures' ws folder, decoded line by line. Trade frames are counted
 * independently of the codec, by their event type in the raw text, and their ids and sides read by regex.
 */
class BinanceCaptureFixturesTest {

    private static final Pattern TRADE_EVENT = Pattern.compile("\"e\":\"(trade|aggTrade)\"");
    private static final Pattern SYMBOL = Pattern.compile("\"s\":\"([^\"]*)\"");
    private static final Pattern BUYER_IS_MAKER = Pattern.compile("\"m\":(true|false)");
    private static final Instant NO_RECEIVE_TIME = Instant.EPOCH;
    private static final Market SPOT_BTC = new Market("Binance", "BTC", "USDT");
    private static final Market FUTURES_BTC = new Market("BinanceFutures", "BTC", "USDT");

    /** What a capture decoded to, with the facts counted from the raw text next to it. */
    record Decoded(List<Trade> trades, Map<String, Integer> unhandled, int malformed, int frames,
                   int tradeFramesInText, int sellsInText) {
    }

    @Test
    void spotCaptureOfTheEighth() throws IOException {
        Decoded decoded = decode("ws/binance_hftbacktest/spot_btcusdt_20240808.gz", new BinanceCodec(BinanceVenue.SPOT));

        assertThat(decoded.frames()).isEqualTo(41_249);
        assertThat(decoded.tradeFramesInText()).isEqualTo(9_757);
        assertThat(decoded.trades()).hasSize(decoded.tradeFramesInText()).allSatisfy(t -> assertThat(t.market()).isEqualTo(SPOT_BTC));
        assertThat(decoded.unhandled()).isEqualTo(Map.of("bookTicker", 28_040, "depthUpdate", 3_451, "untyped", 1));
        assertThat(decoded.malformed()).isZero();
        assertTakerSidesFollowTheBuyerIsMakerFlag(decoded, 5_654);
        assertIdsHaveNoGap(decoded.trades(), 3_735_683_259L, 3_735_693_015L);

        Trade first = decoded.trades().get(0);
        assertThat(first).isEqualTo(Trade.of(SPOT_BTC, TakerSide.SELL, new BigDecimal("61837.63000000"),
                new BigDecimal("0.02000000"), "3735683259", Instant.ofEpochMilli(1_723_161_255_342L),
                Instant.ofEpochSecond(0, 1_723_161_254_087_896_568L)));
        assertThat(first.price().toPlainString()).as("the wire's 8 decimals are kept").isEqualTo("61837.63000000");
        Trade last = decoded.trades().get(decoded.trades().size() - 1);
        assertThat(last.price()).isEqualTo(new BigDecimal("61685.99000000"));
        assertThat(last.quantity()).isEqualTo(new BigDecimal("0.00140000"));
        assertThat(last.eventTime()).isEqualTo(Instant.ofEpochMilli(1_723_161_601_271L));
        assertReceiveClockRunsBehindTheExchange(decoded);
    }

    @Test
    void spotCaptureOfTheNinthContinuesTheIdsOfTheEighth() throws IOException {
        Decoded decoded = decode("ws/binance_hftbacktest/spot_btcusdt_20240809.gz", new BinanceCodec(BinanceVenue.SPOT));

        assertThat(decoded.frames()).isEqualTo(58_325);
        assertThat(decoded.tradeFramesInText()).isEqualTo(10_147);
        assertThat(decoded.trades()).hasSize(decoded.tradeFramesInText());
        assertThat(decoded.unhandled()).isEqualTo(Map.of("bookTicker", 45_134, "depthUpdate", 3_044));
        assertThat(decoded.malformed()).isZero();
        assertTakerSidesFollowTheBuyerIsMakerFlag(decoded, 5_157);
        assertIdsHaveNoGap(decoded.trades(), 3_735_693_016L, 3_735_703_162L);
        assertThat(decoded.trades().get(decoded.trades().size() - 1).side()).isEqualTo(TakerSide.BUY);
    }

    @Test
    void usdmFuturesCapture() throws IOException {
        Decoded decoded = decode("ws/binance_hftbacktest/usdm_btcusdt_20240808.gz", new BinanceCodec(BinanceVenue.USDM_FUTURES));

        assertThat(decoded.frames()).isEqualTo(93_954);
        assertThat(decoded.tradeFramesInText()).isEqualTo(21_313);
        assertThat(decoded.trades()).hasSize(decoded.tradeFramesInText()).allSatisfy(t -> assertThat(t.market()).isEqualTo(FUTURES_BTC));
        assertThat(decoded.unhandled()).isEqualTo(Map.of("bookTicker", 66_089, "depthUpdate", 6_551, "untyped", 1));
        assertThat(decoded.malformed()).isZero();
        assertTakerSidesFollowTheBuyerIsMakerFlag(decoded, 11_697);
        assertIdsHaveNoGap(decoded.trades(), 5_266_583_935L, 5_266_605_247L);
        assertThat(decoded.trades().get(0)).isEqualTo(Trade.of(FUTURES_BTC, TakerSide.BUY, new BigDecimal("61800.30"),
                new BigDecimal("0.006"), "5266583935", Instant.ofEpochMilli(1_723_161_256_322L),
                Instant.ofEpochSecond(0, 1_723_161_255_088_176_367L)));
        assertReceiveClockRunsBehindTheExchange(decoded);
    }

    @Test
    void cryptofeedSpotCaptureWithAggregateTrades() throws IOException {
        Decoded decoded = decode("ws/cryptofeed/BINANCE.ws.1.0", new BinanceCodec(BinanceVenue.SPOT));

        assertThat(decoded.tradeFramesInText()).isEqualTo(2);
        assertThat(decoded.trades()).hasSize(2);
        assertThat(decoded.unhandled()).isEqualTo(Map.of("depthUpdate", 177, "bookTicker", 84, "kline", 2));
        assertThat(decoded.malformed()).isZero();
        assertTakerSidesFollowTheBuyerIsMakerFlag(decoded, 0);
        assertThat(decoded.trades().get(0)).isEqualTo(Trade.of(new Market("Binance", "NKN", "USDT"), TakerSide.BUY,
                new BigDecimal("0.35280000"), new BigDecimal("58.00000000"), "15683430",
                Instant.ofEpochMilli(1_633_998_523_963L), Instant.parse("2021-10-12T00:28:43.957215Z")));
        assertThat(decoded.trades().get(1).market()).isEqualTo(new Market("Binance", "LRC", "BTC"));
        assertThat(decoded.trades().get(1).price().toPlainString()).isEqualTo("0.00000638");
    }

    @Test
    void cryptofeedBinanceUsCaptureUnderItsOwnExchangeName() throws IOException {
        Decoded decoded = decode("ws/cryptofeed/BINANCE_US.ws.1.0", new BinanceCodec("BinanceUS", List.of()));

        assertThat(decoded.tradeFramesInText()).isEqualTo(11);
        assertThat(decoded.trades()).hasSize(11)
                .allSatisfy(t -> assertThat(t.market()).isEqualTo(new Market("BinanceUS", "OMG", "BUSD")));
        assertThat(decoded.unhandled()).isEqualTo(Map.of("depthUpdate", 336, "bookTicker", 128, "kline", 5));
        assertThat(decoded.malformed()).isZero();
        assertTakerSidesFollowTheBuyerIsMakerFlag(decoded, 9);
        assertIdsHaveNoGap(decoded.trades(), 425_085L, 425_095L);
    }

    /** Spot, USD-M, COIN-M and options samples in one file: only spot and USD-M pairs are trades of a BASE-QUOTE market. */
    @Test
    void cryptoMsgParserSamplesOfEveryBinanceMarket() throws IOException {
        List<String> lines = Fixtures.lines("ws/crypto-msg-parser/binance.jsonl");
        BinanceCodec codec = new BinanceCodec(BinanceVenue.USDM_FUTURES);
        List<FeedEvent> events = new ArrayList<>();
        int pairTradesInText = 0;
        for (String line : lines) {
            CaptureLine.Frame frame = (CaptureLine.Frame) CaptureLine.parse(line);
            assertThat(frame.receivedAt()).isEmpty();
            events.add(codec.decode(frame.frame(), NO_RECEIVE_TIME));
            Matcher symbol = SYMBOL.matcher(line);
            if (TRADE_EVENT.matcher(line).find() && symbol.find() && !symbol.group(1).contains("_")) {
                pairTradesInText++;
            }
        }

        List<Trade> trades = events.stream().filter(FeedEvent.Trades.class::isInstance)
                .flatMap(e -> ((FeedEvent.Trades) e).trades().stream()).toList();
        assertThat(pairTradesInText).isEqualTo(2);
        assertThat(trades).hasSize(pairTradesInText);
        assertThat(trades).extracting(Trade::tradeId).containsExactly("640283266", "389551486");
        assertThat(trades.get(1).price().toPlainString()).isEqualTo("58665.00");
        assertThat(events).doesNotHaveAnyElementsOfTypes(FeedEvent.Malformed.class);
        assertThat(events).contains(new FeedEvent.Unhandled("aggTrade BTCUSD_210625"),
                new FeedEvent.Unhandled("aggTrade BTCUSDT_210625"), new FeedEvent.Unhandled("aggTrade BTCUSD_PERP"),
                new FeedEvent.Unhandled("trade_all"), new FeedEvent.Unhandled("!markPrice@arr"),
                new FeedEvent.Unhandled("24hrTicker"), new FeedEvent.Unhandled("kline"), new FeedEvent.Unhandled("untyped"));
        assertThat(events).hasSize(51);
    }

    private static void assertTakerSidesFollowTheBuyerIsMakerFlag(Decoded decoded, int sells) {
        assertThat(decoded.sellsInText()).isEqualTo(sells);
        assertThat(decoded.trades().stream().filter(t -> t.side() == TakerSide.SELL).count()).isEqualTo(sells);
        assertThat(decoded.trades()).noneMatch(t -> t.side() == TakerSide.UNKNOWN);
    }

    private static void assertIdsHaveNoGap(List<Trade> trades, long first, long last) {
        assertThat(Long.parseLong(trades.get(0).tradeId())).isEqualTo(first);
        for (int i = 1; i < trades.size(); i++) {
            assertThat(Long.parseLong(trades.get(i).tradeId()))
                    .as("id after %s", trades.get(i - 1).tradeId())
                    .isEqualTo(Long.parseLong(trades.get(i - 1).tradeId()) + 1);
        }
        assertThat(Long.parseLong(trades.get(trades.size() - 1).tradeId())).isEqualTo(last);
    }

    /**
     * hftbacktest's receive clock ran about 1.27 s behind Binance's publish time E, and the trade time T is up to
     * 0.2 s older than E: every trade was "received" 1.06 to 1.28 s before it happened. The codec keeps both times
     * as they are.
     */
    private static void assertReceiveClockRunsBehindTheExchange(Decoded decoded) {
        for (Trade trade : decoded.trades()) {
            long behindMillis = trade.eventTime().toEpochMilli() - trade.receiveTime().toEpochMilli();
            assertThat(behindMillis).as("trade %s", trade.tradeId()).isBetween(1_050L, 1_280L);
        }
    }

    private static Decoded decode(String fixture, ExchangeCodec codec) throws IOException {
        Path path = Fixtures.require(fixture);
        List<Trade> trades = new ArrayList<>();
        Map<String, Integer> unhandled = new TreeMap<>();
        int malformed = 0;
        int frames = 0;
        int tradeFramesInText = 0;
        int sellsInText = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fixture.endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(path)) : Files.newInputStream(path), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!(CaptureLine.parse(line) instanceof CaptureLine.Frame frame)) {
                    continue;
                }
                frames++;
                if (TRADE_EVENT.matcher(frame.frame()).find()) {
                    tradeFramesInText++;
                    Matcher maker = BUYER_IS_MAKER.matcher(frame.frame());
                    if (maker.find() && maker.group(1).equals("true")) {
                        sellsInText++;
                    }
                }
                FeedEvent event = codec.decode(frame.frame(), frame.receivedAt().orElse(NO_RECEIVE_TIME));
                if (event instanceof FeedEvent.Trades decoded) {
                    assertThat(decoded.trades()).hasSize(1);
                    trades.addAll(decoded.trades());
                } else if (event instanceof FeedEvent.Unhandled u) {
                    unhandled.merge(u.type(), 1, Integer::sum);
                } else if (event instanceof FeedEvent.Malformed) {
                    malformed++;
                } else {
                    throw new AssertionError("a market-data capture holds no control frame, but decoded " + event);
                }
            }
        }
        return new Decoded(trades, unhandled, malformed, frames, tradeFramesInText, sellsInText);
    }
}
