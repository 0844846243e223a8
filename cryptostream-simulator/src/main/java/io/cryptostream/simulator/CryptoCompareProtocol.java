package io.cryptostream.simulator;

import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.exchange.cryptocompare.CryptoCompareFrames;
import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.cryptostream.simulator.JsonFrames.echo;

/**
 * CryptoCompare streamer v2 ({@code wss://streamer.cryptocompare.com/v2}): API key in {@code ?api_key=} or an
 * {@code authorization: Apikey KEY} header, {@code SubAdd}/{@code SubRemove} actions, string {@code TYPE}s
 * 20 welcome, 16/17/18 acks, 3 load complete, 999 heartbeat, 401/429/500 errors and TYPE 0 trades.
 * Only trade subscriptions ({@code 0~EXCHANGE~BASE~QUOTE}) are served.
 */
public final class CryptoCompareProtocol extends JsonRequestProtocol {



    // The real streamer's free-key rate limits; the simulator reports them but does not enforce them.
    private static final long[] RATE_LIMITS = {30, 60, 1200, 10000, 20000};
    private static final String[] RATE_PERIODS = {"SECOND", "MINUTE", "HOUR", "DAY", "MONTH"};

    public CryptoCompareProtocol() {
        super(CryptoCompare.VENUE, new CryptoCompareFrames());
    }

