package io.cryptostream.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One change to a venue's public order book by a single order (Bitstamp live_orders): created, changed (amount
 * partly filled or amended) or deleted (filled or cancelled; the public feed cannot tell which). {@code amount}
 * is the order's remaining base quantity after the event.
 */
public record OrderEvent(
        String exchange,
        String base,
        String quote,
        OrderSide side,
        OrderAction action,
        String orderId,
        BigDecimal price,
        BigDecimal amount,
        Instant eventTime,
        Instant receiveTime) {

    public OrderEvent {
        Market.requireText(exchange, "exchange");
        Market.requireText(base, "base");
        Market.requireText(quote, "quote");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(action, "action");
        Market.requireText(orderId, "orderId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
        if (price.signum() < 0 || amount.signum() < 0) {
            throw new IllegalArgumentException("price and amount must not be negative, were " + price
                    + " and " + amount);
        }
    }

    public Market market() {
        return new Market(exchange, base, quote);
    }

    /** price × amount, exact. */
    public BigDecimal notional() {
        return price.multiply(amount);
    }
}
