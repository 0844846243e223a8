package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.WireTime;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

import static io.cryptostream.exchange.kraken.JsonTree.text;

/**
 * Decodes Kraken spot WebSocket frames of both API versions (docs/venues.md):
 *
 * <ul>
 *   <li>v2 objects: {@code trade} channel snapshots and updates (one {@link FeedEvent.Trades} per frame, in the
 *       venue's order), {@code heartbeat}, {@code status} (→ {@link FeedEvent.Welcome}), subscribe and unsubscribe
 *       acknowledgements, {@code pong} (→ {@link FeedEvent.Heartbeat}) and {@code success:false} errors
 *       (→ {@link FeedEvent.Rejected});</li>
 *   <li>v1 arrays {@code [channelID, [[price, volume, time, side, orderType, misc], ...], "trade", pair]} and the
 *       v1 events {@code heartbeat}, {@code pong}, {@code systemStatus}, {@code subscriptionStatus} and
 *       {@code error}.</li>
 * </ul>
 *
 * <p>Other channels (book, ticker, spread, ohlc; Kraken Futures {@code feed} messages) are
 * {@link FeedEvent.Unhandled} with the channel's name. Kraken has no numeric error codes, so
 * {@link FeedEvent.Rejected#code()} is 0 and the reason is Kraken's error text.
 *
 * <p>The taker side is the venue's own: v2 {@code side} and v1 {@code b}/{@code s} name the side of the order that
 * triggered the trade. Prices and sizes come from the token text (v2 sends JSON numbers, v1 strings).
 *
 * <p><b>v1 trade ids.</b> v1 trades carry no id, so one is made from the wire text that identifies a fill:
 * {@code <time>-<b|s>-<price>-<volume>}, e.g. {@code 1618678150.826417-s-354.04000000-0.28245396}. The same trade
 * replayed in a later snapshot gets the same id, so the ingest's dedupe drops it. Two fills identical in all four
 * within one frame get {@code -2}, {@code -3}, ... appended in frame order. These ids are not sequential.
 */
public final class KrakenCodec implements ExchangeCodec {

    private static final String TRADE = KrakenSubscriptions.TRADE_CHANNEL;
    private static final int MOST_MARKETS = 64;

