package io.cryptostream.simulator;

import io.cryptostream.exchange.kraken.Kraken;
import io.cryptostream.exchange.kraken.KrakenFrames;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.kraken.KrakenSubscriptions;
import io.cryptostream.exchange.kraken.KrakenSymbols;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.cryptostream.simulator.JsonFrames.echo;

/**
 * Kraken spot WebSocket v2 ({@code wss://ws.kraken.com/v2}) as a public-data client sees it: no credentials, a
 * {@code status} message on connect, {@code subscribe}/{@code unsubscribe} requests on the {@code trade} channel
 * acknowledged per pair, {@code ping} → {@code pong}, {@code {"channel":"heartbeat"}} and trade updates with JSON
 * number prices, µs RFC 3339 timestamps and per-pair sequential {@code trade_id}s.
 *
 * <p>Simplifications, all invisible to a trade client: the replay of recent trades on subscribe arrives as
 * {@code update} messages of one trade each (Kraken sends one {@code snapshot} message of up to 50); heartbeats
 * follow the server's timer even while trades flow (Kraken sends them only when a connection is otherwise
 * quiet); Kraken announces no disconnect, so the forced disconnect is preceded by a {@code status} update with
 * {@code "system":"maintenance"}, the only server-initiated notice Kraken documents.
 */
public final class KrakenProtocol extends JsonRequestProtocol {


    private static final String API_VERSION = "v2";
    private static final String SERVER_VERSION = "2.0.10";
    // Real connection ids exceed Long.MAX_VALUE; clients must read them as text.
    private static final BigInteger FIRST_CONNECTION_ID = new BigInteger("14949390454975033707");

    /** Every connection is admitted: Kraken limits public sockets by connection rate, not per key. */
    public KrakenProtocol() {
        super(Kraken.VENUE, new KrakenFrames());
    }

    @Override
    public Greeting greet(Handshake handshake) {
        BigInteger connectionId = FIRST_CONNECTION_ID.add(BigInteger.valueOf(handshake.connectionNumber()));
        return Greeting.welcome(status("online", connectionId));
    }

    private String status(String system, BigInteger connectionId) {
        return frame(g -> {
            g.writeStringField("channel", "status");
            g.writeArrayFieldStart("data");
            g.writeStartObject();
            g.writeStringField("api_version", API_VERSION);
            if (connectionId != null) {
                g.writeFieldName("connection_id");
                g.writeNumber(connectionId);
            }
            g.writeStringField("system", system);
            g.writeStringField("version", SERVER_VERSION);
            g.writeEndObject();
            g.writeEndArray();
            g.writeStringField("type", "update");
        });
    }

    @Override
    String notAnObject(String frame) {
        return error(null, null, null, "Malformed request: expected a JSON object, got " + echo(frame), Instant.now());
    }

    @Override
    void onRequest(JsonNode request, String frame, VenueConnection connection) {
        Instant timeIn = Instant.now();
        String method = request.path("method").asText("");
        JsonNode reqId = request.get("req_id");
        switch (method) {
            case "subscribe", "unsubscribe" -> tradeRequest(method, request.path("params"), reqId, connection, timeIn);
            case "ping" -> connection.send(frame(g -> {
                g.writeStringField("method", "pong");
                writeReqId(g, reqId);
                writeTimes(g, timeIn);
            }));
            default -> connection.send(error(method, null, reqId, "Method not supported: " + method, timeIn));
        }
    }

