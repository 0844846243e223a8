package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Decoding;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoCompareCodecTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");
    private final CryptoCompareCodec codec = new CryptoCompareCodec();

    @Test
    void decodesEveryOfficialControlExample() {
        List<FeedEvent> events = Fixtures.lines("ws/cryptocompare/official_docs_control_examples.jsonl").stream()
                .map(line -> codec.decode(line, RECEIVED)).toList();

        assertThat(events).containsExactly(
                new FeedEvent.Welcome("STREAMERWELCOME"),
                new FeedEvent.Subscribed("0~Coinbase~ETH~BTC"),
                new FeedEvent.LoadComplete("All your valid subs have been loaded."),
                new FeedEvent.Unsubscribed("0~Coinbase~ETH~BTC", null),
                new FeedEvent.Unsubscribed("*", "Removed 1 subs."),
                new FeedEvent.Heartbeat(Instant.ofEpochMilli(1582817678330L)),
                new FeedEvent.Rejected(401, "UNAUTHORIZED",
                        "We only support JSON format with a valid api_key. (parameter: format)"));
    }

    @Test
    void decodesTheLiveCaptureIncludingSpacedJsonAndTickersAsUnhandled() {
        List<FeedEvent> events = Fixtures.lines("ws/cryptocompare/ptracker_captured_2022-03-29.jsonl").stream()
                .map(line -> codec.decode(line, RECEIVED)).toList();

        assertThat(events).hasSize(6);
        assertThat(events.get(0)).isEqualTo(new FeedEvent.Welcome("STREAMERWELCOME"));
        assertThat(events.get(1)).isEqualTo(new FeedEvent.Unhandled("2"));
        assertThat(events.get(2)).isEqualTo(new FeedEvent.Unhandled("2"));
        assertThat(events.get(3)).isEqualTo(new FeedEvent.LoadComplete("All your valid subs have been loaded."));
        assertThat(events.get(4)).isEqualTo(new FeedEvent.Heartbeat(Instant.ofEpochMilli(1648585465285L)));
        assertThat(events.get(5)).isEqualTo(new FeedEvent.Unhandled("2"));
    }

    @Test
    void decodesTheDocumentedTradeWithExactDecimals() {
        String frame = "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"2\",\"ID\":\"12345678\","
                + "\"TS\":1593768260,\"Q\":0.01,\"P\":32500.12,\"TOTAL\":325.0012,\"RTS\":1593768260,\"CCSEQ\":987654321}";

        FeedEvent event = codec.decode(frame, RECEIVED);

        Trade expected = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.BUY, new BigDecimal("32500.12"),
                new BigDecimal("0.01"), "12345678", Instant.ofEpochSecond(1593768260), RECEIVED);
        assertThat(event).isEqualTo(new FeedEvent.Trades(List.of(expected)));
        assertThat(expected.quoteVolume()).isEqualByComparingTo("325.0012");
    }

    @Test
    void readsFlagsIdAndTimesAsStringsOrNumbersWithNanoseconds() {
        String frame = "{\"TYPE\":\"0\",\"M\":\"Binance\",\"FSYM\":\"BTC\",\"TSYM\":\"USDT\",\"F\":9,\"ID\":777,"
                + "\"TS\":\"1593768260\",\"TSNS\":\"123456789\",\"Q\":\"1E-8\",\"P\":\"61837.63000000\"}";

        Trade trade = Decoding.trade(codec, frame, RECEIVED);

        assertThat(trade.side()).isEqualTo(TakerSide.SELL);
        assertThat(trade.tradeId()).isEqualTo("777");
        assertThat(trade.eventTime()).isEqualTo(Instant.ofEpochSecond(1593768260, 123456789));
        assertThat(trade.quantity()).isEqualByComparingTo("0.00000001");
        assertThat(trade.price().toPlainString()).isEqualTo("61837.63000000");
    }

    @Test
    void sideFollowsTheBitmask() {
        assertThat(sideOf("1")).isEqualTo(TakerSide.SELL);
        assertThat(sideOf("2")).isEqualTo(TakerSide.BUY);
        assertThat(sideOf("4")).isEqualTo(TakerSide.UNKNOWN);
        assertThat(sideOf("9")).isEqualTo(TakerSide.SELL);
        assertThat(sideOf("10")).isEqualTo(TakerSide.BUY);
    }

    @Test
    void errorsCarryTheirMessageValues() {
        assertThat(codec.decode("{\"TYPE\":\"429\",\"MESSAGE\":\"TOO_MANY_SOCKETS_MAX_1_PER_CLIENT\",\"INFO\":\"max 1\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(429, "TOO_MANY_SOCKETS_MAX_1_PER_CLIENT", "max 1"));
        assertThat(codec.decode("{\"TYPE\":\"500\",\"MESSAGE\":\"INVALID_SUB\",\"PARAMETER\":\"subs\",\"INFO\":\"bad\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(500, "INVALID_SUB", "bad (parameter: subs)"));
        assertThat(codec.decode("{\"TYPE\":\"500\",\"MESSAGE\":\"FORCE_DISCONNECT\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Rejected(500, "FORCE_DISCONNECT", null));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        assertThat(codec.decode("{\"MESSAGE\":\"x\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Malformed("no TYPE field", "{\"MESSAGE\":\"x\"}"));
        assertThat(codec.decode("{\"TYPE\":\"0\",\"M\":\"Coinbase\"}", RECEIVED))
                .isEqualTo(new FeedEvent.Malformed("trade without FSYM", "{\"TYPE\":\"0\",\"M\":\"Coinbase\"}"));
        Decoding.assertMalformed(codec, RECEIVED, List.of("{\"TYPE\":\"999\",\"TIMEMS\":\"soon\"}", "{\"TYPE\":\"999\",\"TIMEMS\":1.5}"));
    }

    private TakerSide sideOf(String flags) {
        String frame = "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"" + flags
                + "\",\"ID\":\"1\",\"TS\":1593768260,\"Q\":1,\"P\":1}";
        return Decoding.trade(codec, frame, RECEIVED).side();
    }
}
