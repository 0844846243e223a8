package io.cryptostream.domain;

/** What happened to a resting order. */
public enum OrderAction {
    CREATED,
    CHANGED,
    DELETED
}
