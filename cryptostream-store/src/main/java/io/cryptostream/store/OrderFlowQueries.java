package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderSide;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The reads of {@code order_flow_1m}. Uses (does not close) the caller's session. Kept apart from
 * {@link WindowQueries} so that reading trades from a keyspace created before the table existed keeps working.
 */
public final class OrderFlowQueries {

    private static final String COLUMNS = "exchange, base, quote, window_start, window_end, side, created, changed,"
            + " deleted, created_amount, created_notional, deleted_amount, deleted_notional";

    private final CqlSession session;
    private final CassandraSettings settings;
    private final PreparedStatement orderFlowOfDay;

    public OrderFlowQueries(CqlSession session, CassandraSettings settings) {
        this.session = Objects.requireNonNull(session, "session");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.orderFlowOfDay = reachable(() -> session.prepare("SELECT " + COLUMNS + " FROM " + settings.keyspace()
                + "." + StoreSchema.ORDER_FLOW_TABLE + " WHERE exchange = ? AND base = ? AND quote = ? AND day = ?"
                + " AND window_start >= ? AND window_start < ?"));
    }

    /**
     * Order flow of one market whose window starts in {@code [from, to)}, oldest window first and BUY before SELL
     * within a window, across UTC day partitions.
     */
    public List<OrderFlowWindow> orderFlow(Market market, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<OrderFlowWindow> rows = new ArrayList<>();
        LocalDate lastDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(lastDay); day = day.plusDays(1)) {
            LocalDate partition = day;
            reachable(() -> session.execute(orderFlowOfDay.bind(market.exchange(), market.base(), market.quote(),
                    partition, from, to))).forEach(row -> rows.add(orderFlowWindow(row)));
        }
        return rows;
    }

    private <T> T reachable(Supplier<T> query) {
        try {
            return query.get();
        } catch (AllNodesFailedException | DriverTimeoutException e) {
            throw CassandraSessions.unavailable(settings, e);
        }
    }

    private static OrderFlowWindow orderFlowWindow(Row row) {
        return new OrderFlowWindow(row.getString("exchange"), row.getString("base"), row.getString("quote"),
                row.getInstant("window_start"), row.getInstant("window_end"), OrderSide.valueOf(row.getString("side")),
                row.getLong("created"), row.getLong("changed"), row.getLong("deleted"),
                row.getBigDecimal("created_amount"), row.getBigDecimal("created_notional"),
                row.getBigDecimal("deleted_amount"), row.getBigDecimal("deleted_notional"));
    }
}
