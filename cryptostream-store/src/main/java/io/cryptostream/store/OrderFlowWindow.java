package io.cryptostream.store;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderSide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One row of {@code order_flow_1m}: the order events of one market and order side in one window. Decimals are
 * kept without trailing zeros so equal values are equal records whatever scale they were read at; a window side
 * without created (or deleted) orders has zero amounts and notionals, never null.
 *
 * @param created         number of distinct order_created events
 * @param changed         number of distinct order_changed events
 * @param deleted         number of distinct order_deleted events
 * @param createdAmount   sum of the created orders' amounts (base asset), exact
 * @param createdNotional sum of price × amount of the created orders (quote asset), exact
 * @param deletedAmount   sum of the amounts sent in the delete events (base asset), exact
 * @param deletedNotional sum of price × amount of the delete events (quote asset), exact
 */
public record OrderFlowWindow(
        String exchange,
        String base,
        String quote,
        Instant windowStart,
        Instant windowEnd,
        OrderSide side,
        long created,
        long changed,
        long deleted,
        BigDecimal createdAmount,
        BigDecimal createdNotional,
        BigDecimal deletedAmount,
        BigDecimal deletedNotional) {

    public OrderFlowWindow {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(side, "side");
        createdAmount = Decimals.canonical(Objects.requireNonNull(createdAmount, "createdAmount"));
        createdNotional = Decimals.canonical(Objects.requireNonNull(createdNotional, "createdNotional"));
        deletedAmount = Decimals.canonical(Objects.requireNonNull(deletedAmount, "deletedAmount"));
        deletedNotional = Decimals.canonical(Objects.requireNonNull(deletedNotional, "deletedNotional"));
    }

    /** A row of {@value StoreSchema#ORDER_FLOW_TABLE} as read back. */
    public static OrderFlowWindow of(TableRow row) {
        return new OrderFlowWindow(row.text("exchange"), row.text("base"), row.text("quote"),
                row.timestamp("window_start"), row.timestamp("window_end"), OrderSide.valueOf(row.text("side")),
                row.bigint("created"), row.bigint("changed"), row.bigint("deleted"), row.decimal("created_amount"),
                row.decimal("created_notional"), row.decimal("deleted_amount"), row.decimal("deleted_notional"));
    }

    public Market market() {
        return new Market(exchange, base, quote);
    }

    /** The partition key {@code day}: the UTC date the window starts on. */
    public LocalDate day() {
        return LocalDate.ofInstant(windowStart, ZoneOffset.UTC);
    }
}
