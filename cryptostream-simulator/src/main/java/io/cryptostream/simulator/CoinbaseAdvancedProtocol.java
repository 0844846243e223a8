package io.cryptostream.simulator;

import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedFrames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedSubscriptions;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static io.cryptostream.simulator.CoinbaseProtocol.JSON;

/**
 * Coinbase Advanced Trade market data ({@code wss://advanced-trade-ws.coinbase.com},
 * docs/venues.md): no credentials needed (a {@code jwt} field is ignored) and no greeting;
 * one {@code channel} per {@code subscribe}/{@code unsubscribe}, each answered with the socket's subscriptions in a
 * {@code subscriptions} envelope; trades in {@code market_trades} envelopes whose {@code side} the simulator writes
 * as the taker side (the reading cryptofeed and ccxt use; the venue's documentation does not say).
 *
 * <p>Serves {@code market_trades} and {@code heartbeats}. Simplifications: one trade per {@code update} frame
 * (Coinbase batches 250 ms), the replay on subscribe is the latest {@code update} frames rather than one
 * {@code snapshot}, and {@code sequence_num} counts frames server-wide because trade frames are shared by all
 * subscribers (Coinbase counts per connection).
 */
public final class CoinbaseAdvancedProtocol extends JsonRequestProtocol {

    private static final DateTimeFormatter HEARTBEAT_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Z0-9]+-[A-Z0-9]+");
    private static final Set<String> OTHER_CHANNELS = Set.of("ticker", "ticker_batch", "level2", "candles", "status",
            "user", "futures_balance_summary");

    private final AtomicLong sequence;
    private final AtomicLong heartbeatCounter = new AtomicLong();
    /** Connections subscribed to heartbeats; weak so a closed connection goes with it. */
    private final Set<VenueConnection> heartbeats = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public CoinbaseAdvancedProtocol() {
        this(new AtomicLong());
    }

    /** {@code sequence} numbers every message of the feed, trades and heartbeats alike. */
    private CoinbaseAdvancedProtocol(AtomicLong sequence) {
        super(Coinbase.ADVANCED_TRADE, new CoinbaseAdvancedFrames(sequence::getAndIncrement));
        this.sequence = sequence;
    }

    @Override
    String notAnObject(String frame) {
        return error("failed to parse the message as JSON; send e.g. "
                + CoinbaseAdvancedSubscriptions.subscribe(List.of(CoinbaseSymbols.market("BTC-USD"))).get(0));
    }

    @Override
    void onRequest(JsonNode request, String frame, VenueConnection connection) {
        String type = request.path("type").asText("");
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            connection.send(error("type must be subscribe or unsubscribe, was '" + type + "'"));
            return;
        }
        if (request.has("channels")) {
            connection.send(error("one channel per message: send \"channel\":\"name\", not a \"channels\" list"));
            return;
        }
        String channel = request.path("channel").asText("");
        List<String> products = new ArrayList<>();
        request.path("product_ids").forEach(product -> products.add(product.asText()));
        boolean subscribe = type.equals("subscribe");
        switch (channel) {
            case CoinbaseAdvancedSubscriptions.MARKET_TRADES -> {
                String refusal = products.isEmpty() ? "market_trades needs product_ids"
                        : products.stream().filter(p -> !PRODUCT_ID.matcher(p).matches())
                                .findFirst().map(p -> p + " is not a valid product").orElse(null);
                if (refusal != null) {
                    connection.send(error("failure to " + type + ": " + refusal));
                    return;
                }
                Consumer<Market> action = subscribe ? connection::subscribe : connection::unsubscribe;
                products.stream().map(CoinbaseSymbols::market).forEach(action);
            }
            case CoinbaseAdvancedSubscriptions.HEARTBEATS -> {
                if (subscribe) {
                    heartbeats.add(connection);
                } else {
                    heartbeats.remove(connection);
                }
            }
            default -> {
                connection.send(error(OTHER_CHANNELS.contains(channel)
                        ? "the simulator serves only market_trades and heartbeats, not " + channel
                        : "unknown channel '" + channel + "'"));
                return;
            }
        }
        connection.send(subscriptions(connection));
    }

    private String subscriptions(VenueConnection connection) {
        ObjectNode frame = envelope("subscriptions", Instant.now());
        ObjectNode subscriptions = frame.putArray("events").addObject().putObject("subscriptions");
        List<Market> markets = connection.subscriptions().stream().sorted(Comparator.comparing(Market::symbol)).toList();
        if (!markets.isEmpty()) {
            ArrayNode products = subscriptions.putArray(CoinbaseAdvancedSubscriptions.MARKET_TRADES);
            markets.forEach(market -> products.add(CoinbaseSymbols.productId(market)));
        }
        if (heartbeats.contains(connection)) {
            subscriptions.putArray(CoinbaseAdvancedSubscriptions.HEARTBEATS).add(CoinbaseAdvancedSubscriptions.HEARTBEATS);
        }
        return frame.toString();
    }

    private ObjectNode envelope(String channel, Instant now) {
        return JSON.createObjectNode()
                .put("channel", channel)
                .put("client_id", "")
                .put("timestamp", now.toString())
                .put("sequence_num", sequence.getAndIncrement());
    }

    @Override
    public String heartbeatFrame(Instant now) {
        ObjectNode frame = envelope(CoinbaseAdvancedSubscriptions.HEARTBEATS, now);
        frame.putArray("events").addObject()
                .put("current_time", HEARTBEAT_TIME.format(now))
                .put("heartbeat_counter", heartbeatCounter.incrementAndGet());
        return frame.toString();
    }

    @Override
    public List<String> malformedFrames() {
        String trades = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2026-09-30T01:41:27.834Z\","
                + "\"sequence_num\":0,\"events\":[{\"type\":\"update\",\"trades\":[";
        return List.of(
                trades + "{\"product_id\":\"BTC-USD\",\"trade_id\":\"1\",\"price\":\"60000.00\",\"si",
                trades + "{\"product_id\":\"BTC-USD\",\"trade_id\":\"2\",\"size\":\"0.01\",\"side\":\"BUY\","
                        + "\"time\":\"2026-09-30T01:41:25.375232Z\"}]}]}",
                trades + "{\"product_id\":\"BTC-USD\",\"trade_id\":\"3\",\"price\":\"60000.00\",\"size\":\"lots\","
                        + "\"side\":\"BUY\",\"time\":\"2026-09-30T01:41:25.375232Z\"}]}]}");
    }

    @Override
    public String unknownTypeFrame(Instant now) {
        ObjectNode frame = envelope("ticker", now);
        frame.putArray("events").addObject().put("type", "update").putArray("tickers").addObject()
                .put("type", "ticker").put("product_id", "BTC-USD").put("price", "60000.00");
        return frame.toString();
    }

    /** No farewell frame is documented; the simulator says why in the venue's error shape, then closes. */
    @Override
    public String forceDisconnectFrame() {
        return error("the server is closing this connection; reconnect and subscribe again");
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("type", "error").put("message", message).toString();
    }
}
