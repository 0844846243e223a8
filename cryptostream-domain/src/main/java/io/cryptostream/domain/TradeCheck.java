package io.cryptostream.domain;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.cryptostream.domain.TradeJson.Field.BASE;
import static io.cryptostream.domain.TradeJson.Field.EVENT_TIME;
import static io.cryptostream.domain.TradeJson.Field.EXCHANGE;
import static io.cryptostream.domain.TradeJson.Field.PRICE;
import static io.cryptostream.domain.TradeJson.Field.QUANTITY;
import static io.cryptostream.domain.TradeJson.Field.QUOTE;
import static io.cryptostream.domain.TradeJson.Field.QUOTE_VOLUME;
import static io.cryptostream.domain.TradeJson.Field.RECEIVE_TIME;
import static io.cryptostream.domain.TradeJson.Field.SIDE;
import static io.cryptostream.domain.TradeJson.Field.TRADE_ID;

/**
 * What a valid trade is, the one definition ingest (at the edge) and the Spark job (on every record it reads)
 * apply. A trade that fails is set aside with a {@link Rejection}, never repaired or rounded:
 * <ul>
 * <li>the fields of {@link TradeJson} are present (the quote volume may be left out: it is computed);</li>
 * <li>the taker side is BUY, SELL or UNKNOWN;</li>
 * <li>price &gt; 0 and quantity &gt; 0, zero-quantity prints included in the refusals;</li>
 * <li>price within {@value #MIN_PRICE_TEXT} … {@value #MAX_PRICE_TEXT} and quantity within
 * {@value #MIN_QUANTITY_TEXT} … {@value #MAX_QUANTITY_TEXT}, the realistic range that the stored types and window
 * sums hold exactly (see docs/data-model.md);</li>
 * <li>at most {@value #MAX_FRACTION_DIGITS} fraction digits (trailing zeros aside) in price and quantity, so
 * decimal(38,18) holds them exactly;</li>
 * <li>a quote volume, when given, equal to price × quantity exactly;</li>
 * <li>an event time no earlier than {@link #EARLIEST_EVENT_TIME} and no further ahead of the receive time than the
 * configured bound, so that one wrong clock cannot move the job's watermark. Old times are fine otherwise:
 * replays of old captures must work, so nothing is measured against the current time.</li>
 * </ul>
 */
