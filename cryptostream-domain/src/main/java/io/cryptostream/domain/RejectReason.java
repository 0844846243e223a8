package io.cryptostream.domain;

/**
 * Why a trade was set aside instead of aggregated; see {@link TradeCheck}. The names are stable: they travel in
 * dead-letter records and name counters.
 */
public enum RejectReason {
    /** The record is not one JSON object. */
    NOT_JSON,
    /** The record says it is Avro (header content-type: application/avro) but is no trade of the Avro schema. */
    NOT_AVRO,
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** The taker side is not BUY, SELL or UNKNOWN. */
    INVALID_SIDE,
    /** A price, quantity or quote volume is not a decimal number. */
    INVALID_NUMBER,
    /** A time is not an ISO-8601 instant, or lies beyond year 9999. */
    INVALID_TIME,
    /** The price is zero or negative. */
    PRICE_NOT_POSITIVE,
    /** A zero-quantity print: venues send them for cancelled or informational fills; nothing traded. */
    QUANTITY_ZERO,
    /** The quantity is negative. */
    QUANTITY_NEGATIVE,
    /** The price lies outside {@link TradeCheck#MIN_PRICE} … {@link TradeCheck#MAX_PRICE}. */
    PRICE_OUT_OF_RANGE,
    /** The quantity lies outside {@link TradeCheck#MIN_QUANTITY} … {@link TradeCheck#MAX_QUANTITY}. */
    QUANTITY_OUT_OF_RANGE,
    /** The price or quantity has more than {@link TradeCheck#MAX_FRACTION_DIGITS} fraction digits. */
    TOO_MANY_FRACTION_DIGITS,
    /** The record's quote volume is not exactly price × quantity. */
    QUOTE_VOLUME_MISMATCH,
    /** The event time is further ahead of the receive time than the configured bound. */
    EVENT_TIME_AHEAD,
    /** The event time is before {@link TradeCheck#EARLIEST_EVENT_TIME}, when no crypto asset traded. */
    EVENT_TIME_TOO_OLD
}
