package io.cryptostream.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.bitstamp.BitstampChannel;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Bitstamp WebSocket API v2 ({@code wss://ws.bitstamp.net}, path {@code /}; docs/venues.md):
 * public, so no credential and no greeting; one {@code bts:subscribe}/{@code bts:unsubscribe} per channel, each
 * acknowledged by {@code bts:(un)subscription_succeeded}; {@code live_trades_<pair>} trades and
 * {@code live_orders_<pair>} order changes in the venue's JSON shape; heartbeats only in answer to the client's
 * {@code bts:heartbeat}; {@code bts:error} for bad requests and {@code bts:request_reconnect} before a forced
 * disconnect. Other channels (order books) are refused, as the simulator has no book to show. Every connection is
 * admitted silently; the socket limit of the configuration applies to keys only.
 */
public final class BitstampProtocol extends PublicVenueProtocol {

    public static final String PATH = "/";
    static final String BAD_SUBSCRIPTION = "Bad subscription string.";

    /** Maker and taker order ids of a simulated trade are derived from its id, the taker's being the newer. */
    private static final long ORDER_ID_BASE = 1_400_000_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    @Override
    public String name() {
        return "Bitstamp";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public void onClientFrame(String frame, VenueConnection connection) {
        JsonNode request = JsonFrames.readOrNull(frame);
        if (request == null || !request.isObject()) {
            connection.send(error(BAD_SUBSCRIPTION));
            return;
        }
        String event = request.path("event").asText("");
        String channel = request.path("data").path("channel").asText("");
        switch (event) {
            case "bts:subscribe" -> subscribe(channel, connection);
            case "bts:unsubscribe" -> unsubscribe(channel, connection);
            case "bts:heartbeat" -> connection.send(heartbeatFrame(Instant.now()));
            default -> connection.send(error("Unknown event '" + event
                    + "'; send bts:subscribe, bts:unsubscribe or bts:heartbeat."));
        }
    }

    private void subscribe(String channel, VenueConnection connection) {
        Optional<BitstampChannel> kind = BitstampChannel.kindOf(channel);
        Optional<Market> market = kind.flatMap(k -> marketOf(k, channel));
        if (market.isEmpty()) {
            connection.send(error(BAD_SUBSCRIPTION));
            return;
        }
        // The acknowledgement goes first, as on the venue; subscribing twice is acknowledged twice.
        connection.send(control("bts:subscription_succeeded", channel));
        if (kind.get() == BitstampChannel.LIVE_TRADES) {
            connection.subscribe(market.get());
        } else {
            connection.subscribeOrders(market.get());
        }
    }

    private void unsubscribe(String channel, VenueConnection connection) {
        Optional<BitstampChannel> kind = BitstampChannel.kindOf(channel);
        Optional<Market> market = kind.flatMap(k -> marketOf(k, channel));
        boolean removed = market.isPresent() && (kind.get() == BitstampChannel.LIVE_TRADES
                ? connection.unsubscribe(market.get()) : connection.unsubscribeOrders(market.get()));
        connection.send(removed ? control("bts:unsubscription_succeeded", channel) : error(BAD_SUBSCRIPTION));
    }

    private static Optional<Market> marketOf(BitstampChannel kind, String channel) {
        try {
            return Optional.of(kind.marketOf(channel));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Bitstamp reports µs and never an unknown side: the walk's rare unknown-side trades become buys or sells. */
    @Override
    public Trade asReported(Trade trade) {
        TakerSide side = trade.side() != TakerSide.UNKNOWN ? trade.side()
                : Long.parseLong(trade.tradeId()) % 2 == 0 ? TakerSide.BUY : TakerSide.SELL;
        return new Trade(trade.exchange(), trade.base(), trade.quote(), side, trade.price(), trade.quantity(),
                trade.quoteVolume(), trade.tradeId(), trade.eventTime().truncatedTo(ChronoUnit.MICROS),
                trade.receiveTime().truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public String tradeFrame(Trade trade) {
        if (trade.side() == TakerSide.UNKNOWN) {
            throw new IllegalArgumentException("Bitstamp reports every trade as a buy or a sell; trade "
                    + trade.tradeId() + " has an unknown side (pass trades through asReported)");
        }
        long id = Long.parseLong(trade.tradeId());
        long maker = ORDER_ID_BASE + 2 * id;
        long taker = maker + 1;
        boolean buy = trade.side() == TakerSide.BUY;
        return frame(g -> {
            g.writeObjectFieldStart("data");
            g.writeNumberField("id", id);
            g.writeStringField("timestamp", Long.toString(trade.eventTime().getEpochSecond()));
            writeDecimal(g, "amount", trade.quantity());
            writeDecimal(g, "price", trade.price());
            g.writeNumberField("type", buy ? 0 : 1);
            g.writeStringField("microtimestamp", micros(trade.eventTime()));
            g.writeNumberField("buy_order_id", buy ? taker : maker);
            g.writeNumberField("sell_order_id", buy ? maker : taker);
            g.writeEndObject();
            g.writeStringField("channel", BitstampChannel.LIVE_TRADES.of(trade.market()));
            g.writeStringField("event", "trade");
        });
    }

    @Override
    public String orderFrame(OrderEvent order) {
        String event = switch (order.action()) {
            case CREATED -> "order_created";
            case CHANGED -> "order_changed";
            case DELETED -> "order_deleted";
        };
        return frame(g -> {
            g.writeObjectFieldStart("data");
            g.writeNumberField("id", Long.parseLong(order.orderId()));
            g.writeStringField("id_str", order.orderId());
            g.writeNumberField("order_type", order.side() == OrderSide.BUY ? 0 : 1);
            g.writeStringField("datetime", Long.toString(order.eventTime().getEpochSecond()));
            g.writeStringField("microtimestamp", micros(order.eventTime()));
            writeDecimal(g, "amount", order.amount());
            writeDecimal(g, "price", order.price());
            g.writeEndObject();
            g.writeStringField("channel", BitstampChannel.LIVE_ORDERS.of(order.market()));
            g.writeStringField("event", event);
        });
    }

    /** The answer to a client's {@code bts:heartbeat}; Bitstamp sends none on its own. */
    @Override
    public String heartbeatFrame(Instant now) {
        return frame(g -> {
            g.writeStringField("event", "bts:heartbeat");
            g.writeStringField("channel", "");
            g.writeObjectFieldStart("data");
            g.writeStringField("status", "success");
            g.writeEndObject();
        });
    }

    @Override
    public boolean sendsHeartbeats() {
        return false;
    }

    @Override
    public List<String> malformedFrames() {
        return List.of(
                "{\"data\":{\"id\":1,\"timestamp\":\"1641343699\",\"amount\":0.5,\"amount_str\":\"0.5",
                "{\"data\":{\"id\":2,\"timestamp\":\"1641343699\",\"amount\":0.5,\"amount_str\":\"0.50000000\",\"type\":0,"
                        + "\"microtimestamp\":\"1641343699596000\"},\"channel\":\"live_trades_btcusd\",\"event\":\"trade\"}",
                "{\"data\":{\"id\":3,\"timestamp\":\"1641343699\",\"amount_str\":\"lots\",\"price_str\":\"3805.44\",\"type\":0,"
                        + "\"microtimestamp\":\"1641343699596000\"},\"channel\":\"live_trades_btcusd\",\"event\":\"trade\"}");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return frame(g -> {
            g.writeObjectFieldStart("data");
            g.writeStringField("timestamp", Long.toString(now.getEpochSecond()));
            g.writeStringField("microtimestamp", micros(now));
            g.writeArrayFieldStart("bids");
            g.writeStartArray();
            g.writeString("60000.00");
            g.writeString("0.50000000");
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("asks");
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("channel", "diff_order_book_btcusd");
            g.writeStringField("event", "data");
        });
    }

    @Override
    public String forceDisconnectFrame() {
        return frame(g -> {
            g.writeStringField("event", "bts:request_reconnect");
            g.writeStringField("channel", "");
            g.writeStringField("data", "");
        });
    }

    private static String error(String message) {
        return frame(g -> {
            g.writeStringField("event", "bts:error");
            g.writeStringField("channel", "");
            g.writeObjectFieldStart("data");
            g.writeNullField("code");
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    private static String control(String event, String channel) {
        return frame(g -> {
            g.writeStringField("event", event);
            g.writeStringField("channel", channel);
            g.writeObjectFieldStart("data");
            g.writeEndObject();
        });
    }

    /** The double the venue writes ({@code 1e-08}) and the exact {@code _str} twin clients should read. */
    private static void writeDecimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
        g.writeNumberField(name, value.doubleValue());
        g.writeStringField(name + "_str", value.toPlainString());
    }

    private static String micros(Instant time) {
        return Long.toString(Math.addExact(Math.multiplyExact(time.getEpochSecond(), MICROS_PER_SECOND),
                time.getNano() / 1_000L));
    }

    private static String frame(JsonFrames.Fields fields) {
        return JsonFrames.object("Bitstamp", fields);
    }
}
