package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
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
import java.util.stream.Collectors;

/**
 * Decodes Coinbase Exchange feed frames (docs/venues.md): {@code match} and
 * {@code last_match} trades, {@code heartbeat}, the {@code subscriptions} acknowledgement and {@code error}. Every
 * other type (ticker, snapshot, l2update, full-channel orders) is {@link FeedEvent.Unhandled}.
 *
 * <p>{@code side} on a match is the <em>maker</em> order's side, so the taker side is its opposite: a
 * {@code "side":"sell"} match is a taker BUY. {@code last_match}, the latest trade sent once per product on
 * subscribe, is a real trade and decodes like a match (a repeat after a resubscribe is the dedupe's business).
 * {@code trade_id} is kept as its text; {@code time} is the event time at the venue's microseconds.
 *
 * <p>A {@code subscriptions} frame lists every subscription the socket holds after a (un)subscribe: an empty list
 * is {@link FeedEvent.Unsubscribed} {@code "*"}, any other is {@link FeedEvent.Subscribed} with the list as text.
 * Coinbase errors carry no numeric code: they are {@link FeedEvent.Rejected} with code 0, the {@code message} as
 * reason and the venue's {@code reason} as detail.
 */
public final class CoinbaseCodec implements ExchangeCodec {

    /** Coinbase errors have no numeric code. */
    public static final int NO_CODE = 0;

    /** A match's required fields, in the order a missing one is reported. */
    private static final List<String> TRADE_FIELDS = List.of("trade_id", "side", "size", "price", "product_id", "time");

    private static final Map<String, FrameObject.ArrayReader> ARRAYS = Map.of("channels", (p, frame, chars) -> channels(p));

    private final MarketCache markets = new MarketCache();

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decodeKind(frame, "type", ARRAYS, (f, type) -> decode(f, type, frame, receivedAt));
    }

    private FeedEvent decode(FrameObject f, String type, String frame, Instant receivedAt) {
        Map<String, List<String>> channels = f.array("channels", Map.of());
        return switch (type) {
            case "match", "last_match" -> trade(type, f, frame, receivedAt);
            case "heartbeat" -> heartbeat(f.text("time"), frame);
            case "subscriptions" -> channels.isEmpty()
                    ? new FeedEvent.Unsubscribed("*", "no subscriptions left")
                    : new FeedEvent.Subscribed(describe(channels));
            case "error" -> new FeedEvent.Rejected(NO_CODE, f.text("message"), f.text("reason"));
            default -> new FeedEvent.Unhandled(type);
        };
    }

    /** {@code matches: BTC-USD, ETH-USD; heartbeat: BTC-USD}, in the venue's order. */
    static String describe(Map<String, List<String>> channels) {
        return channels.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** ISO-8601 with any number of fraction digits and a Z or numeric offset, as both Coinbase feeds write it. */
    static Instant time(String text) {
        return WireTime.iso(text, 0, text.length());
    }

    private static FeedEvent heartbeat(String time, String frame) {
        if (time == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(time(time));
        } catch (DateTimeParseException e) {
            return new FeedEvent.Malformed("heartbeat time is not ISO-8601: " + time, frame);
        }
    }

    private FeedEvent trade(String type, FrameObject f, String frame, Instant receivedAt) {
        for (String field : TRADE_FIELDS) {
            if (!f.hasValue(field)) {
                return new FeedEvent.Malformed(type + " without " + field, frame);
            }
        }
        TakerSide taker = f.textIs("side", "sell") ? TakerSide.BUY : f.textIs("side", "buy") ? TakerSide.SELL : null;
        if (taker == null) {
            return new FeedEvent.Malformed(type + " side is neither buy nor sell: " + f.text("side"), frame);
        }
        try {
            Market market = CoinbaseSymbols.market(f, markets);
            return new FeedEvent.Trades(List.of(Trade.of(market, taker, f.decimal("price"), f.decimal("size"),
                    f.text("trade_id"), f.parse("time", WireTime::iso), receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad " + type + " field: " + e.getMessage(), frame);
        }
    }

    /** Entries are channel names or {@code {"name":…,"product_ids":[…]}}. */
    private static Map<String, List<String>> channels(JsonParser p) throws IOException {
        Map<String, List<String>> channels = new LinkedHashMap<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_STRING) {
                channels.putIfAbsent(p.getText(), new ArrayList<>());
            } else if (token == JsonToken.START_OBJECT) {
                String name = null;
                List<String> products = new ArrayList<>();
                FieldNames fields = new FieldNames();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    fields.add(field);
                    JsonToken value = p.nextToken();
                    if (field.equals("product_ids") && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() != JsonToken.VALUE_STRING) {
                                throw new IOException("a product id that is not a string: " + p.currentToken());
                            }
                            products.add(p.getText());
                        }
                    } else if (value.isStructStart()) {
                        FrameObject.skip(p);
                    } else if (field.equals("name")) {
                        name = p.getText();
                    }
                }
                if (name == null) {
                    throw new IOException("a subscriptions channel without a name");
                }
                channels.computeIfAbsent(name, n -> new ArrayList<>()).addAll(products);
            } else {
                throw new IOException("unexpected " + token + " in channels");
            }
        }
        return channels;
    }
}
