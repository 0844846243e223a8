package io.cryptostream.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One executed trade, normalized across venues.
 *
 * <p>Prices and quantities keep the exchange's own decimal digits ({@link BigDecimal} built from the
 * wire text, never from a double). {@code quoteVolume} is {@code price × quantity}, exact.
 * {@code eventTime} is the exchange's trade time at the exchange's precision; {@code receiveTime} is when
 * this process read the frame.
 */
public record Trade(
        String exchange,
        String base,
        String quote,
        TakerSide side,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal quoteVolume,
        String tradeId,
        Instant eventTime,
        Instant receiveTime) {

    public Trade {
        Market.requireText(exchange, "exchange");
        Market.requireText(base, "base");
        Market.requireText(quote, "quote");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(quoteVolume, "quoteVolume");
        Market.requireText(tradeId, "tradeId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
        // toString, not toPlainString: a hostile -1e999999999 written plain is a billion characters.
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price);
        }
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
    }

    /** A trade whose quote volume is computed exactly as price × quantity. */
    public static Trade of(Market market, TakerSide side, BigDecimal price, BigDecimal quantity,
                           String tradeId, Instant eventTime, Instant receiveTime) {
        return new Trade(market.exchange(), market.base(), market.quote(), side, price, quantity,
                price.multiply(quantity), tradeId, eventTime, receiveTime);
    }

    public Market market() {
        return new Market(exchange, base, quote);
    }
}
