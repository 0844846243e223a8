package io.cryptostream.domain;

/** What {@link TradeCheck#checkRecord} made of one record: a trade to aggregate, or a rejection. */
public sealed interface TradeVerdict {

    /** A valid trade. */
    record Accepted(Trade trade) implements TradeVerdict {
    }

    /** @param exchange the record's exchange when it names one, else null */
    record Rejected(Rejection rejection, String exchange) implements TradeVerdict {
    }
}
