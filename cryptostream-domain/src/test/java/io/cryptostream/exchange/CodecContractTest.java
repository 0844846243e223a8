package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every registered venue's codec promises, whatever the venue: bad frames are reported, unknown ones ignored, numbers kept. */
class CodecContractTest {

    private static final Instant EVENT = Instant.parse("2026-11-21T10:00:00.123456Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00.123Z");

    /** One well-formed message of a kind each venue's codec does not handle, and the name it is counted under. */
    private static final Map<String, Map.Entry<String, String>> UNKNOWN_MESSAGES = Map.of(
            "cryptocompare", Map.entry("{\"TYPE\":\"24\",\"MESSAGE\":\"OHLC\"}", "24"),
            "bitstamp", Map.entry("{\"event\":\"bts:something_new\",\"channel\":\"\",\"data\":{}}", "bts:something_new"),
            "coinbase", Map.entry("{\"type\":\"status\",\"products\":[]}", "status"),
            "coinbase-advanced", Map.entry("{\"channel\":\"l2_data\",\"events\":[]}", "l2_data"),
            "binance", Map.entry("{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}", "untyped"),
            "binance-futures", Map.entry("{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}", "untyped"),
            "kraken", Map.entry("{\"channel\":\"book\",\"type\":\"update\",\"data\":[]}", "book"));

    static List<Venue> venues() {
        return Venues.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void frames_that_are_not_json_are_counted_as_malformed_not_thrown(Venue venue) {
        Decoding.assertMalformed(venue.codec().get(), RECEIVED, List.of("not json", "", "42", "[1,2]", "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_cut_trade_frame_or_one_with_trailing_content_is_malformed(Venue venue) {
        String good = tradeFrame(venue, "1", "2");
        ExchangeCodec codec = venue.codec().get();
        assertThat(codec.decode(good, RECEIVED)).isInstanceOf(FeedEvent.Trades.class);

        Decoding.assertMalformed(codec, RECEIVED, List.of(good.substring(0, good.length() / 2),
                good.substring(0, good.length() - 1), good + " trailing", good + "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_trade_whose_price_or_quantity_is_no_positive_number_is_malformed(Venue venue) {
        FrameWriter writer = venue.frames().get();
        Trade reported = writer.asReported(buy(venue, "61837.63", "0.02345"));
        String price = reported.price().toPlainString();
        String quantity = reported.quantity().toPlainString();
        String good = writer.tradeFrame(reported);

        Decoding.assertMalformed(venue.codec().get(), RECEIVED, List.of(
                good.replace(price, "0"), good.replace(price, "-" + price), good.replace(price, "cheap"),
                good.replace(quantity, "0"), good.replace(quantity, "-" + quantity), good.replace(quantity, "lots")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void unknown_message_types_are_unhandled_not_errors(Venue venue) {
        Map.Entry<String, String> unknown = UNKNOWN_MESSAGES.get(venue.name());
        assertThat(unknown).as("an unknown message of %s in this test", venue).isNotNull();

        assertThat(venue.codec().get().decode(unknown.getKey(), RECEIVED)).isEqualTo(new FeedEvent.Unhandled(unknown.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_trade_frames_numbers_are_kept_digit_for_digit(Venue venue) {
        FrameWriter writer = venue.frames().get();
        for (String[] numbers : new String[][]{{"61837.63000000", "0.02000000"}, {"0.000012345678", "1500000"},
                {"3805", "0.00000001"}}) {
            Trade reported = writer.asReported(buy(venue, numbers[0], numbers[1]));
            String price = reported.price().toPlainString();
            String quantity = reported.quantity().toPlainString();
            String frame = writer.tradeFrame(reported);
            assertThat(frame).contains(price, quantity);

            Trade trade = Decoding.trade(venue.codec().get(), frame, RECEIVED);

            assertThat(trade.price().toPlainString()).as(frame).isEqualTo(price);
            assertThat(trade.quantity().toPlainString()).as(frame).isEqualTo(quantity);
        }
    }

    @Test
    void every_unknown_message_belongs_to_a_registered_venue() {
        assertThat(Venues.names()).containsExactlyInAnyOrderElementsOf(UNKNOWN_MESSAGES.keySet());
    }

    /** The venue's own frame for a buy of {@code price} × {@code quantity}. */
    private static String tradeFrame(Venue venue, String price, String quantity) {
        FrameWriter writer = venue.frames().get();
        return writer.tradeFrame(writer.asReported(buy(venue, price, quantity)));
    }

    /** A buy of {@code price} × {@code quantity} in the venue's first default market. */
    private static Trade buy(Venue venue, String price, String quantity) {
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        return Trade.of(market, TakerSide.BUY, new BigDecimal(price), new BigDecimal(quantity), "216000477", EVENT, RECEIVED);
    }
}
