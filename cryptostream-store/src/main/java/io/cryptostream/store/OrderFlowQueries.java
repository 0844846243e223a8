package io.cryptostream.store;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cryptostream.domain.Market;

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

    private final CqlSession session;
    private final CassandraSettings settings;
    private final PreparedStatement orderFlowOfDay;

    public OrderFlowQueries(CqlSession session, CassandraSettings settings) {
        this.session = Objects.requireNonNull(session, "session");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.orderFlowOfDay = reachable(() -> session.prepare("SELECT " + StoreSchema.ORDER_FLOW.columnList() + " FROM " + settings.keyspace()
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
                    partition, from, to))).forEach(row -> rows.add(OrderFlowWindow.of(TableRow.of(row))));
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
}
