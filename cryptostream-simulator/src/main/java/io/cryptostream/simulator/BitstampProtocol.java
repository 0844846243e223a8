package io.cryptostream.simulator;

import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.bitstamp.BitstampFrames;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.bitstamp.BitstampChannel;

import java.time.Instant;
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
public final class BitstampProtocol extends JsonRequestProtocol {


    static final String BAD_SUBSCRIPTION = "Bad subscription string.";


    public BitstampProtocol() {
        super(Bitstamp.VENUE, new BitstampFrames());
    }

    @Override
    String notAnObject(String frame) {
        return error(BAD_SUBSCRIPTION);
    }

    @Override
    void onRequest(JsonNode request, String frame, VenueConnection connection) {
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
            g.writeStringField("microtimestamp", BitstampFrames.micros(now));
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

    private String error(String message) {
        return frame(g -> {
            g.writeStringField("event", "bts:error");
            g.writeStringField("channel", "");
            g.writeObjectFieldStart("data");
            g.writeNullField("code");
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    private String control(String event, String channel) {
        return frame(g -> {
            g.writeStringField("event", event);
            g.writeStringField("channel", channel);
            g.writeObjectFieldStart("data");
            g.writeEndObject();
        });
    }
}
