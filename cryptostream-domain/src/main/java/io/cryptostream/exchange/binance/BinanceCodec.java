package io.cryptostream.exchange.binance;

import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameObject;
import io.cryptostream.feed.MarketCache;
import io.cryptostream.feed.WireTime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decodes Binance spot and USD-M market-stream frames, combined ({@code {"stream":..,"data":{..}}}) or raw.
 *
 * <ul>
 *   <li>{@code trade}: one trade, id {@code t} (+1 per trade per symbol), event time {@code T} in ms, price
 *       {@code p} and quantity {@code q} exactly as the wire text, taker SELL when the buyer is the maker
 *       ({@code m} true) and BUY otherwise. USD-M's execution type {@code X}: only {@code MARKET} trades are
 *       trades; {@code INSURANCE_FUND}, {@code ADL} and {@code NA} (sent with price and quantity 0) prints, which
 *       Binance leaves out of its own klines, are {@link FeedEvent.ExcludedTrade}, so they still advance the id
 *       sequence without joining any aggregate; an execution type Binance does not document is malformed, so a
 *       damaged or new one is counted rather than dropped unseen.</li>
 *   <li>{@code aggTrade}: one trade per aggregate (a taker order's fills at one price), id {@code a}. Aggregate
 *       ids are a sequence of their own, so a market must be read from {@code @trade} or {@code @aggTrade}, never
 *       both; cryptostream subscribes {@code @trade}.</li>
 *   <li>{@code {"result":null,"id":N}}: {@link FeedEvent.Unsubscribed} for {@link BinanceSubscriptions#UNSUBSCRIBE_ID},
 *       otherwise {@link FeedEvent.Subscribed}; a list result answers LIST_SUBSCRIPTIONS, the client's ping, and is
 *       a {@link FeedEvent.Heartbeat}.</li>
 *   <li>{@code {"code":2,"msg":..}} or {@code {"error":{"code":..,"msg":..},"id":N}}: {@link FeedEvent.Rejected}
 *       with the documented code names (0 UNKNOWN_PROPERTY, 1 INVALID_VALUE_TYPE, 2 INVALID_REQUEST,
 *       3 INVALID_JSON) and the message, ending in "(request id N)" when the error names its request.</li>
 *   <li>{@code serverShutdown}, raw, combined or as {@code {"event":{"e":"serverShutdown",..}}}:
 *       {@link FeedEvent.ReconnectRequested}.</li>
 *   <li>Everything else is {@link FeedEvent.Unhandled} by its event type {@code e}, or by its channel when it has
 *       none (spot {@code bookTicker}, {@code depth20}); trades of contracts ({@code BTCUSD_PERP}) are
 *       Unhandled as "{@code <e> <symbol>}".</li>
 * </ul>
 *
 * <p>Binance's own WebSocket pings never reach a codec: the client library answers them.
 */
public final class BinanceCodec implements ExchangeCodec {

    /** USD-M's execution type of the trades that belong in candles; spot trades carry none. */
    static final String MARKET_EXECUTION = "MARKET";
    /** The documented execution types of prints Binance leaves out of its klines; any other is counted as malformed. */
    static final Set<String> EXCLUDED_EXECUTIONS = Set.of("INSURANCE_FUND", "ADL", "NA");

    private final String exchange;
    private final Map<String, Market> marketsBySymbol;
    private final MarketCache markets = new MarketCache();

    /** A codec for {@code venue} that splits every symbol by its quote suffix. */
    public BinanceCodec(BinanceVenue venue) {
        this(venue.exchange(), List.of());
    }

    /** A codec for {@code venue} that knows the exact split of the subscribed {@code markets}. */
    public BinanceCodec(BinanceVenue venue, List<Market> markets) {
        this(venue.exchange(), markets);
    }

    /** A codec naming its trades' exchange {@code exchange}, for feeds in Binance's format on other hosts (Binance.US). */
    public BinanceCodec(String exchange, List<Market> markets) {
        this.exchange = exchange;
        this.marketsBySymbol = markets.stream().collect(Collectors.toUnmodifiableMap(
                BinanceSymbols::symbol, Function.identity(), (first, second) -> first));
    }

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decode(frame, top -> decode(top, frame, receivedAt));
    }

    private FeedEvent decode(FrameObject top, String frame, Instant receivedAt) {
        FrameObject data = top.object("data");
        if (data != null) {
            return event(data, top, frame, receivedAt);
        }
        if (top.hasArray("data")) {
            String stream = top.text("stream");
            return new FeedEvent.Unhandled(stream == null ? "data array" : channel(stream));
        }
        FrameObject event = top.object("event");
        if (event != null) {
            return event(event, null, frame, receivedAt);
        }
        FrameObject error = top.object("error");
        if (error != null) {
            return rejected(error, top.text("id"), frame);
        }
        if (top.has("code")) {
            return rejected(top, top.text("id"), frame);
        }
        if (top.has("result") || top.hasArray("result")) {
            return response(top);
        }
        return event(top, top, frame, receivedAt);
    }

    /** The event in {@code payload}; {@code envelope}, when there is one, may name its stream. */
    private FeedEvent event(FrameObject payload, FrameObject envelope, String frame, Instant receivedAt) {
        if (payload.textIs("e", "trade")) {
            return trade(payload, "trade", "t", frame, receivedAt);
        }
        if (payload.textIs("e", "aggTrade")) {
            return trade(payload, "aggTrade", "a", frame, receivedAt);
        }
        String type = payload.text("e");
        if (type == null) {
            String stream = envelope == null ? null : envelope.text("stream");
            return new FeedEvent.Unhandled(stream == null ? "untyped" : channel(stream));
        }
        return switch (type) {
            case "serverShutdown" -> new FeedEvent.ReconnectRequested("serverShutdown"
                    + (payload.has("E") ? " at " + payload.text("E") : ""));
            default -> new FeedEvent.Unhandled(type);
        };
    }

    private FeedEvent trade(FrameObject f, String type, String idField, String frame, Instant receivedAt) {
        String missing = !f.hasValue("s") ? "s" : !f.hasValue(idField) ? idField : !f.hasValue("p") ? "p"
                : !f.hasValue("q") ? "q" : !f.hasValue("T") ? "T" : !f.hasValue("m") ? "m" : null;
        if (missing != null) {
            return new FeedEvent.Malformed(type + " without " + missing, frame);
        }
        Market market = markets.find(f, "s");
        if (market == null) {
            String symbol = f.text("s");
            if (symbol.contains("_")) {
                return new FeedEvent.Unhandled(type + " " + symbol);
            }
            Optional<Market> known = Optional.ofNullable(marketsBySymbol.get(symbol))
                    .or(() -> BinanceSymbols.split(exchange, symbol));
            if (known.isEmpty()) {
                return new FeedEvent.Malformed(type + " of symbol " + symbol + ", which ends with none of the known "
                        + "quote assets " + BinanceSymbols.QUOTE_ASSETS, frame);
            }
            market = known.get();
            markets.add(market, symbol);
        }
        TakerSide side = f.textIs("m", "true") ? TakerSide.SELL : f.textIs("m", "false") ? TakerSide.BUY : null;
        if (side == null) {
            return new FeedEvent.Malformed(type + " with m not a boolean: " + f.text("m"), frame);
        }
        if (f.token(idField) != JsonToken.VALUE_NUMBER_INT || f.token("T") != JsonToken.VALUE_NUMBER_INT) {
            return new FeedEvent.Malformed(type + " with " + idField + " or T not an integer", frame);
        }
        String execution = f.text("X");
        if (execution != null && !execution.equals(MARKET_EXECUTION)) {
            return EXCLUDED_EXECUTIONS.contains(execution)
                    ? new FeedEvent.ExcludedTrade(market, f.text(idField), execution)
                    : new FeedEvent.Malformed(type + " of unknown execution type X=" + execution, frame);
        }
        try {
            Instant eventTime = f.parse("T", WireTime::epochMillis);
            return new FeedEvent.Trades(List.of(Trade.of(market, side, f.decimal("p"), f.decimal("q"), f.text(idField),
                    eventTime, receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad " + type + " field: " + e.getMessage(), frame);
        }
    }

    private static FeedEvent response(FrameObject top) {
        String id = top.text("id");
        if (top.hasArray("result")) {
            return new FeedEvent.Heartbeat(null);
        }
        if (top.text("result") != null) {
            return new FeedEvent.Unhandled("result");
        }
        if (String.valueOf(BinanceSubscriptions.UNSUBSCRIBE_ID).equals(id)) {
            return new FeedEvent.Unsubscribed("id " + id, null);
        }
        return new FeedEvent.Subscribed("id " + id);
    }

    private static FeedEvent rejected(FrameObject error, String id, String frame) {
        int code;
        try {
            code = Integer.parseInt(error.text("code"));
        } catch (NumberFormatException e) {
            return new FeedEvent.Malformed("error code is not an integer: " + error.text("code"), frame);
        }
        String reason = switch (code) {
            case 0 -> "UNKNOWN_PROPERTY";
            case 1 -> "INVALID_VALUE_TYPE";
            case 2 -> "INVALID_REQUEST";
            case 3 -> "INVALID_JSON";
            default -> "ERROR";
        };
        String msg = error.text("msg");
        String detail = id == null ? msg : (msg == null ? "" : msg + " ") + "(request id " + id + ")";
        return new FeedEvent.Rejected(code, reason, detail);
    }

    /** {@code btcusdt@depth@100ms} → {@code depth@100ms}; market-wide streams ({@code !bookTicker}) stay whole. */
    private static String channel(String stream) {
        int at = stream.indexOf('@');
        return stream.startsWith("!") || at < 0 ? stream : stream.substring(at + 1);
    }
}
