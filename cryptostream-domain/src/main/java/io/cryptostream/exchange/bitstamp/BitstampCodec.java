package io.cryptostream.exchange.bitstamp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes Bitstamp WebSocket API v2 frames ({@code {"event":...,"channel":...,"data":...}}, docs/venues.md):
 *
 * <ul>
 *   <li>{@code trade} on {@code live_trades_<pair>}: {@code type} 0 = buy, 1 = sell is the taker's side; price and
 *       amount from the {@code _str} twins (the numbers may be doubles such as {@code 1e-08}); the event time is
 *       {@code microtimestamp} in µs, or {@code timestamp} in s when it is absent;</li>
 *   <li>{@code order_created}/{@code order_changed}/{@code order_deleted} on {@code live_orders_<pair>}:
 *       {@code order_type} 0 = bid, 1 = ask; the id from {@code id_str}, else {@code id};</li>
 *   <li>{@code bts:subscription_succeeded}, {@code bts:unsubscription_succeeded}, {@code bts:heartbeat} (the answer
 *       to the client's heartbeat), {@code bts:request_reconnect} and {@code bts:error} (code 0 when the venue sends
 *       {@code null}).</li>
 * </ul>
 *
 * Everything else well-formed is {@link FeedEvent.Unhandled} named {@code "<event> on <channel family>"}, e.g.
 * {@code data on diff_order_book}. That includes the private {@code private-my_orders_*} and
 * {@code private-my_trades_*} channels: they describe one account's orders (market orders appear there with the
 * sentinel prices 0 and 999999999), not the public book, and cryptostream never subscribes to them.
 */
public final class BitstampCodec implements ExchangeCodec {

    static final String BUY_TYPE = "0";
    static final String SELL_TYPE = "1";
    static final String BID_ORDER_TYPE = "0";
    static final String ASK_ORDER_TYPE = "1";

