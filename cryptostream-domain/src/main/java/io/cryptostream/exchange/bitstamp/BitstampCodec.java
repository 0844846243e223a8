package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameObject;
import io.cryptostream.feed.MarketCache;
import io.cryptostream.feed.WireTime;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d+");
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** The markets of the live_trades channels seen, by channel name. */
    private final MarketCache tradeMarkets = new MarketCache();

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decodeKind(frame, "event", Map.of(), (envelope, event) -> decode(envelope, event, frame, receivedAt));
    }

    private FeedEvent decode(FrameObject envelope, String event, String frame, Instant receivedAt) {
        if (event.equals("trade")) {
            Market known = tradeMarkets.find(envelope, "channel");
            if (known != null) {
                return trade(envelope.objectOrEmpty("data"), known, null, frame, receivedAt);
            }
        }
        String channel = envelope.text("channel") == null ? "" : envelope.text("channel");
        String dataText = envelope.text("data");
        FrameObject data = envelope.objectOrEmpty("data");
        return switch (event) {
            case "trade" -> isChannel(channel, BitstampChannel.LIVE_TRADES)
                    ? trade(data, null, channel, frame, receivedAt) : unhandled(event, channel);
            case "order_created", "order_changed", "order_deleted" -> isChannel(channel, BitstampChannel.LIVE_ORDERS)
                    ? order(event, data, channel, frame, receivedAt) : unhandled(event, channel);
            case "bts:subscription_succeeded" -> new FeedEvent.Subscribed(channel);
            case "bts:unsubscription_succeeded" -> new FeedEvent.Unsubscribed(channel, null);
            case "bts:heartbeat" -> new FeedEvent.Heartbeat(null);
            case "bts:request_reconnect" -> new FeedEvent.ReconnectRequested(
                    dataText == null || dataText.isBlank() ? event : event + ": " + dataText);
            case "bts:error" -> error(data, dataText, channel);
            default -> unhandled(event, channel);
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

    private static FeedEvent error(FrameObject data, String dataText, String channel) {
        String codeText = data.text("code");
        int code;
        try {
            code = codeText == null ? 0 : Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            code = 0;
        }
        String reason = data.text("message") != null ? data.text("message") : dataText;
        String detail = channel.isEmpty() ? null : "channel " + channel;
        return new FeedEvent.Rejected(code, reason, detail);
    }

    /** A trade of the market {@code known}, or when it is null of {@code channel}'s. */
    private FeedEvent trade(FrameObject f, Market known, String channel, String frame, Instant receivedAt) {
        String price = twinName(f, "price_str", "price");
        String amount = twinName(f, "amount_str", "amount");
        boolean micros = f.hasValue("microtimestamp");
        String missing = !f.hasValue("id") ? "id" : !f.hasValue("type") ? "type" : !f.hasValue(price) ? "price"
                : !f.hasValue(amount) ? "amount" : !micros && !f.hasValue("timestamp") ? "microtimestamp" : null;
        if (missing != null) {
            return new FeedEvent.Malformed("trade without " + missing, frame);
        }
        TakerSide side = f.textIs("type", BUY_TYPE) ? TakerSide.BUY : f.textIs("type", SELL_TYPE) ? TakerSide.SELL
                // Bitstamp documents only 0 and 1; a trade of a new kind still counts in volume.
                : TakerSide.UNKNOWN;
        if (side == TakerSide.UNKNOWN && !WHOLE_NUMBER.matcher(f.text("type")).matches()) {
            return new FeedEvent.Malformed("trade type is not a whole number: " + f.text("type"), frame);
        }
        try {
            Market market = known;
            if (market == null) {
                market = BitstampChannel.LIVE_TRADES.marketOf(channel);
                tradeMarkets.add(market, channel);
            }
            Instant eventTime = micros ? f.parse("microtimestamp", WireTime::epochMicros)
                    : f.parse("timestamp", WireTime::epochSeconds);
            return new FeedEvent.Trades(List.of(Trade.of(market, side, f.decimal(price), f.decimal(amount),
                    f.text("id"), eventTime, receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad trade field: " + e.getMessage(), frame);
        }
    }

    /** The field holding a number's exact value: its {@code <name>_str} twin {@code exact} when the venue sends one. */
    private static String twinName(FrameObject f, String exact, String name) {
        return f.hasValue(exact) ? exact : name;
    }

    private static FeedEvent order(String event, FrameObject f, String channel, String frame, Instant receivedAt) {
        String id = twin(f, "id");
        String orderType = f.text("order_type");
        String price = twin(f, "price");
        String amount = twin(f, "amount");
        String micros = f.text("microtimestamp");
        String seconds = f.text("datetime");
        String missing = id == null ? "id" : orderType == null ? "order_type" : price == null ? "price"
                : amount == null ? "amount" : micros == null && seconds == null ? "microtimestamp" : null;
        if (missing != null) {
            return new FeedEvent.Malformed(event + " without " + missing, frame);
        }
        OrderSide side = switch (orderType) {
            case BID_ORDER_TYPE -> OrderSide.BUY;
            case ASK_ORDER_TYPE -> OrderSide.SELL;
            default -> null;
        };
        if (side == null) {
            return new FeedEvent.Malformed("order_type must be 0 (bid) or 1 (ask), was " + orderType, frame);
        }
        OrderAction action = switch (event) {
            case "order_created" -> OrderAction.CREATED;
            case "order_changed" -> OrderAction.CHANGED;
            default -> OrderAction.DELETED;
        };
        try {
            Market market = BitstampChannel.LIVE_ORDERS.marketOf(channel);
            return new FeedEvent.Orders(List.of(new OrderEvent(market.exchange(), market.base(), market.quote(), side,
                    action, id, new BigDecimal(price), new BigDecimal(amount), eventTime(micros, seconds),
                    receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad " + event + " field: " + e.getMessage(), frame);
        }
    }

    /** The exact {@code <name>_str} twin the venue sends next to a number (which may be a double such as 1e-08), else the number. */
    private static String twin(FrameObject f, String name) {
        String exact = f.text(name + "_str");
        return exact != null ? exact : f.text(name);
    }

    /** µs when the venue sends them (as a string), else whole seconds. */
    private static Instant eventTime(String micros, String seconds) {
        if (micros != null) {
            long us = new BigDecimal(micros).longValueExact();
            return Instant.ofEpochSecond(Math.floorDiv(us, MICROS_PER_SECOND), Math.floorMod(us, MICROS_PER_SECOND) * 1_000L);
        }
        return Instant.ofEpochSecond(new BigDecimal(seconds).longValueExact());
    }
}