public final class TradeCheck implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_MAX_EVENT_TIME_AHEAD = Duration.ofSeconds(60);
    static final String MIN_PRICE_TEXT = "0.000000000001";
    static final String MAX_PRICE_TEXT = "1000000000";
    static final String MIN_QUANTITY_TEXT = "0.000000000001";
    static final String MAX_QUANTITY_TEXT = "1000000000000";
    public static final BigDecimal MIN_PRICE = new BigDecimal(MIN_PRICE_TEXT);
    public static final BigDecimal MAX_PRICE = new BigDecimal(MAX_PRICE_TEXT);
    public static final BigDecimal MIN_QUANTITY = new BigDecimal(MIN_QUANTITY_TEXT);
    public static final BigDecimal MAX_QUANTITY = new BigDecimal(MAX_QUANTITY_TEXT);
    public static final int MAX_FRACTION_DIGITS = 18;
    /** Bitcoin's first block: no trade of a crypto asset happened before it. */
    public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2009-01-03T18:15:05Z");
    /** Beyond this no timestamp type downstream (Spark, Cassandra, ISO-8601 without a sign) holds a time. */
    static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Every field but the quote volume, which is optional: the trade's own is price × quantity. */
    private static final List<String> REQUIRED_FIELDS = Arrays.stream(TradeJson.Field.values())
            .filter(field -> field != QUOTE_VOLUME).map(TradeJson.Field::jsonName).toList();

    private final Duration maxEventTimeAhead;

    /** @param maxEventTimeAhead how far an event time may be ahead of its receive time (clock skew between hosts) */
    public TradeCheck(Duration maxEventTimeAhead) {
        Objects.requireNonNull(maxEventTimeAhead, "maxEventTimeAhead");
        if (maxEventTimeAhead.isNegative()) {
            throw new IllegalArgumentException("maxEventTimeAhead must be zero or positive, was " + maxEventTimeAhead);
        }
        this.maxEventTimeAhead = maxEventTimeAhead;
    }

    public static TradeCheck defaults() {
        return new TradeCheck(DEFAULT_MAX_EVENT_TIME_AHEAD);
    }

    public Duration maxEventTimeAhead() {
        return maxEventTimeAhead;
    }

    /** Checks a trade a codec built; empty when it is valid. */
    public Optional<Rejection> check(Trade trade) {
        return Optional.ofNullable(rejection(trade.price(), trade.quantity(), trade.quoteVolume(), trade.eventTime(),
                trade.receiveTime()));
    }

    /**
     * Checks the typed fields of a record that is not text (the Avro form, whose schema already holds a side and
     * decimals): the text fields are present, then the same rules as for any trade. Empty when it is valid.
     */
    public Optional<Rejection> checkFields(String exchange, String base, String quote, String tradeId,
                                           BigDecimal price, BigDecimal quantity, Instant eventTime,
                                           Instant receiveTime) {
        String missing = isBlank(exchange) ? EXCHANGE.jsonName() : isBlank(base) ? BASE.jsonName()
                : isBlank(quote) ? QUOTE.jsonName() : isBlank(tradeId) ? TRADE_ID.jsonName() : null;
        if (missing != null) {
            return Optional.of(new Rejection(RejectReason.MISSING_FIELD, "missing field '" + missing + "'"));
        }
        return Optional.ofNullable(rejection(price, quantity, null, eventTime, receiveTime));
    }

    /** Reads one {@link TradeAvro} record value and checks it. Never throws for any input bytes. */
    public TradeVerdict checkAvro(byte[] value) {
        TradeAvro.Fields fields;
        try {
            fields = TradeAvro.fields(value == null ? new byte[0] : value);
        } catch (IllegalArgumentException e) {
            return new TradeVerdict.Rejected(new Rejection(RejectReason.NOT_AVRO, e.getMessage()), null);
        }
        String exchange = isBlank(fields.exchange()) ? null : fields.exchange();
        Optional<Rejection> rejection = checkFields(fields.exchange(), fields.base(), fields.quote(),
                fields.tradeId(), fields.price(), fields.quantity(), fields.eventTime(), fields.receiveTime());
        if (rejection.isPresent()) {
            return new TradeVerdict.Rejected(rejection.get(), exchange);
        }
        return new TradeVerdict.Accepted(new Trade(fields.exchange(), fields.base(), fields.quote(), fields.side(),
                fields.price(), fields.quantity(), fields.price().multiply(fields.quantity()), fields.tradeId(),
                fields.eventTime(), fields.receiveTime()));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** Parses one {@link TradeJson} record and checks it. Never throws for any input text. */
    public TradeVerdict checkRecord(String json) {
        if (json == null) {
            return new TradeVerdict.Rejected(new Rejection(RejectReason.NOT_JSON, "the record has no value"), null);
        }
        Map<String, String> fields;
        try {
            fields = TradeJson.fields(json);
        } catch (IllegalArgumentException e) {
            return new TradeVerdict.Rejected(new Rejection(RejectReason.NOT_JSON, e.getMessage()), null);
        }
        String exchange = fields.get(EXCHANGE.jsonName()) == null || fields.get(EXCHANGE.jsonName()).isBlank()
                ? null : fields.get(EXCHANGE.jsonName());
        for (String field : REQUIRED_FIELDS) {
            if (fields.get(field) == null || fields.get(field).isBlank()) {
                return rejected(RejectReason.MISSING_FIELD, "missing field '" + field + "'", exchange);
            }
        }
        TakerSide side;
        try {
            side = TakerSide.valueOf(fields.get(SIDE.jsonName()));
        } catch (IllegalArgumentException e) {
            return rejected(RejectReason.INVALID_SIDE, "side '" + fields.get(SIDE.jsonName())
                    + "' is not BUY, SELL or UNKNOWN", exchange);
        }
        BigDecimal price, quantity, quoteVolume;
        Instant eventTime, receiveTime;
        try {
            price = decimal(fields, PRICE.jsonName());
            quantity = decimal(fields, QUANTITY.jsonName());
            quoteVolume = fields.containsKey(QUOTE_VOLUME.jsonName())
                    ? decimal(fields, QUOTE_VOLUME.jsonName()) : null;
        } catch (NumberFormatException e) {
            return rejected(RejectReason.INVALID_NUMBER, e.getMessage(), exchange);
        }
        try {
            eventTime = instant(fields, EVENT_TIME.jsonName());
            receiveTime = instant(fields, RECEIVE_TIME.jsonName());
        } catch (DateTimeParseException e) {
            return rejected(RejectReason.INVALID_TIME, e.getMessage(), exchange);
        }
        Rejection rejection = rejection(price, quantity, quoteVolume, eventTime, receiveTime);
        if (rejection != null) {
            return new TradeVerdict.Rejected(rejection, exchange);
        }
        return new TradeVerdict.Accepted(new Trade(exchange, fields.get(BASE.jsonName()),
                fields.get(QUOTE.jsonName()), side, price, quantity, price.multiply(quantity),
                fields.get(TRADE_ID.jsonName()), eventTime, receiveTime));
    }

    /** The first rule the values break, or null. */
    private Rejection rejection(BigDecimal price, BigDecimal quantity, BigDecimal quoteVolume, Instant eventTime,
                                Instant receiveTime) {
        if (price.signum() <= 0) {
            return new Rejection(RejectReason.PRICE_NOT_POSITIVE, "price " + text(price) + " is not positive");
        }
        if (quantity.signum() == 0) {
            return new Rejection(RejectReason.QUANTITY_ZERO, "quantity " + text(quantity) + " is zero");
        }
        if (quantity.signum() < 0) {
            return new Rejection(RejectReason.QUANTITY_NEGATIVE, "quantity " + text(quantity)
                    + " is negative");
        }
        if (price.compareTo(MIN_PRICE) < 0 || price.compareTo(MAX_PRICE) > 0) {
            return new Rejection(RejectReason.PRICE_OUT_OF_RANGE, "price " + text(price) + " is outside "
                    + MIN_PRICE_TEXT + " … " + MAX_PRICE_TEXT);
        }
        if (quantity.compareTo(MIN_QUANTITY) < 0 || quantity.compareTo(MAX_QUANTITY) > 0) {
            return new Rejection(RejectReason.QUANTITY_OUT_OF_RANGE, "quantity " + text(quantity)
                    + " is outside " + MIN_QUANTITY_TEXT + " … " + MAX_QUANTITY_TEXT);
        }
        if (hasTooManyFractionDigits(price) || hasTooManyFractionDigits(quantity)) {
            BigDecimal offending = hasTooManyFractionDigits(price) ? price : quantity;
            return new Rejection(RejectReason.TOO_MANY_FRACTION_DIGITS, (offending == price ? "price " : "quantity ")
                    + text(offending) + " has more than " + MAX_FRACTION_DIGITS + " fraction digits");
        }
        if (quoteVolume != null && quoteVolume.compareTo(price.multiply(quantity)) != 0) {
            return new Rejection(RejectReason.QUOTE_VOLUME_MISMATCH, "quoteVolume " + text(quoteVolume)
                    + " is not price × quantity = " + text(price.multiply(quantity)));
        }
        if (eventTime.isAfter(LATEST_TIME) || receiveTime.isAfter(LATEST_TIME)) {
            return new Rejection(RejectReason.INVALID_TIME, "eventTime " + eventTime + " or receiveTime "
                    + receiveTime + " is after year 9999");
        }
        if (eventTime.isBefore(EARLIEST_EVENT_TIME)) {
            return new Rejection(RejectReason.EVENT_TIME_TOO_OLD, "eventTime " + eventTime + " is before "
                    + EARLIEST_EVENT_TIME + " (Bitcoin's first block)");
        }
        if (eventTime.isAfter(receiveTime.plus(maxEventTimeAhead))) {
            return new Rejection(RejectReason.EVENT_TIME_AHEAD, "eventTime " + eventTime + " is more than "
                    + maxEventTimeAhead.toSeconds() + " s ahead of receiveTime " + receiveTime);
        }
        return null;
    }

    /** Plain digits, or the exponent form for a value whose plain form would be absurdly long. */
    private static String text(BigDecimal value) {
        return Math.abs(value.scale()) > 64 ? value.toString() : value.toPlainString();
    }

    /** More than {@link #MAX_FRACTION_DIGITS} fraction digits, trailing zeros aside. */
    private static boolean hasTooManyFractionDigits(BigDecimal value) {
        // Stripping zeros costs a division per zero: only a scale beyond the bound needs it (decimal(38,18) has 18).
        return value.scale() > MAX_FRACTION_DIGITS && value.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS;
    }

    private static BigDecimal decimal(Map<String, String> fields, String name) {
        String text = fields.get(name);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(name + " '" + text + "' is not a decimal number");
        }
    }

    private static Instant instant(Map<String, String> fields, String name) {
        String text = fields.get(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new DateTimeParseException(name + " '" + text + "' is not an ISO-8601 instant", text, 0, e);
        }
    }

    private static TradeVerdict rejected(RejectReason reason, String detail, String exchange) {
        return new TradeVerdict.Rejected(new Rejection(reason, detail), exchange);
    }

    @Override
    public String toString() {
        return "TradeCheck[maxEventTimeAhead=" + maxEventTimeAhead + "]";
    }
}
