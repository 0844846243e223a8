package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FieldNames;
import io.cryptostream.feed.FrameObject;
import io.cryptostream.feed.MarketCache;
import io.cryptostream.feed.WireTime;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

    private static final Map<String, FrameObject.ArrayReader> ARRAYS = Map.of("events", Events::read);
    private static final List<String> TRADE_FIELDS = List.of("trade_id", "product_id", "side", "price", "size", "time");

    private final MarketCache markets = new MarketCache();

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decode(frame, ARRAYS, envelope -> decode(envelope, frame, receivedAt));
    }

    private FeedEvent decode(FrameObject envelope, String frame, Instant receivedAt) {
        String channel = envelope.text("channel");
        String type = envelope.text("type");
        if (channel == null) {
            if ("error".equals(type)) {
                return new FeedEvent.Rejected(CoinbaseCodec.NO_CODE, envelope.text("message"), envelope.text("reason"));
            }
            return type == null ? new FeedEvent.Malformed("no channel or type field", frame) : new FeedEvent.Unhandled(type);
        }
        Events events = envelope.array("events", Events.NONE);
        return switch (channel) {
            case CoinbaseAdvancedSubscriptions.MARKET_TRADES -> trades(events, frame, receivedAt);
            case CoinbaseAdvancedSubscriptions.HEARTBEATS -> heartbeat(envelope.text("timestamp"), frame);
            case "subscriptions" -> events.subscriptions.values().stream().allMatch(List::isEmpty)
                    ? new FeedEvent.Unsubscribed("*", "no subscriptions left")
                    : new FeedEvent.Subscribed(CoinbaseCodec.describe(events.subscriptions));
            default -> new FeedEvent.Unhandled(channel);
        };
    }

    private static FeedEvent heartbeat(String timestamp, String frame) {
        if (timestamp == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(CoinbaseCodec.time(timestamp));
        } catch (DateTimeParseException ex) {
            return new FeedEvent.Malformed("heartbeats timestamp is not ISO-8601: " + timestamp, frame);
        }
    }

    private FeedEvent trades(Events e, String frame, Instant receivedAt) {
        if (!e.hasTrades) {
            return new FeedEvent.Malformed("market_trades without an events[].trades array", frame);
        }
        List<Trade> trades = new ArrayList<>(e.trades.size());
        for (int i = 0; i < e.trades.size(); i++) {
            FrameObject t = e.trades.get(i);
            String missing = missingTradeField(t);
            if (missing != null) {
                return new FeedEvent.Malformed("market_trades trade " + i + " without " + missing, frame);
            }
            try {
                trades.add(Trade.of(CoinbaseSymbols.market(t, markets), takerSide(t), t.decimal("price"), t.decimal("size"),
                        t.text("trade_id"), t.parse("time", WireTime::iso), receivedAt));
            } catch (RuntimeException ex) {
                return new FeedEvent.Malformed("bad market_trades trade " + i + ": " + ex.getMessage(), frame);
            }
        }
        return new FeedEvent.Trades(trades);
    }

    private static TakerSide takerSide(FrameObject t) {
        return t.textIs("side", "BUY") ? TakerSide.BUY : t.textIs("side", "SELL") ? TakerSide.SELL : TakerSide.UNKNOWN;
    }

    /** Every trade field is a string on this feed; any other type is as good as absent. */
    private static String missingTradeField(FrameObject t) {
        for (String field : TRADE_FIELDS) {
            if (t.token(field) != JsonToken.VALUE_STRING) {
                return field;
            }
        }
        return null;
    }

    /** The trades of every event and the subscriptions lists of an {@code events} array, as token text. */
    private static final class Events {
        static final Events NONE = new Events();

        final List<FrameObject> trades = new ArrayList<>();
        boolean hasTrades;
        final Map<String, List<String>> subscriptions = new LinkedHashMap<>();

        static Events read(JsonParser p, String frame, char[] chars) throws IOException {
            Events events = new Events();
            events.readEvents(p, frame, chars);
            return events;
        }

        private void readEvents(JsonParser p, String frame, char[] chars) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("an event that is not an object: " + token);
                }
                FieldNames fields = new FieldNames();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    fields.add(name);
                    JsonToken value = p.nextToken();
                    if (name.equals("trades") && value == JsonToken.START_ARRAY) {
                        hasTrades = true;
                        readTrades(p, frame, chars);
                    } else if (name.equals("subscriptions") && value == JsonToken.START_OBJECT) {
                        readSubscriptions(p);
                    } else if (value.isStructStart()) {
                        FrameObject.skip(p);
                    }
                }
            }
        }

        private void readTrades(JsonParser p, String frame, char[] chars) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("a trade that is not an object: " + token);
                }
                trades.add(FrameObject.read(p, frame, chars));
            }
        }

        /** {@code {"market_trades":["BTC-USD"],"heartbeats":["heartbeats"]}} */
        private void readSubscriptions(JsonParser p) throws IOException {
            FieldNames channels = new FieldNames();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String channel = p.currentName();
                channels.add(channel);
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
