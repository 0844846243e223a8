package io.cryptostream.simulator;

import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.coinbase.CoinbaseFrames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.coinbase.CoinbaseSubscriptions;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Coinbase Exchange feed ({@code wss://ws-feed.exchange.coinbase.com}, docs/venues.md): no
 * credentials and no greeting; {@code subscribe}/{@code unsubscribe} with {@code product_ids} and {@code channels}
 * (names or {@code {"name":…,"product_ids":[…]}}), answered with the socket's whole {@code subscriptions} list or a
 * {@code "Failed to subscribe"} error that refuses the whole message; trades as {@code match} frames whose
 * {@code side} is the maker's, the opposite of the taker side.
 *
 * <p>Serves the {@code matches} and {@code heartbeat} channels. Simplifications, all visible only to a client that
 * looks closely: the replay on subscribe is the market's latest {@code match} frames (Coinbase sends one
 * {@code last_match}; configure {@link SimulatorConfig#replayOnSubscribe()} 1 for the same count); heartbeats go to
 * every connection once per interval for one product rather than per subscribed product per second, with
 * {@code last_trade_id} 0 (what Coinbase is reported to send); {@code sequence} counts frames across all products.
 */
public final class CoinbaseProtocol extends JsonRequestProtocol {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Z0-9]+-[A-Z0-9]+");
    private static final Set<String> OTHER_CHANNELS = Set.of("ticker", "ticker_batch", "level2", "level2_batch",
            "level3", "full", "status", "auctionfeed", "rfq_matches", "balance");

    private final AtomicLong sequence;
    /** Heartbeat-channel products per connection; weak so a closed connection's entry goes with it. */
    private final Map<VenueConnection, Set<String>> heartbeats = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicReference<String> heartbeatProduct = new AtomicReference<>("BTC-USD");

    public CoinbaseProtocol() {
        this(new AtomicLong(1));
    }

    /** {@code sequence} numbers trade, heartbeat and ticker frames alike, as one feed. */
    private CoinbaseProtocol(AtomicLong sequence) {
        super(Coinbase.EXCHANGE_FEED, new CoinbaseFrames(sequence::getAndIncrement));
        this.sequence = sequence;
    }

    @Override
    String notAnObject(String frame) {
        return error("Failed to parse message", "send a JSON object like "
                + CoinbaseSubscriptions.subscribe(List.of(CoinbaseSymbols.market("BTC-USD"))));
    }

    @Override
    void onRequest(JsonNode request, String frame, VenueConnection connection) {
        String type = request.path("type").asText("");
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            connection.send(error("Failed to subscribe", "Type has to be either subscribe or unsubscribe, was '" + type + "'"));
            return;
        }
        Map<String, List<String>> channels = new LinkedHashMap<>();
        String refusal = readChannels(request, channels);
        if (refusal != null) {
            connection.send(error(type.equals("subscribe") ? "Failed to subscribe" : "Failed to unsubscribe", refusal));
            return;
        }
        boolean subscribe = type.equals("subscribe");
        channels.forEach((channel, products) -> {
            for (String product : products) {
                if (channel.equals(CoinbaseSubscriptions.MATCHES)) {
                    Market market = CoinbaseSymbols.market(product);
                    if (subscribe) {
                        connection.subscribe(market);
                    } else {
                        connection.unsubscribe(market);
                    }
                } else if (subscribe) {
                    heartbeats.computeIfAbsent(connection, c -> Collections.synchronizedSet(new TreeSet<>())).add(product);
                    heartbeatProduct.set(product);
                } else {
                    Optional.ofNullable(heartbeats.get(connection)).ifPresent(set -> set.remove(product));
                }
            }
        });
        connection.send(subscriptions(connection));
    }

    /** Fills {@code channels} with the products of each served channel; returns why the request is refused, if it is. */
    private static String readChannels(JsonNode request, Map<String, List<String>> channels) {
        List<String> common = new ArrayList<>();
        for (JsonNode product : request.path("product_ids")) {
            common.add(product.asText());
        }
        JsonNode requested = request.get("channels");
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            return "channels must be a non-empty array of channel names or {\"name\":…,\"product_ids\":[…]} objects";
        }
        for (JsonNode entry : requested) {
            String name = entry.isObject() ? entry.path("name").asText("") : entry.asText("");
            List<String> products = new ArrayList<>(common);
            entry.path("product_ids").forEach(product -> products.add(product.asText()));
            if (OTHER_CHANNELS.contains(name)) {
                return "the simulator serves only the " + CoinbaseSubscriptions.MATCHES + " and "
                        + CoinbaseSubscriptions.HEARTBEAT + " channels, not " + name;
            }
            if (!CoinbaseSubscriptions.CHANNELS.contains(name)) {
                return name + " is not a valid channel";
            }
            if (products.isEmpty()) {
                return "You need to specify at least one product ID for channel " + name;
            }
            for (String product : products) {
                if (!PRODUCT_ID.matcher(product).matches()) {
                    return product + " is not a valid product";
                }
            }
            channels.computeIfAbsent(name, n -> new ArrayList<>()).addAll(products);
        }
        return null;
    }

    /** Every subscription the socket holds, as Coinbase answers any (un)subscribe. */
    private String subscriptions(VenueConnection connection) {
        ObjectNode frame = JSON.createObjectNode().put("type", "subscriptions");
        ArrayNode channels = frame.putArray("channels");
        List<String> matches = connection.subscriptions().stream()
                .sorted(Comparator.comparing(Market::symbol)).map(CoinbaseSymbols::productId).toList();
        if (!matches.isEmpty()) {
            ArrayNode products = channels.addObject().put("name", CoinbaseSubscriptions.MATCHES).putArray("product_ids");
            matches.forEach(products::add);
        }
        Set<String> beating = heartbeats.getOrDefault(connection, Set.of());
        synchronized (beating) {
            if (!beating.isEmpty()) {
                ArrayNode products = channels.addObject().put("name", CoinbaseSubscriptions.HEARTBEAT).putArray("product_ids");
                beating.forEach(products::add);
            }
        }
        return frame.toString();
    }

    @Override
    public String heartbeatFrame(Instant now) {
        return JSON.createObjectNode()
                .put("type", "heartbeat")
                .put("sequence", sequence.getAndIncrement())
                .put("last_trade_id", 0)
                .put("product_id", heartbeatProduct.get())
                .put("time", CoinbaseFrames.MICROS.format(now))
                .toString();
    }

    @Override
    public List<String> malformedFrames() {
        return List.of(
                "{\"type\":\"match\",\"trade_id\":1,\"side\":\"sell\",\"product_id\":\"BTC-USD\",\"size\":\"0.0",
                "{\"type\":\"match\",\"trade_id\":2,\"side\":\"sell\",\"size\":\"0.01\",\"product_id\":\"BTC-USD\","
                        + "\"time\":\"2021-04-17T16:43:37.089723Z\"}",
                "{\"type\":\"match\",\"trade_id\":3,\"side\":\"sell\",\"size\":\"lots\",\"price\":\"60000.00\","
                        + "\"product_id\":\"BTC-USD\",\"time\":\"2021-04-17T16:43:37.089723Z\"}");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        return JSON.createObjectNode()
                .put("type", "ticker")
                .put("sequence", sequence.getAndIncrement())
                .put("product_id", heartbeatProduct.get())
                .put("price", "60000.00")
                .put("side", "buy")
                .put("time", CoinbaseFrames.MICROS.format(now))
                .toString();
    }

    /** Coinbase documents no farewell frame; the simulator says why in the venue's error shape, then closes. */
    @Override
    public String forceDisconnectFrame() {
        return error("Connection closed", "the server is closing this connection; reconnect and subscribe again");
    }

    private static String error(String message, String reason) {
        return JSON.createObjectNode().put("type", "error").put("message", message).put("reason", reason).toString();
    }
}
