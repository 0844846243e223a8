package io.cryptostream.domain;

import java.util.Objects;

/** Why one trade was set aside: the reason, and a detail naming the offending field and value. */
public record Rejection(RejectReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
