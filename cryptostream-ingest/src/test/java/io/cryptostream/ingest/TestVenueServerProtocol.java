package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.DescribedSimulatorProtocol;
import io.cryptostream.simulator.VenueConnection;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server side of {@link Testex}: it answers client pings (or stops answering), sends reconnect requests and
 * order events, and lets a test send trades with chosen ids. Its client side is {@link TestVenueProtocol}.
 */
final class TestVenueServerProtocol extends DescribedSimulatorProtocol {

    /** Connections that subscribed, newest last; closed ones ignore what is sent to them. */
    private final List<VenueConnection> connections = new CopyOnWriteArrayList<>();
    private final List<Instant> pingsReceived = new CopyOnWriteArrayList<>();
    private volatile boolean answeringPings = true;

    TestVenueServerProtocol() {
        super(Testex.VENUE, Testex.VENUE.frames().get());
    }

    @Override
    public Greeting greet(Handshake handshake) {
        return Greeting.welcome(Testex.event("welcome").toString());
    }

    @Override
    public void onClientFrame(String frame, VenueConnection connection) {
        JsonNode request = Testex.parse(frame);
        switch (request.path("op").asText()) {
            case "subscribe" -> {
                connections.add(connection);
                for (JsonNode symbol : request.path("markets")) {
                    connection.subscribe(Testex.market(symbol.asText()));
                    connection.send(Testex.event("subscribed").put("market", symbol.asText()).toString());
                }
            }
            case "unsubscribe" -> {
                for (JsonNode symbol : request.path("markets")) {
                    connection.unsubscribe(Testex.market(symbol.asText()));
                    connection.send(Testex.event("unsubscribed").put("market", symbol.asText()).toString());
                }
            }
            case "ping" -> {
                pingsReceived.add(Instant.now());
                if (answeringPings) {
                    connection.send(Testex.event("pong").toString());
                }
            }
            default -> throw new IllegalArgumentException("Testex does not understand " + frame);
        }
    }

    @Override
    public String heartbeatFrame(Instant now) {
        return Testex.event("heartbeat").toString();
    }

    @Override
    public List<String> malformedFrames() {
        return List.of("{not json");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return Testex.event("ticker").toString();
    }

    @Override
    public String forceDisconnectFrame() {
        return reconnectFrame();
    }

    private static String reconnectFrame() {
        return Testex.event("reconnect").put("reason", "maintenance").toString();
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
}
