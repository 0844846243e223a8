package io.cryptostream.domain;

/** The side of a resting order: BUY is a bid, SELL an ask. */
public enum OrderSide {
    BUY,
    SELL
}
