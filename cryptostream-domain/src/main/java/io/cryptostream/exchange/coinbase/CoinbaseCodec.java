package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private static final JsonFactory JSON = FrameJson.FACTORY;

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        Fields f;
        try {
            f = Fields.read(frame);
        } catch (IOException | RuntimeException e) {
            return new FeedEvent.Malformed("not a JSON object: " + e.getMessage(), frame);
        }
        if (f == null) {
            return new FeedEvent.Malformed("not a JSON object", frame);
        }
        if (f.type == null) {
            return new FeedEvent.Malformed("no type field", frame);
        }
        return switch (f.type) {
            case "match", "last_match" -> trade(f, frame, receivedAt);
            case "heartbeat" -> heartbeat(f, frame);
            case "subscriptions" -> f.channels.isEmpty()
                    ? new FeedEvent.Unsubscribed("*", "no subscriptions left")
                    : new FeedEvent.Subscribed(describe(f.channels));
            case "error" -> new FeedEvent.Rejected(NO_CODE, f.message, f.reason);
            default -> new FeedEvent.Unhandled(f.type);
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
        return OffsetDateTime.parse(text).toInstant();
    }

    private static FeedEvent heartbeat(Fields f, String frame) {
        if (f.time == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(time(f.time));
        } catch (DateTimeParseException e) {
            return new FeedEvent.Malformed("heartbeat time is not ISO-8601: " + f.time, frame);
        }
    }

    private static FeedEvent trade(Fields f, String frame, Instant receivedAt) {
        String missing = f.missingTradeField();
        if (missing != null) {
            return new FeedEvent.Malformed(f.type + " without " + missing, frame);
        }
        TakerSide taker = switch (f.side) {
            case "sell" -> TakerSide.BUY;
            case "buy" -> TakerSide.SELL;
            default -> null;
        };
        if (taker == null) {
            return new FeedEvent.Malformed(f.type + " side is neither buy nor sell: " + f.side, frame);
        }
        try {
            Market market = CoinbaseSymbols.market(f.productId);
            return new FeedEvent.Trades(List.of(Trade.of(market, taker, new BigDecimal(f.price),
                    new BigDecimal(f.size), f.tradeId, time(f.time), receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad " + f.type + " field: " + e.getMessage(), frame);
        }
    }

    /** The fields this codec reads, as token text; {@code channels} is the only nesting it reads. */
    private static final class Fields {
        String type, tradeId, side, size, price, productId, time, message, reason;
        final Map<String, List<String>> channels = new LinkedHashMap<>();

        static Fields read(String frame) throws IOException {
            try (JsonParser p = JSON.createParser(frame)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Fields f = new Fields();
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("channels") && value == JsonToken.START_ARRAY) {
                        readChannels(p, f.channels);
                        continue;
                    }
                    if (value.isStructStart()) {
                        p.skipChildren();
                        continue;
                    }
                    String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                    switch (name) {
                        case "type" -> f.type = text;
                        case "trade_id" -> f.tradeId = text;
                        case "side" -> f.side = text;
                        case "size" -> f.size = text;
                        case "price" -> f.price = text;
                        case "product_id" -> f.productId = text;
                        case "time" -> f.time = text;
                        case "message" -> f.message = text;
                        case "reason" -> f.reason = text;
                        default -> { }
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + token);
                }
                if (p.nextToken() != null) {
                    throw new IOException("trailing content after the object");
                }
                return f;
            }
        }

        /** Entries are channel names or {@code {"name":…,"product_ids":[…]}}. */
        private static void readChannels(JsonParser p, Map<String, List<String>> channels) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.VALUE_STRING) {
                    channels.putIfAbsent(p.getText(), new ArrayList<>());
                } else if (token == JsonToken.START_OBJECT) {
                    String name = null;
                    List<String> products = new ArrayList<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if (field.equals("product_ids") && value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                if (p.currentToken() != JsonToken.VALUE_STRING) {
                                    throw new IOException("a product id that is not a string: " + p.currentToken());
                                }
                                products.add(p.getText());
                            }
                        } else if (value.isStructStart()) {
                            p.skipChildren();
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
        }

        String missingTradeField() {
            if (tradeId == null) return "trade_id";
            if (side == null) return "side";
            if (size == null) return "size";
            if (price == null) return "price";
            if (productId == null) return "product_id";
            if (time == null) return "time";
            return null;
        }
    }
}
