package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venue;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameWriter;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * "Testex", a minimal JSON venue for the session hooks, described as every venue is: its ingest side is
 * {@link TestVenueProtocol}, its server side {@link TestVenueServerProtocol}. Frames (exchange implied, markets as
 * BASE-QUOTE):
 *
 * <pre>
 * client: {"op":"subscribe"|"unsubscribe","markets":["BTC-USD"]}   {"op":"ping"}
 * server: {"event":"welcome"|"heartbeat"|"pong"|"ticker"}   {"event":"subscribed"|"unsubscribed","market":"BTC-USD"}
 *         {"event":"reconnect","reason":"..."}
 *         {"event":"trade","market":..,"id":..,"side":..,"price":..,"qty":..,"time":..}
 *         {"event":"order","market":..,"id":..,"side":..,"action":..,"price":..,"amount":..,"time":..}
 * </pre>
 */
final class Testex {

    static final String EXCHANGE = "Testex";
    static final String PING = "{\"op\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Testex() {
    }

    /** Testex as described: greets, then takes one frame for all markets; hooks switched on as a test needs. */
    static Venue venue(Optional<String> clientPing, Optional<Duration> maxConnectionAge, Venue.TradeIds tradeIds) {
        return new Venue("testex", Optional.of(EXCHANGE), EXCHANGE, URI.create("ws://testex.invalid/ws"),
                List.of("BTC-USD"), false, new Venue.Liveness(Duration.ofSeconds(1), clientPing), tradeIds,
                maxConnectionAge, Venue.RateLimits.none(), true,
                Venue.Subscriptions.oneFrame(true, markets -> marketsFrame("subscribe", markets),
                        markets -> marketsFrame("unsubscribe", markets), List::size),
                () -> Testex::decode, Frames::new, Testex::market);
    }

    /** The venue with every hook off: no client pings, no connection age, trade ids unchecked. */
    static final Venue VENUE = venue(Optional.empty(), Optional.empty(), Venue.TradeIds.UNORDERED);

    static Market market(String symbol) {
        String[] baseQuote = symbol.split("-", 2);
        return new Market(EXCHANGE, baseQuote[0], baseQuote[1]);
    }

    static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (Exception e) {
            throw new IllegalArgumentException("Testex cannot parse " + frame, e);
        }
    }

    private static String marketsFrame(String op, List<Market> markets) {
        return JSON.createObjectNode().put("op", op).set("markets",
                JSON.valueToTree(markets.stream().map(Market::symbol).toList())).toString();
    }

    private static FeedEvent decode(String frame, Instant receivedAt) {
        JsonNode event;
        try {
            event = JSON.readTree(frame);
        } catch (Exception e) {
            return new FeedEvent.Malformed(e.getMessage(), frame);
        }
        String market = event.path("market").asText();
        return switch (event.path("event").asText()) {
            case "welcome" -> new FeedEvent.Welcome("");
            case "heartbeat", "pong" -> new FeedEvent.Heartbeat(null);
            case "subscribed" -> new FeedEvent.Subscribed(market);
            case "unsubscribed" -> new FeedEvent.Unsubscribed(market, "");
            case "reconnect" -> new FeedEvent.ReconnectRequested(event.path("reason").asText());
            case "trade" -> new FeedEvent.Trades(List.of(Trade.of(market(market),
                    TakerSide.valueOf(event.path("side").asText()), new BigDecimal(event.path("price").asText()),
                    new BigDecimal(event.path("qty").asText()), event.path("id").asText(),
                    Instant.parse(event.path("time").asText()), receivedAt)));
            case "order" -> {
                Market m = market(market);
                yield new FeedEvent.Orders(List.of(new OrderEvent(m.exchange(), m.base(), m.quote(),
                        OrderSide.valueOf(event.path("side").asText()),
                        OrderAction.valueOf(event.path("action").asText()), event.path("id").asText(),
                        new BigDecimal(event.path("price").asText()), new BigDecimal(event.path("amount").asText()),
                        Instant.parse(event.path("time").asText()), receivedAt)));
            }
            default -> new FeedEvent.Unhandled(event.path("event").asText());
        };
    }

    /** Trades and orders as Testex writes them, exactly as given. */
    private static final class Frames implements FrameWriter {

        @Override
        public Trade asReported(Trade trade) {
            return trade;
        }

        @Override
        public String tradeFrame(Trade trade) {
            return event("trade").put("market", trade.market().symbol()).put("id", trade.tradeId())
                    .put("side", trade.side().name()).put("price", trade.price().toPlainString())
                    .put("qty", trade.quantity().toPlainString()).put("time", trade.eventTime().toString()).toString();
        }

        @Override
        public boolean writesOrders() {
            return true;
        }

        @Override
        public String orderFrame(OrderEvent order) {
            return event("order").put("market", order.market().symbol()).put("id", order.orderId())
                    .put("side", order.side().name()).put("action", order.action().name())
                    .put("price", order.price().toPlainString()).put("amount", order.amount().toPlainString())
                    .put("time", order.eventTime().toString()).toString();
        }
    }
}
