package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Coinbase Advanced Trade market-data frames (docs/venues.md). Every frame is an
 * envelope {@code {"channel":…,"timestamp":…,"sequence_num":…,"events":[…]}}:
 *
 * <ul>
 *   <li>{@code market_trades}: every trade of every event ({@code snapshot} first, then {@code update}s batching
 *       250 ms) becomes one {@link FeedEvent.Trades}, in frame order;</li>
 *   <li>{@code heartbeats}: {@link FeedEvent.Heartbeat} at the envelope {@code timestamp} (its
 *       {@code current_time} is not ISO-8601);</li>
 *   <li>{@code subscriptions}: the subscriptions the socket holds after a (un)subscribe, {@link FeedEvent.Subscribed}
 *       or, when none are left, {@link FeedEvent.Unsubscribed} {@code "*"};</li>
 *   <li>{@code {"type":"error","message":…}}: {@link FeedEvent.Rejected} with code 0 (no numeric code).</li>
 * </ul>
 * Other channels (ticker, level2 as {@code l2_data}, candles, status) are {@link FeedEvent.Unhandled}.
 *
 * <p><b>Taker side, unconfirmed:</b> {@code side} {@code BUY}/{@code SELL} is read as the taker's side. The
 * documentation does not say whether it is the maker's or the taker's; cryptofeed and ccxt read it as the taker's.
 * Compare with the Exchange feed's matches (same {@code trade_id}) before relying on it; any other value is UNKNOWN.
 * {@code trade_id} is a string here, with the same values as the Exchange feed's numbers.
 */
public final class CoinbaseAdvancedCodec implements ExchangeCodec {

    private static final JsonFactory JSON = FrameJson.FACTORY;

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        Envelope e;
        try {
            e = Envelope.read(frame);
        } catch (IOException | RuntimeException ex) {
            return new FeedEvent.Malformed("not a JSON object: " + ex.getMessage(), frame);
        }
        if (e == null) {
            return new FeedEvent.Malformed("not a JSON object", frame);
        }
        if (e.channel == null) {
            if ("error".equals(e.type)) {
                return new FeedEvent.Rejected(CoinbaseCodec.NO_CODE, e.message, e.reason);
            }
            return e.type == null ? new FeedEvent.Malformed("no channel or type field", frame) : new FeedEvent.Unhandled(e.type);
        }
        return switch (e.channel) {
            case CoinbaseAdvancedSubscriptions.MARKET_TRADES -> trades(e, frame, receivedAt);
            case CoinbaseAdvancedSubscriptions.HEARTBEATS -> heartbeat(e, frame);
            case "subscriptions" -> e.subscriptions.values().stream().allMatch(List::isEmpty)
                    ? new FeedEvent.Unsubscribed("*", "no subscriptions left")
                    : new FeedEvent.Subscribed(CoinbaseCodec.describe(e.subscriptions));
            default -> new FeedEvent.Unhandled(e.channel);
        };
    }

    private static FeedEvent heartbeat(Envelope e, String frame) {
        if (e.timestamp == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(CoinbaseCodec.time(e.timestamp));
        } catch (DateTimeParseException ex) {
            return new FeedEvent.Malformed("heartbeats timestamp is not ISO-8601: " + e.timestamp, frame);
        }
    }

    private static FeedEvent trades(Envelope e, String frame, Instant receivedAt) {
        if (!e.hasTrades) {
            return new FeedEvent.Malformed("market_trades without an events[].trades array", frame);
        }
        List<Trade> trades = new ArrayList<>(e.trades.size());
        for (int i = 0; i < e.trades.size(); i++) {
            Map<String, String> t = e.trades.get(i);
            String missing = missingTradeField(t);
            if (missing != null) {
                return new FeedEvent.Malformed("market_trades trade " + i + " without " + missing, frame);
            }
            try {
                trades.add(Trade.of(CoinbaseSymbols.market(t.get("product_id")), takerSide(t.get("side")),
                        new BigDecimal(t.get("price")), new BigDecimal(t.get("size")), t.get("trade_id"),
                        CoinbaseCodec.time(t.get("time")), receivedAt));
            } catch (RuntimeException ex) {
                return new FeedEvent.Malformed("bad market_trades trade " + i + ": " + ex.getMessage(), frame);
            }
        }
        return new FeedEvent.Trades(trades);
    }

    private static TakerSide takerSide(String side) {
        return switch (side) {
            case "BUY" -> TakerSide.BUY;
            case "SELL" -> TakerSide.SELL;
            default -> TakerSide.UNKNOWN;
        };
    }

    private static String missingTradeField(Map<String, String> t) {
        for (String field : List.of("trade_id", "product_id", "side", "price", "size", "time")) {
            if (t.get(field) == null) {
                return field;
            }
        }
        return null;
    }

    /** The envelope fields, the trades of every event and the subscriptions lists, as token text. */
    private static final class Envelope {
        String channel, type, message, reason, timestamp;
        final List<Map<String, String>> trades = new ArrayList<>();
        boolean hasTrades;
        final Map<String, List<String>> subscriptions = new LinkedHashMap<>();

        static Envelope read(String frame) throws IOException {
            try (JsonParser p = JSON.createParser(frame)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Envelope e = new Envelope();
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("events") && value == JsonToken.START_ARRAY) {
                        e.readEvents(p);
                    } else if (value.isStructStart()) {
                        p.skipChildren();
                    } else {
                        String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                        switch (name) {
                            case "channel" -> e.channel = text;
                            case "type" -> e.type = text;
                            case "message" -> e.message = text;
                            case "reason" -> e.reason = text;
                            case "timestamp" -> e.timestamp = text;
                            default -> { }
                        }
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + token);
                }
                if (p.nextToken() != null) {
                    throw new IOException("trailing content after the object");
                }
                return e;
            }
        }

        private void readEvents(JsonParser p) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("an event that is not an object: " + token);
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("trades") && value == JsonToken.START_ARRAY) {
                        hasTrades = true;
                        readTrades(p);
                    } else if (name.equals("subscriptions") && value == JsonToken.START_OBJECT) {
                        readSubscriptions(p);
                    } else if (value.isStructStart()) {
                        p.skipChildren();
                    }
                }
            }
        }

        private void readTrades(JsonParser p) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("a trade that is not an object: " + token);
                }
                Map<String, String> trade = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    // Every trade field is a string on this feed; any other type is as good as absent.
                    if (value.isStructStart()) {
                        p.skipChildren();
                    } else if (value == JsonToken.VALUE_STRING) {
                        trade.put(name, p.getText());
                    }
                }
                trades.add(trade);
            }
        }

        /** {@code {"market_trades":["BTC-USD"],"heartbeats":["heartbeats"]}} */
        private void readSubscriptions(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String channel = p.currentName();
                List<String> products = subscriptions.computeIfAbsent(channel, c -> new ArrayList<>());
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new IOException("subscriptions of " + channel + " are not an array");
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw new IOException("a product id that is not a string: " + p.currentToken());
                    }
                    products.add(p.getText());
                }
            }
        }
    }
}