    private final Map<String, Market> marketsByPair = new ConcurrentHashMap<>();

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        Object root;
        try {
            root = JsonTree.read(frame);
        } catch (IOException | RuntimeException e) {
            return new FeedEvent.Malformed("not JSON: " + e.getMessage(), frame);
        }
        try {
            if (root instanceof List<?> array) {
                return v1Array(array, frame, receivedAt);
            }
            if (root instanceof Map<?, ?> object) {
                @SuppressWarnings("unchecked")
                Map<String, Object> members = (Map<String, Object>) object;
                return object(members, frame, receivedAt);
            }
            return new FeedEvent.Malformed("neither a JSON object nor an array", frame);
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("could not read the frame: " + e, frame);
        }
    }

    private FeedEvent object(Map<String, Object> o, String frame, Instant receivedAt) {
        if (o.containsKey("channel")) {
            String channel = text(o, "channel");
            if (channel == null) {
                return new FeedEvent.Malformed("channel is not a string", frame);
            }
            return switch (channel) {
                case TRADE -> v2Trades(o, frame, receivedAt);
                case "heartbeat" -> new FeedEvent.Heartbeat(null);
                case "status" -> new FeedEvent.Welcome(status(o));
                default -> new FeedEvent.Unhandled(channel);
            };
        }
        if (o.containsKey("method") || o.containsKey("success")) {
            return v2Response(o, frame);
        }
        String event = text(o, "event");
        if (event != null) {
            return v1Event(o, event);
        }
        String feed = text(o, "feed");
        if (feed != null) {
            // Kraken Futures frames (another venue, another socket) show up in mixed captures.
            return new FeedEvent.Unhandled("futures " + feed);
        }
        return new FeedEvent.Unhandled("object without channel, method or event");
    }

    // ---- v2 -------------------------------------------------------------------------------------------------

    /** The market of a pair seen before, else {@link KrakenSymbols#market}'s, remembered while there is room. */
    private Market market(String pair) {
        Market market = marketsByPair.get(pair);
        if (market == null) {
            market = KrakenSymbols.market(pair);
            if (marketsByPair.size() < MOST_MARKETS) {
                marketsByPair.put(pair, market);
            }
        }
        return market;
    }

    private FeedEvent v2Trades(Map<String, Object> o, String frame, Instant receivedAt) {
        if (!(o.get("data") instanceof List<?> data)) {
            return new FeedEvent.Malformed("trade message without a data array", frame);
        }
        List<Trade> trades = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            if (!(data.get(i) instanceof Map<?, ?> element)) {
                return new FeedEvent.Malformed("trade " + i + " is not an object", frame);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) element;
            String missing = firstMissing(t, "symbol", "side", "price", "qty", "trade_id", "timestamp");
            if (missing != null) {
                return new FeedEvent.Malformed("trade " + i + " without " + missing, frame);
            }
            TakerSide side = switch (text(t, "side")) {
                case "buy" -> TakerSide.BUY;
                case "sell" -> TakerSide.SELL;
                default -> null;
            };
            if (side == null) {
                return new FeedEvent.Malformed("trade " + i + " side is neither buy nor sell: " + text(t, "side"), frame);
            }
            try {
                Market market = market(text(t, "symbol"));
                Instant eventTime = JsonTree.scalar(t, "timestamp").parse(WireTime::iso);
                trades.add(Trade.of(market, side, JsonTree.scalar(t, "price").decimal(),
                        JsonTree.scalar(t, "qty").decimal(), text(t, "trade_id"), eventTime, receivedAt));
            } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
                return new FeedEvent.Malformed("bad field in trade " + i + ": " + e.getMessage(), frame);
            }
        }
        return new FeedEvent.Trades(trades);
    }

    /** {@code system=online api_version=v2 connection_id=... version=2.0.8}: the scalars of the status data. */
    private static String status(Map<String, Object> o) {
        StringJoiner detail = new StringJoiner(" ");
        if (o.get("data") instanceof List<?> data) {
            for (Object entry : data) {
                if (entry instanceof Map<?, ?> fields) {
                    fields.forEach((name, value) -> {
                        if (text(value) != null) {
                            detail.add(name + "=" + text(value));
                        }
                    });
                }
            }
        }
        return detail.length() == 0 ? "status" : detail.toString();
    }

    private static FeedEvent v2Response(Map<String, Object> o, String frame) {
        String method = text(o, "method");
        String error = text(o, "error");
        if ("false".equals(text(o, "success")) || error != null) {
            StringJoiner detail = new StringJoiner(", ");
            detail.add("method " + (method == null ? "unknown" : method));
            if (text(o, "symbol") != null) {
                detail.add("symbol " + text(o, "symbol"));
            }
            if (text(o, "req_id") != null) {
                detail.add("req_id " + text(o, "req_id"));
            }
            return new FeedEvent.Rejected(0, error == null ? "request failed" : error, detail.toString());
        }
        if (method == null) {
            return new FeedEvent.Malformed("response without a method", frame);
        }
        Map<?, ?> result = o.get("result") instanceof Map<?, ?> r ? r : Map.of();
        String channel = channelAndPair(text(result.get("channel")), text(result.get("symbol")));
        return switch (method) {
            case "subscribe" -> new FeedEvent.Subscribed(channel);
            case "unsubscribe" -> new FeedEvent.Unsubscribed(channel, null);
            case "pong" -> new FeedEvent.Heartbeat(time(text(o, "time_out")));
            default -> new FeedEvent.Unhandled(method);
        };
    }

    private static Instant time(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- v1 -------------------------------------------------------------------------------------------------

    private static FeedEvent v1Event(Map<String, Object> o, String event) {
        return switch (event) {
            case "heartbeat", "pong" -> new FeedEvent.Heartbeat(null);
            case "systemStatus" -> new FeedEvent.Welcome("status=" + text(o, "status") + " version=" + text(o, "version")
                    + " connectionID=" + text(o, "connectionID"));
            case "subscriptionStatus" -> subscriptionStatus(o);
            case "error" -> new FeedEvent.Rejected(0, String.valueOf(text(o, "errorMessage")), "event error");
            default -> new FeedEvent.Unhandled(event);
        };
    }

    private static FeedEvent subscriptionStatus(Map<String, Object> o) {
        String name = text(o, "channelName");
        if (name == null && o.get("subscription") instanceof Map<?, ?> subscription) {
            name = text(subscription.get("name"));
        }
        String channel = channelAndPair(name, text(o, "pair"));
        String status = String.valueOf(text(o, "status"));
        return switch (status) {
            case "subscribed" -> new FeedEvent.Subscribed(channel);
            case "unsubscribed" -> new FeedEvent.Unsubscribed(channel, null);
            case "error" -> new FeedEvent.Rejected(0, String.valueOf(text(o, "errorMessage")), "subscription " + channel);
            default -> new FeedEvent.Unhandled("subscriptionStatus " + status);
        };
    }

    private FeedEvent v1Array(List<?> array, String frame, Instant receivedAt) {
        // [channelID, payload..., channelName, pair]; private feeds: [payload, channelName, {sequence}].
        String name = array.size() >= 3 && array.get(array.size() - 2) instanceof JsonTree.Scalar s && s.isString()
                ? s.text() : null;
        if (name == null) {
            return new FeedEvent.Malformed("array frame without a channel name", frame);
        }
        if (!name.equals(TRADE)) {
            return new FeedEvent.Unhandled(name);
        }
        String pair = text(array.get(array.size() - 1));
        if (array.size() != 4 || pair == null || !(array.get(1) instanceof List<?> elements)) {
            return new FeedEvent.Malformed("trade array is not [channelID, [trades], \"trade\", pair]", frame);
        }
        Market market;
        try {
            market = market(pair);
        } catch (IllegalArgumentException e) {
            return new FeedEvent.Malformed(e.getMessage(), frame);
        }
        List<Trade> trades = new ArrayList<>(elements.size());
        Map<String, Integer> occurrences = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof List<?> fields) || fields.size() < 4) {
                return new FeedEvent.Malformed("trade " + i + " is not [price, volume, time, side, ...]", frame);
            }
            String price = text(fields.get(0));
            String volume = text(fields.get(1));
            String time = text(fields.get(2));
            String sideCode = text(fields.get(3));
            if (price == null || volume == null || time == null || sideCode == null) {
                return new FeedEvent.Malformed("trade " + i + " has a null among price, volume, time, side", frame);
            }
            TakerSide side = switch (sideCode) {
                case "b" -> TakerSide.BUY;
                case "s" -> TakerSide.SELL;
                default -> null;
            };
            if (side == null) {
                return new FeedEvent.Malformed("trade " + i + " side is neither b nor s: " + sideCode, frame);
            }
            String id = time + "-" + sideCode + "-" + price + "-" + volume;
            int occurrence = occurrences.merge(id, 1, Integer::sum);
            if (occurrence > 1) {
                id = id + "-" + occurrence;
            }
            try {
                trades.add(Trade.of(market, side, ((JsonTree.Scalar) fields.get(0)).decimal(),
                        ((JsonTree.Scalar) fields.get(1)).decimal(), id,
                        ((JsonTree.Scalar) fields.get(2)).parse(WireTime::epochSecondsWithFraction), receivedAt));
            } catch (IllegalArgumentException | ArithmeticException e) {
                return new FeedEvent.Malformed("bad field in trade " + i + ": " + e.getMessage(), frame);
            }
        }
        return new FeedEvent.Trades(trades);
    }

    private static String channelAndPair(String channel, String pair) {
        String name = channel == null ? "unknown" : channel;
        return pair == null ? name : name + ":" + pair;
    }

    private static String firstMissing(Map<String, Object> object, String... names) {
        for (String name : names) {
            if (!JsonTree.hasText(object, name)) {
                return name;
            }
        }
        return null;
    }
}
