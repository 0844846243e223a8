package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameObject;

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

    /** A match's required fields, in the order a missing one is reported. */
    private static final List<String> TRADE_FIELDS = List.of("trade_id", "side", "size", "price", "product_id", "time");

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decodeKind(frame, "type", Map.of("channels", CoinbaseCodec::channels),
                (f, type) -> decode(f, type, frame, receivedAt));
    }

    private static FeedEvent decode(FrameObject f, String type, String frame, Instant receivedAt) {
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
        return OffsetDateTime.parse(text).toInstant();
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

    private static FeedEvent trade(String type, FrameObject f, String frame, Instant receivedAt) {
        for (String field : TRADE_FIELDS) {
            if (f.text(field) == null) {
                return new FeedEvent.Malformed(type + " without " + field, frame);
            }
        }
        String side = f.text("side");
        TakerSide taker = switch (side) {
            case "sell" -> TakerSide.BUY;
            case "buy" -> TakerSide.SELL;
            default -> null;
        };
        if (taker == null) {
            return new FeedEvent.Malformed(type + " side is neither buy nor sell: " + side, frame);
        }
        try {
            Market market = CoinbaseSymbols.market(f.text("product_id"));
            return new FeedEvent.Trades(List.of(Trade.of(market, taker, new BigDecimal(f.text("price")),
                    new BigDecimal(f.text("size")), f.text("trade_id"), time(f.text("time")), receivedAt)));
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
        return channels;
    }
}