    /** Answers each pair on its own, as Kraken does: an ack or an error per symbol. */
    private void tradeRequest(String method, JsonNode params, JsonNode reqId, VenueConnection connection, Instant timeIn) {
        String channel = params.path("channel").asText("");
        if (!channel.equals(KrakenSubscriptions.TRADE_CHANNEL)) {
            connection.send(error(method, null, reqId, channel.isEmpty() ? "Channel missing"
                    : "Channel not supported by the simulator: " + channel + " (only trade)", timeIn));
            return;
        }
        JsonNode symbols = params.get("symbol");
        if (symbols == null || !symbols.isArray() || symbols.isEmpty()) {
            connection.send(error(method, null, reqId, "Symbol missing: params.symbol must be a non-empty array", timeIn));
            return;
        }
        for (JsonNode node : symbols) {
            String symbol = node.asText();
            Optional<Market> market = v2Market(symbol);
            if (market.isEmpty()) {
                connection.send(error(method, symbol, reqId, "Currency pair not supported " + symbol, timeIn));
                continue;
            }
            boolean subscribed = connection.subscriptions().contains(market.get());
            if (method.equals("subscribe")) {
                if (subscribed) {
                    connection.send(error(method, symbol, reqId, "Already subscribed", timeIn));
                    continue;
                }
                // The ack goes out before the replay of recent trades, in Kraken's order.
                connection.send(ack(method, symbol, reqId, timeIn));
                connection.subscribe(market.get());
            } else if (subscribed && connection.unsubscribe(market.get())) {
                connection.send(ack(method, symbol, reqId, timeIn));
            } else {
                connection.send(error(method, symbol, reqId, "Subscription Not Found", timeIn));
            }
        }
    }

    /** v2 names pairs BASE/QUOTE in upper case with common codes: XBT/USD, btc/usd and BTC-USD are not v2 symbols. */
    private static Optional<Market> v2Market(String symbol) {
        try {
            Market market = KrakenSymbols.market(symbol);
            return KrakenSymbols.v2Pair(market).equals(symbol) ? Optional.of(market) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String ack(String method, String symbol, JsonNode reqId, Instant timeIn) {
        return frame(g -> {
            g.writeStringField("method", method);
            g.writeObjectFieldStart("result");
            g.writeStringField("channel", KrakenSubscriptions.TRADE_CHANNEL);
            if (method.equals("subscribe")) {
                g.writeBooleanField("snapshot", true);
            }
            g.writeStringField("symbol", symbol);
            g.writeEndObject();
            g.writeBooleanField("success", true);
            writeReqId(g, reqId);
            writeTimes(g, timeIn);
        });
    }

    private String error(String method, String symbol, JsonNode reqId, String message, Instant timeIn) {
        return frame(g -> {
            g.writeStringField("error", message);
            if (method != null) {
                g.writeStringField("method", method);
            }
            g.writeBooleanField("success", false);
            if (symbol != null) {
                g.writeStringField("symbol", symbol);
            }
            writeReqId(g, reqId);
            writeTimes(g, timeIn);
        });
    }

    private static void writeReqId(JsonGenerator g, JsonNode reqId) throws IOException {
        if (reqId != null && reqId.isIntegralNumber()) {
            g.writeFieldName("req_id");
            g.writeNumber(reqId.bigIntegerValue());
        }
    }

    private static void writeTimes(JsonGenerator g, Instant timeIn) throws IOException {
        g.writeStringField("time_in", KrakenFrames.RFC_3339_MICROS.format(timeIn));
        g.writeStringField("time_out", KrakenFrames.RFC_3339_MICROS.format(Instant.now()));
    }

    @Override
    public String heartbeatFrame(Instant now) {
        return "{\"channel\":\"heartbeat\"}";
    }

    @Override
    public List<String> malformedFrames() {
        return List.of(
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":6",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\","
                        + "\"qty\":0.5,\"ord_type\":\"limit\",\"trade_id\":1,\"timestamp\":\"2026-10-06T18:14:44.947782Z\"}]}",
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":60000.1,"
                        + "\"qty\":\"lots\",\"ord_type\":\"limit\",\"trade_id\":2,\"timestamp\":\"2026-10-06T18:14:44.947782Z\"}]}");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return frame(g -> {
            g.writeStringField("channel", "ticker");
            g.writeStringField("type", "update");
            g.writeArrayFieldStart("data");
            g.writeStartObject();
            g.writeStringField("symbol", "BTC/USD");
            g.writeFieldName("bid");
            g.writeNumber("60000.0");
            g.writeFieldName("ask");
            g.writeNumber("60000.1");
            g.writeFieldName("last");
            g.writeNumber("60000.1");
            g.writeStringField("timestamp", KrakenFrames.RFC_3339_MICROS.format(now));
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    @Override
    public String forceDisconnectFrame() {
        return status("maintenance", null);
    }
}
