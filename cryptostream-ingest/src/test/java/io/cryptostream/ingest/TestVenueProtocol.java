package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The client side of "Testex" ({@link TestVenueServerProtocol}), with the session hooks switched on as a test needs. */
final class TestVenueProtocol implements VenueProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final List<Market> markets;
    private final Optional<ClientPing> clientPing;
    private final Optional<Duration> maxConnectionAge;
    private final boolean sequentialTradeIds;

    private TestVenueProtocol(URI url, List<Market> markets, Optional<ClientPing> clientPing,
                              Optional<Duration> maxConnectionAge, boolean sequentialTradeIds) {
        this.url = url;
        this.markets = markets;
        this.clientPing = clientPing;
        this.maxConnectionAge = maxConnectionAge;
        this.sequentialTradeIds = sequentialTradeIds;
    }

    static TestVenueProtocol of(IngestSettings settings) {
        return new TestVenueProtocol(settings.url(), settings.markets(), Optional.empty(), Optional.empty(), false);
    }

    TestVenueProtocol pingingEvery(Duration interval) {
        return new TestVenueProtocol(url, markets, Optional.of(new ClientPing("{\"op\":\"ping\"}", interval)),
                maxConnectionAge, sequentialTradeIds);
    }

    TestVenueProtocol withMaxConnectionAge(Duration age) {
        return new TestVenueProtocol(url, markets, clientPing, Optional.of(age), sequentialTradeIds);
    }

    TestVenueProtocol withSequentialTradeIds() {
        return new TestVenueProtocol(url, markets, clientPing, maxConnectionAge, true);
    }

    @Override
    public String venue() {
        return TestVenueServerProtocol.EXCHANGE;
    }

    @Override
    public WebSocketRequest handshake() {
        return WebSocketRequest.create(url.toString());
    }

    @Override
    public String urlForLogs() {
        return url.toString();
    }

    @Override
    public ExchangeCodec codec() {
        return TestVenueProtocol::decode;
    }

    @Override
    public boolean subscribesAfterWelcome() {
        return true;
    }

    @Override
    public List<String> subscribeFrames() {
        return List.of(marketsFrame("subscribe"));
    }

    @Override
    public List<String> unsubscribeFrames() {
        return List.of(marketsFrame("unsubscribe"));
    }

    @Override
    public int expectedUnsubscribeAcks() {
        return markets.size();
    }

    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        return new ServerReaction.Continue("Testex refused: " + rejected);
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return new ServerReaction.Reconnect("Testex refused the upgrade: " + status + " " + reason, Duration.ZERO);
    }

    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return Optional.empty();
    }

    @Override
    public String redact(String text) {
        return text;
    }

    @Override
    public Optional<ClientPing> clientPing() {
        return clientPing;
    }

    @Override
    public Optional<Duration> maxConnectionAge() {
        return maxConnectionAge;
    }

    @Override
    public boolean sequentialTradeIds() {
        return sequentialTradeIds;
    }

    private String marketsFrame(String op) {
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
            case "trade" -> new FeedEvent.Trades(List.of(Trade.of(TestVenueServerProtocol.market(market),
                    TakerSide.valueOf(event.path("side").asText()), new BigDecimal(event.path("price").asText()),
                    new BigDecimal(event.path("qty").asText()), event.path("id").asText(),
                    Instant.parse(event.path("time").asText()), receivedAt)));
            case "order" -> {
                Market m = TestVenueServerProtocol.market(market);
                yield new FeedEvent.Orders(List.of(new OrderEvent(m.exchange(), m.base(), m.quote(),
                        OrderSide.valueOf(event.path("side").asText()),
                        OrderAction.valueOf(event.path("action").asText()), event.path("id").asText(),
                        new BigDecimal(event.path("price").asText()), new BigDecimal(event.path("amount").asText()),
                        Instant.parse(event.path("time").asText()), receivedAt)));
            }
            default -> new FeedEvent.Unhandled(event.path("event").asText());
        };
    }
}
