package io.cryptostream.simulator;

import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.binance.BinanceFrames;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.BinanceSubscriptions;
import io.cryptostream.exchange.binance.BinanceVenue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cryptostream.simulator.JsonFrames.MAPPER;
import static io.cryptostream.simulator.JsonFrames.echo;

/**
 * Binance spot or USD-M futures market streams on the combined path {@code /stream}, as a client sees them: no
 * greeting and no credentials, live {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/{@code LIST_SUBSCRIPTIONS} answered with
 * {@code {"result":..,"id":N}}, errors as {@code {"code":N,"msg":..}}, trades wrapped as
 * {@code {"stream":"btcusdt@trade","data":{..}}} with prices and sizes as strings and times in milliseconds,
 * WebSocket pings as the only heartbeat, and {@code serverShutdown} before a forced disconnect.
 *
 * <p>Only {@code <symbol>@trade} streams are served; other stream names are refused with code 2, where Binance
 * would accept them. Stream names in the URL ({@code ?streams=}) and the client message limit are not simulated.
 * Market streams take no key, and Binance admits every connection silently: its limits are per IP (connection
 * attempts) and per message rate.
 */
public final class BinanceProtocol extends DescribedSimulatorProtocol {



    private final BinanceVenue venue;

    public BinanceProtocol(BinanceVenue venue) {
        super(Binance.of(venue), new BinanceFrames(venue));
        this.venue = venue;
    }

    @Override
    public void onClientFrame(String frame, VenueConnection connection) {
        JsonNode request;
        try {
            request = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            connection.send(error(3, "Invalid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr(), null));
            return;
        }
        if (request == null || !request.isObject()) {
            connection.send(error(2, "Invalid request: expected an object, was " + echo(frame), null));
            return;
        }
        JsonNode id = request.get("id");
        if (id == null) {
            connection.send(error(2, "Invalid request: missing field `id`", null));
            return;
        }
        if (!validId(id)) {
            connection.send(error(2, "Invalid request: request ID must be an unsigned integer", null));
            return;
        }
        String method = request.path("method").asText("");
        switch (method) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> changeSubscriptions(method, request.get("params"), id, connection);
            case "LIST_SUBSCRIPTIONS" -> connection.send(frame(g -> {
                g.writeArrayFieldStart("result");
                for (String stream : connection.subscriptions().stream().map(BinanceSubscriptions::tradeStream).sorted().toList()) {
                    g.writeString(stream);
                }
                g.writeEndArray();
                writeId(g, id);
            }));
            default -> connection.send(error(2, "Invalid request: unknown variant `" + method + "`, expected one of "
                    + "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS` (the simulator serves no properties)", id));
        }
    }

    /** Unsigned integers, null, and (newer servers) alphanumeric strings of at most 36 characters. */
    private static boolean validId(JsonNode id) {
        return id.isNull() || (id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0)
                || (id.isTextual() && id.asText().matches("[A-Za-z0-9]{1,36}"));
    }

    private void changeSubscriptions(String method, JsonNode params, JsonNode id, VenueConnection connection) {
        if (params == null || !params.isArray()) {
            connection.send(error(2, "Invalid request: " + method + " needs params, an array of stream names", id));
            return;
        }
        List<Market> markets = new ArrayList<>();
        for (JsonNode param : params) {
            Optional<Market> market = param.isTextual()
                    ? BinanceSubscriptions.tradeStreamMarket(venue.exchange(), param.asText()) : Optional.empty();
            if (market.isEmpty()) {
                connection.send(error(2, "Invalid request: the simulator streams only <symbol>@trade with a lower-case "
                        + "symbol ending in a known quote asset, e.g. btcusdt@trade; got " + echo(param.toString()), id));
                return;
            }
            markets.add(market.get());
        }
        // Binance acknowledges streams already (un)subscribed like any other.
        for (Market market : markets) {
            if (method.equals("SUBSCRIBE")) {
                connection.subscribe(market);
            } else {
                connection.unsubscribe(market);
            }
        }
        connection.send(frame(g -> {
            g.writeNullField("result");
            writeId(g, id);
        }));
    }

    /** Binance's heartbeat is a WebSocket ping; it sends no heartbeat frames. */
    @Override
    public boolean sendsHeartbeats() {
        return false;
    }

    @Override
    public boolean sendsWebSocketPings() {
        return true;
    }

    @Override
    public String heartbeatFrame(Instant now) {
        throw new UnsupportedOperationException("Binance sends WebSocket pings, not heartbeat frames");
    }

    @Override
    public List<String> malformedFrames() {
        String trade = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\","
                + "\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";
        return List.of(
                trade.substring(0, trade.indexOf("\"p\"")),
                trade.replace("\"p\":\"61837.63000000\",", ""),
                trade.replace("0.02000000", "lots"));
    }

    /** A best bid/offer update, which a trade client does not handle. */
    @Override
    public String unknownTypeFrame(Instant now) {
        return BinanceFrames.combined("btcusdt@bookTicker", g -> {
            if (venue == BinanceVenue.USDM_FUTURES) {
                g.writeStringField("e", "bookTicker");
                g.writeNumberField("E", now.toEpochMilli());
                g.writeNumberField("T", now.toEpochMilli());
            }
            g.writeNumberField("u", 400900217);
            g.writeStringField("s", "BTCUSDT");
            g.writeStringField("b", "61837.63000000");
            g.writeStringField("B", "3.78826000");
            g.writeStringField("a", "61837.64000000");
            g.writeStringField("A", "0.51280000");
        });
    }

    /** The documented shutdown notice; the payload of market streams was never captured, so its WebSocket API shape. */
    @Override
    public String forceDisconnectFrame() {
        return frame(g -> {
            g.writeObjectFieldStart("event");
            g.writeStringField("e", "serverShutdown");
            g.writeNumberField("E", Instant.now().toEpochMilli());
            g.writeEndObject();
        });
    }

    private static void writeId(JsonGenerator g, JsonNode id) throws IOException {
        g.writeFieldName("id");
        MAPPER.writeTree(g, id);
    }

    private String error(int code, String msg, JsonNode id) {
        return frame(g -> {
            g.writeNumberField("code", code);
            g.writeStringField("msg", msg);
            if (id != null) {
                writeId(g, id);
            }
        });
    }
}
