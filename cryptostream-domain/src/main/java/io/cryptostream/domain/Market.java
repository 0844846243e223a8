package io.cryptostream.domain;

import java.util.Objects;

/** One instrument on one venue, e.g. Coinbase BTC-USD. Base and quote are upper-case asset codes. */
public record Market(String exchange, String base, String quote) {

    public Market {
        requireText(exchange, "exchange");
        requireText(base, "base");
        requireText(quote, "quote");
    }

    /** BASE-QUOTE, e.g. BTC-USD. */
    public String symbol() {
        return base + "-" + quote;
    }

    /** exchange:BASE-QUOTE, the Kafka record key that keeps each market in order on one partition. */
    public String key() {
        return exchange + ":" + symbol();
    }

    @Override
    public String toString() {
        return key();
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
