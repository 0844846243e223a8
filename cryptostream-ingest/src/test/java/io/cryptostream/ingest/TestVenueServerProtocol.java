package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.VenueConnection;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server side of "Testex", a minimal JSON venue for the session hooks: it answers client pings (or stops
 * answering), sends reconnect requests and order events, and lets a test send trades with chosen ids. Its client
 * side is {@link TestVenueProtocol}. Frames (exchange implied, markets as BASE-QUOTE):
 *
 * <pre>
 * client: {"op":"subscribe"|"unsubscribe","markets":["BTC-USD"]}   {"op":"ping"}
 * server: {"event":"welcome"|"heartbeat"|"pong"|"ticker"}   {"event":"subscribed"|"unsubscribed","market":"BTC-USD"}
 *         {"event":"reconnect","reason":"..."}
 *         {"event":"trade","market":..,"id":..,"side":..,"price":..,"qty":..,"time":..}
 *         {"event":"order","market":..,"id":..,"side":..,"action":..,"price":..,"amount":..,"time":..}
 * </pre>
 */
final class TestVenueServerProtocol implements io.cryptostream.simulator.VenueProtocol {

    static final String EXCHANGE = "Testex";
    static final String PATH = "/ws";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Connections that subscribed, newest last; closed ones ignore what is sent to them. */
    private final List<VenueConnection> connections = new CopyOnWriteArrayList<>();
    private final List<Instant> pingsReceived = new CopyOnWriteArrayList<>();
    private volatile boolean answeringPings = true;

    @Override
    public String name() {
        return EXCHANGE;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public URI clientUri(URI endpoint, String credential) {
        return endpoint;
    }

    @Override
    public Optional<String> credential(HttpRequest request) {
        return Optional.empty();
    }

    @Override
    public Greeting greet(Handshake handshake) {
        return Greeting.welcome(event("welcome").toString());
    }

    @Override
    public void onClientFrame(String frame, VenueConnection connection) {
        JsonNode request = parse(frame);
        switch (request.path("op").asText()) {
            case "subscribe" -> {
                connections.add(connection);
                for (JsonNode symbol : request.path("markets")) {
                    connection.subscribe(market(symbol.asText()));
                    connection.send(event("subscribed").put("market", symbol.asText()).toString());
                }
            }
            case "unsubscribe" -> {
                for (JsonNode symbol : request.path("markets")) {
                    connection.unsubscribe(market(symbol.asText()));
                    connection.send(event("unsubscribed").put("market", symbol.asText()).toString());
                }
            }
            case "ping" -> {
                pingsReceived.add(Instant.now());
                if (answeringPings) {
                    connection.send(event("pong").toString());
                }
            }
            default -> throw new IllegalArgumentException("Testex does not understand " + frame);
        }
    }

    @Override
    public String tradeFrame(Trade trade) {
        return event("trade").put("market", trade.market().symbol()).put("id", trade.tradeId())
                .put("side", trade.side().name()).put("price", trade.price().toPlainString())
                .put("qty", trade.quantity().toPlainString()).put("time", trade.eventTime().toString()).toString();
    }

    @Override
    public String orderFrame(OrderEvent order) {
        return event("order").put("market", order.market().symbol()).put("id", order.orderId())
                .put("side", order.side().name()).put("action", order.action().name())
                .put("price", order.price().toPlainString()).put("amount", order.amount().toPlainString())
                .put("time", order.eventTime().toString()).toString();
    }

    @Override
    public String heartbeatFrame(Instant now) {
        return event("heartbeat").toString();
    }

    @Override
    public List<String> malformedFrames() {
        return List.of("{not json");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return event("ticker").toString();
    }

    @Override
    public String forceDisconnectFrame() {
        return reconnectFrame();
    }

    private static String reconnectFrame() {
        return event("reconnect").put("reason", "maintenance").toString();
    }

    /** Sends to every subscribed connection still open. */
    void sendToAll(String frame) {
        connections.forEach(connection -> connection.send(frame));
    }

    void sendTrades(List<Trade> trades) {
        trades.forEach(trade -> sendToAll(tradeFrame(trade)));
    }

    void sendOrders(List<OrderEvent> orders) {
        orders.forEach(order -> sendToAll(orderFrame(order)));
    }

    /** Asks every client to reconnect, keeping the sockets open: the client must act on its own. */
    void requestReconnect() {
        sendToAll(reconnectFrame());
    }

    void answerPings(boolean answer) {
        answeringPings = answer;
    }

    List<Instant> pingsReceived() {
        return List.copyOf(pingsReceived);
    }

    static Market market(String symbol) {
        String[] baseQuote = symbol.split("-", 2);
        return new Market(EXCHANGE, baseQuote[0], baseQuote[1]);
    }

    private static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    private static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (Exception e) {
            throw new IllegalArgumentException("Testex cannot parse " + frame, e);
        }
    }
}
