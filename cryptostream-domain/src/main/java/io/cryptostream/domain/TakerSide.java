package io.cryptostream.domain;

/** The side of the aggressor (taker) of a trade: BUY lifted an ask, SELL hit a bid. */
public enum TakerSide {
    BUY,
    SELL,
    UNKNOWN
}