    @Override
    public URI clientUri(URI endpoint, String credential) {
        return URI.create(endpoint + "?api_key=" + URLEncoder.encode(credential, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> credential(HttpRequest request) {
        Optional<String> fromQuery = request.getUri().query().get("api_key").filter(key -> !key.isBlank());
        if (fromQuery.isPresent()) {
            return fromQuery;
        }
        return request.getHeader("authorization").map(HttpHeader::value).flatMap(CryptoCompareProtocol::apiKeyOf);
    }

    private static Optional<String> apiKeyOf(String authorization) {
        String[] schemeAndKey = authorization.trim().split("\\s+", 2);
        if (schemeAndKey.length == 2 && schemeAndKey[0].equalsIgnoreCase("Apikey") && !schemeAndKey[1].isBlank()) {
            return Optional.of(schemeAndKey[1].trim());
        }
        return Optional.empty();
    }

    @Override
    public Greeting greet(Handshake handshake) {
        SimulatorConfig config = handshake.config();
        String expected = config.apiKey();
        if (expected != null && !handshake.credential().map(expected::equals).orElse(false)) {
            String info = handshake.credential().isEmpty()
                    ? "No api_key given; pass ?api_key=KEY in the URL or an 'authorization: Apikey KEY' header."
                    : "The api_key is not valid for this server.";
            return Greeting.refusal(error("401", "UNAUTHORIZED", "api_key", info));
        }
        int open = handshake.socketsOpenForCredential();
        int max = config.maxSocketsPerKey();
        if (open >= max) {
            return Greeting.refusal(error("429", "TOO_MANY_SOCKETS_MAX_" + max + "_PER_CLIENT", null,
                    "This api_key already has " + open + " socket(s) open and may have " + max
                            + "; close one before opening another."));
        }
        return Greeting.welcome(frame(g -> {
            g.writeStringField("TYPE", "20");
            g.writeStringField("MESSAGE", "STREAMERWELCOME");
            g.writeNumberField("SERVER_UPTIME_SECONDS", handshake.uptime().toSeconds());
            g.writeStringField("SERVER_NAME", "cryptostream-simulator");
            g.writeNumberField("SERVER_TIME_MS", handshake.now().toEpochMilli());
            g.writeNumberField("CLIENT_ID", handshake.connectionNumber());
            g.writeStringField("DATA_FORMAT", "JSON");
            g.writeStringField("SOCKET_ID", "sim-" + handshake.connectionNumber());
            g.writeNumberField("SOCKETS_ACTIVE", open + 1);
            g.writeNumberField("SOCKETS_REMAINING", max - open - 1);
            for (int i = 0; i < RATE_PERIODS.length; i++) {
                g.writeNumberField("RATELIMIT_MAX_" + RATE_PERIODS[i], RATE_LIMITS[i]);
            }
            for (int i = 0; i < RATE_PERIODS.length; i++) {
                g.writeNumberField("RATELIMIT_REMAINING_" + RATE_PERIODS[i], RATE_LIMITS[i] - 1);
            }
        }));
    }

    @Override
    String notAnObject(String frame) {
        return error("500", "INVALID_JSON", echo(frame),
                "Send a JSON object like {\"action\":\"SubAdd\",\"subs\":[\"0~Coinbase~BTC~USD\"]}.");
    }

    @Override
    void onRequest(JsonNode request, String frame, VenueConnection connection) {
        String action = request.path("action").asText("");
        JsonNode subs = request.get("subs");
        if (!action.equals("SubAdd") && !action.equals("SubRemove")) {
            connection.send(error("500", "INVALID_PARAMETER", "action",
                    "action must be SubAdd or SubRemove, was '" + action + "'."));
            return;
        }
        if (subs == null || !subs.isArray()) {
            connection.send(error("500", "INVALID_PARAMETER", "subs", "subs must be an array of subscription strings."));
            return;
        }
        if (action.equals("SubAdd")) {
            subscribe(subs, connection);
        } else {
            unsubscribe(subs, connection);
        }
    }

    private void subscribe(JsonNode subs, VenueConnection connection) {
        for (JsonNode node : subs) {
            String sub = node.asText();
            Optional<Market> market = tradeMarket(node, connection);
            if (market.isEmpty()) {
                continue;
            }
            if (connection.subscribe(market.get())) {
                connection.send(frame(g -> {
                    g.writeStringField("TYPE", "16");
                    g.writeStringField("MESSAGE", "SUBSCRIBECOMPLETE");
                    g.writeStringField("SUB", sub);
                }));
            } else {
                connection.send(error("500", "SUBSCRIPTION_ALREADY_ACTIVE", sub,
                        "This socket is already subscribed to " + sub + "."));
            }
        }
        connection.send(frame(g -> {
            g.writeStringField("TYPE", "3");
            g.writeStringField("MESSAGE", "LOADCOMPLETE");
            g.writeStringField("INFO", "All your valid subs have been loaded.");
        }));
    }

    private void unsubscribe(JsonNode subs, VenueConnection connection) {
        int removed = 0;
        int invalid = 0;
        for (JsonNode node : subs) {
            String sub = node.asText();
            Optional<Market> market = tradeMarket(node, connection);
            if (market.isPresent() && connection.unsubscribe(market.get())) {
                removed++;
                connection.send(frame(g -> {
                    g.writeStringField("TYPE", "17");
                    g.writeStringField("MESSAGE", "UNSUBSCRIBECOMPLETE");
                    g.writeStringField("SUB", sub);
                }));
            } else {
                invalid++;
                if (market.isPresent()) {
                    connection.send(error("500", "SUBSCRIPTION_UNRECOGNIZED", sub,
                            "This socket is not subscribed to " + sub + "."));
                }
            }
        }
        int valid = removed;
        int unrecognized = invalid;
        connection.send(frame(g -> {
            g.writeStringField("TYPE", "18");
            g.writeStringField("MESSAGE", "UNSUBSCRIBEALLCOMPLETE");
            g.writeStringField("INFO", "Removed " + valid + " subs.");
            g.writeObjectFieldStart("INFO_OBJ");
            g.writeNumberField("valid", valid);
            g.writeNumberField("invalid", unrecognized);
            g.writeEndObject();
        }));
    }

    /** The market of a trade subscription, or empty after telling the client why the sub is invalid. */
    private Optional<Market> tradeMarket(JsonNode node, VenueConnection connection) {
        if (!node.isTextual()) {
            connection.send(error("500", "INVALID_SUB", node.toString(), "Subscriptions are strings like 0~Coinbase~BTC~USD."));
            return Optional.empty();
        }
        String sub = node.asText();
        if (sub.matches("\\d+~.*") && !sub.startsWith("0~")) {
            connection.send(error("500", "INVALID_SUB", sub,
                    "The simulator streams only trades; use 0~EXCHANGE~BASE~QUOTE, e.g. 0~Coinbase~BTC~USD."));
            return Optional.empty();
        }
        try {
            return Optional.of(CryptoCompareSubscriptions.parseTradeSub(sub));
        } catch (IllegalArgumentException e) {
            connection.send(error("500", "INVALID_SUB", sub, e.getMessage()));
            return Optional.empty();
        }
    }

    @Override
    public String heartbeatFrame(Instant now) {
        return frame(g -> {
            g.writeStringField("TYPE", "999");
            g.writeStringField("MESSAGE", "HEARTBEAT");
            g.writeNumberField("TIMEMS", now.toEpochMilli());
        });
    }

    @Override
    public List<String> malformedFrames() {
        return List.of(
                "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"2\",\"ID\":\"1",
                "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"2\",\"TS\":1593768260,\"Q\":0.01}",
                "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"2\",\"ID\":\"7\","
                        + "\"TS\":1593768260,\"Q\":\"lots\",\"P\":32500.12}");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return frame(g -> {
            g.writeStringField("TYPE", "2");
            g.writeStringField("MARKET", "CCCAGG");
            g.writeStringField("FROMSYMBOL", "BTC");
            g.writeStringField("TOSYMBOL", "USD");
            g.writeNumberField("FLAGS", 4);
            g.writeFieldName("PRICE");
            g.writeNumber("60000.00");
            g.writeNumberField("LASTUPDATE", now.getEpochSecond());
        });
    }

    @Override
    public String forceDisconnectFrame() {
        return error("500", "FORCE_DISCONNECT", null, "The simulator disconnected this socket on request; reconnect.");
    }

    private String error(String type, String message, String parameter, String info) {
        return frame(g -> {
            g.writeStringField("TYPE", type);
            g.writeStringField("MESSAGE", message);
            if (parameter != null) {
                g.writeStringField("PARAMETER", parameter);
            }
            g.writeStringField("INFO", info);
        });
    }
}
