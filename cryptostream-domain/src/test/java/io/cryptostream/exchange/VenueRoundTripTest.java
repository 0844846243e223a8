package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every registered venue's frame writer and codec are each other's inverse, and the registry names venues once. */
class VenueRoundTripTest {

    private static final Instant EVENT = Instant.parse("2026-11-21T05:33:12.123456789Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-21T05:33:12.987654321Z");

    static List<Venue> venues() {
        return Venues.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_written_trade_decodes_to_the_trade_as_reported(Venue venue) {
        FrameWriter writer = venue.frames().get();
        ExchangeCodec codec = venue.codec().get();
        for (Trade trade : trades(venue)) {
            Trade reported = writer.asReported(trade);
            String frame = writer.tradeFrame(reported);

            FeedEvent event = codec.decode(frame, reported.receiveTime());

            assertThat(event).as("%s decoding %s", venue, frame).isInstanceOf(FeedEvent.Trades.class);
            assertThat(((FeedEvent.Trades) event).trades()).as(frame).containsExactly(reported);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void reported_trades_keep_market_price_quantity_and_id(Venue venue) {
        FrameWriter writer = venue.frames().get();
        for (Trade trade : trades(venue)) {
            Trade reported = writer.asReported(trade);
            assertThat(reported.market()).isEqualTo(trade.market());
            assertThat(reported.price()).isEqualByComparingTo(trade.price());
            assertThat(reported.quantity()).isEqualByComparingTo(trade.quantity());
            assertThat(reported.tradeId()).isEqualTo(trade.tradeId());
            assertThat(writer.asReported(reported)).as("reporting twice changes nothing").isEqualTo(reported);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_venue_that_carries_orders_writes_orders_its_codec_reads_back(Venue venue) {
        FrameWriter writer = venue.frames().get();
        assertThat(writer.writesOrders()).isEqualTo(venue.carriesOrders());
        if (!venue.carriesOrders()) {
            return;
        }
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        ExchangeCodec codec = venue.codec().get();
        for (OrderAction action : OrderAction.values()) {
            OrderEvent order = new OrderEvent(market.exchange(), market.base(), market.quote(), OrderSide.SELL, action,
                    "1496011283275781", new BigDecimal("31483.1"), new BigDecimal("0.00000001"),
                    Instant.parse("2026-11-21T05:33:12.123456Z"), RECEIVED);

            FeedEvent event = codec.decode(writer.orderFrame(order), RECEIVED);

            assertThat(event).isInstanceOf(FeedEvent.Orders.class);
            assertThat(((FeedEvent.Orders) event).orders()).containsExactly(order);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void a_venue_is_found_by_its_name_in_any_case_and_its_rows_by_that_name(Venue venue) {
        assertThat(Venues.byName(venue.name().toUpperCase(Locale.ROOT))).contains(venue);
        venue.exchange().ifPresent(exchange -> {
            assertThat(Venues.exchangeName(venue.name().toUpperCase(Locale.ROOT))).isEqualTo(exchange);
            assertThat(Venues.exchangeName(exchange.toLowerCase(Locale.ROOT))).isEqualTo(exchange);
            assertThat(venue.markets(venue.defaultMarkets())).allSatisfy(m -> assertThat(m.exchange()).isEqualTo(exchange));
        });
    }

    @Test
    void every_venue_has_its_own_name() {
        Set<String> names = new HashSet<>();
        assertThat(Venues.all()).allSatisfy(venue -> assertThat(names.add(venue.name())).as(venue.name()).isTrue());
    }

    @Test
    void names_no_venue_writes_are_kept_as_typed() {
        assertThat(Venues.exchangeName("Gemini")).isEqualTo("Gemini");
        assertThat(Venues.exchangeName("binance-futures")).isEqualTo("BinanceFutures");
        assertThat(Venues.exchangeName("BINANCE")).isEqualTo("Binance");
    }

    @Test
    void an_unknown_venue_is_refused_with_the_names_to_use() {
        assertThatThrownBy(() -> Venues.named("binanse"))
                .hasMessageContaining("binanse").hasMessageContaining("binance-futures").hasMessageContaining("kraken");
    }

    /** Both known taker sides and the unknown one, scales from whole to 12 digits, ids a venue can write. */
    private static List<Trade> trades(Venue venue) {
        List<Market> markets = venue.markets(venue.defaultMarkets());
        List<Trade> trades = new ArrayList<>();
        String[][] amounts = {{"61837.63", "0.02"}, {"0.000012345678", "1500000"}, {"3805", "0.00000001"}};
        long id = 216_000_477;
        for (Market market : markets) {
            for (TakerSide side : TakerSide.values()) {
                for (String[] amount : amounts) {
                    trades.add(Trade.of(market, side, new BigDecimal(amount[0]), new BigDecimal(amount[1]),
                            Long.toString(id++), EVENT, RECEIVED));
                }
            }
        }
        return trades;
    }
}