    private static final JsonFactory JSON = FrameJson.FACTORY;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d+");
    private static final long MICROS_PER_SECOND = 1_000_000L;

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
        if (f.event == null) {
            return new FeedEvent.Malformed("no event field", frame);
        }
        String channel = f.channel == null ? "" : f.channel;
        return switch (f.event) {
            case "trade" -> isChannel(channel, BitstampChannel.LIVE_TRADES)
                    ? trade(f, channel, frame, receivedAt) : unhandled(f.event, channel);
            case "order_created", "order_changed", "order_deleted" -> isChannel(channel, BitstampChannel.LIVE_ORDERS)
                    ? order(f, channel, frame, receivedAt) : unhandled(f.event, channel);
            case "bts:subscription_succeeded" -> new FeedEvent.Subscribed(channel);
            case "bts:unsubscription_succeeded" -> new FeedEvent.Unsubscribed(channel, null);
            case "bts:heartbeat" -> new FeedEvent.Heartbeat(null);
            case "bts:request_reconnect" -> new FeedEvent.ReconnectRequested(
                    f.dataText == null || f.dataText.isBlank() ? f.event : f.event + ": " + f.dataText);
            case "bts:error" -> error(f, channel);
            default -> unhandled(f.event, channel);
        };
    }

    private static boolean isChannel(String channel, BitstampChannel kind) {
        return BitstampChannel.kindOf(channel).filter(kind::equals).isPresent();
    }

    private static FeedEvent unhandled(String event, String channel) {
        if (channel.isEmpty()) {
            return new FeedEvent.Unhandled(event);
        }
        int pairStart = channel.lastIndexOf('_');
        return new FeedEvent.Unhandled(event + " on " + (pairStart > 0 ? channel.substring(0, pairStart) : channel));
    }

    private static FeedEvent error(Fields f, String channel) {
        int code;
        try {
            code = f.code == null ? 0 : Integer.parseInt(f.code);
        } catch (NumberFormatException e) {
            code = 0;
        }
        String reason = f.message != null ? f.message : f.dataText;
        String detail = channel.isEmpty() ? null : "channel " + channel;
        return new FeedEvent.Rejected(code, reason, detail);
    }

    private static FeedEvent trade(Fields f, String channel, String frame, Instant receivedAt) {
        String price = f.priceStr != null ? f.priceStr : f.price;
        String amount = f.amountStr != null ? f.amountStr : f.amount;
        String missing = f.id == null ? "id" : f.type == null ? "type" : price == null ? "price"
                : amount == null ? "amount" : f.microtimestamp == null && f.timestamp == null ? "microtimestamp" : null;
        if (missing != null) {
            return new FeedEvent.Malformed("trade without " + missing, frame);
        }
        if (!WHOLE_NUMBER.matcher(f.type).matches()) {
            return new FeedEvent.Malformed("trade type is not a whole number: " + f.type, frame);
        }
        try {
            Market market = BitstampChannel.LIVE_TRADES.marketOf(channel);
            TakerSide side = switch (f.type) {
                case BUY_TYPE -> TakerSide.BUY;
                case SELL_TYPE -> TakerSide.SELL;
                // Bitstamp documents only 0 and 1; a trade of a new kind still counts in volume.
                default -> TakerSide.UNKNOWN;
            };
            return new FeedEvent.Trades(List.of(Trade.of(market, side, new BigDecimal(price), new BigDecimal(amount),
                    f.id, eventTime(f.microtimestamp, f.timestamp), receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad trade field: " + e.getMessage(), frame);
        }
    }

    private static FeedEvent order(Fields f, String channel, String frame, Instant receivedAt) {
        String id = f.idStr != null ? f.idStr : f.id;
        String price = f.priceStr != null ? f.priceStr : f.price;
        String amount = f.amountStr != null ? f.amountStr : f.amount;
        String missing = id == null ? "id" : f.orderType == null ? "order_type" : price == null ? "price"
                : amount == null ? "amount" : f.microtimestamp == null && f.datetime == null ? "microtimestamp" : null;
        if (missing != null) {
            return new FeedEvent.Malformed(f.event + " without " + missing, frame);
        }
        OrderSide side = switch (f.orderType) {
            case BID_ORDER_TYPE -> OrderSide.BUY;
            case ASK_ORDER_TYPE -> OrderSide.SELL;
            default -> null;
        };
        if (side == null) {
            return new FeedEvent.Malformed("order_type must be 0 (bid) or 1 (ask), was " + f.orderType, frame);
        }
        OrderAction action = switch (f.event) {
            case "order_created" -> OrderAction.CREATED;
            case "order_changed" -> OrderAction.CHANGED;
            default -> OrderAction.DELETED;
        };
        try {
            Market market = BitstampChannel.LIVE_ORDERS.marketOf(channel);
            return new FeedEvent.Orders(List.of(new OrderEvent(market.exchange(), market.base(), market.quote(), side,
                    action, id, new BigDecimal(price), new BigDecimal(amount), eventTime(f.microtimestamp, f.datetime),
                    receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad " + f.event + " field: " + e.getMessage(), frame);
        }
    }

    /** µs when the venue sends them (as a string), else whole seconds. */
    private static Instant eventTime(String micros, String seconds) {
        if (micros != null) {
            long us = new BigDecimal(micros).longValueExact();
            return Instant.ofEpochSecond(Math.floorDiv(us, MICROS_PER_SECOND), Math.floorMod(us, MICROS_PER_SECOND) * 1_000L);
        }
        return Instant.ofEpochSecond(new BigDecimal(seconds).longValueExact());
    }

    /** The fields this codec reads, as token text: the envelope and the scalars of {@code data}. One pass. */
    private static final class Fields {
        String event, channel, dataText;
        String id, idStr, type, orderType, price, priceStr, amount, amountStr, microtimestamp, timestamp, datetime;
        String code, message;

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
                    if (name.equals("data") && value == JsonToken.START_OBJECT) {
                        f.readData(p);
                    } else if (value.isStructStart()) {
                        p.skipChildren();
                    } else {
                        String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                        switch (name) {
                            case "event" -> f.event = text;
                            case "channel" -> f.channel = text;
                            case "data" -> f.dataText = text;
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
                return f;
            }
        }

        private void readData(JsonParser p) throws IOException {
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                    continue;
                }
                String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                switch (name) {
                    case "id" -> id = text;
                    case "id_str" -> idStr = text;
                    case "type" -> type = text;
                    case "order_type" -> orderType = text;
                    case "price" -> price = text;
                    case "price_str" -> priceStr = text;
                    case "amount" -> amount = text;
                    case "amount_str" -> amountStr = text;
                    case "microtimestamp" -> microtimestamp = text;
                    case "timestamp" -> timestamp = text;
                    case "datetime" -> datetime = text;
                    case "code" -> code = text;
                    case "message" -> message = text;
                    default -> { }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("unexpected " + token + " in data");
            }
        }
    }
}
