package io.cryptostream.spark;

import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.store.OrderFlowWindow;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the order-flow job must produce, computed the plain way without looking at the Spark code: keep every
 * accepted event, then group and sum at the end. An event is late when its event time is not after the watermark
 * of its batch (newest event time of earlier batches minus the delay); an event whose market, order id, action,
 * event time and amount were already accepted is a duplicate.
 */
final class ReferenceOrderFlow {

    private final long windowMillis;
    private final Duration watermarkDelay;
    private final List<OrderEvent> accepted = new ArrayList<>();
    private final Set<String> seenEvents = new HashSet<>();
    private Instant newestEventTime;
    private long late;

    ReferenceOrderFlow(Duration window, Duration watermarkDelay) {
        this.windowMillis = window.toMillis();
        this.watermarkDelay = watermarkDelay;
    }

    void addBatch(List<OrderEvent> batch) {
        Instant watermark = newestEventTime == null ? null : newestEventTime.minus(watermarkDelay);
        for (OrderEvent order : batch) {
            if (watermark != null && !order.eventTime().isAfter(watermark)) {
                late++;
            } else if (seenEvents.add(String.join("|", order.exchange(), order.base(), order.quote(),
                    order.orderId(), order.action().name(), order.eventTime().toString(),
                    order.amount().stripTrailingZeros().toPlainString()))) {
                accepted.add(order);
            }
        }
        for (OrderEvent order : batch) {
            if (newestEventTime == null || order.eventTime().isAfter(newestEventTime)) {
                newestEventTime = order.eventTime();
            }
        }
    }

    long lateEvents() {
        return late;
    }

    List<OrderFlowWindow> rows() {
        Map<String, List<OrderEvent>> groups = accepted.stream().collect(Collectors.groupingBy(
                o -> start(o) + " " + o.exchange() + " " + o.base() + " " + o.quote() + " " + o.side(),
                TreeMap::new, Collectors.toList()));
        List<OrderFlowWindow> rows = new ArrayList<>();
        groups.forEach((key, events) -> {
            OrderEvent any = events.get(0);
            List<OrderEvent> created = withAction(events, OrderAction.CREATED);
            List<OrderEvent> deleted = withAction(events, OrderAction.DELETED);
            rows.add(new OrderFlowWindow(any.exchange(), any.base(), any.quote(), start(any),
                    start(any).plusMillis(windowMillis), any.side(), created.size(),
                    withAction(events, OrderAction.CHANGED).size(), deleted.size(),
                    sum(created, OrderEvent::amount), sum(created, o -> o.price().multiply(o.amount())),
                    sum(deleted, OrderEvent::amount), sum(deleted, o -> o.price().multiply(o.amount()))));
        });
        return rows;
    }

    /** The expected row of one market, side and window start. */
    OrderFlowWindow row(String exchange, String base, String quote, OrderSide side, Instant windowStart) {
        return rows().stream().filter(r -> r.exchange().equals(exchange) && r.base().equals(base)
                        && r.quote().equals(quote) && r.side() == side && r.windowStart().equals(windowStart))
                .findFirst().orElseThrow();
    }

    private static List<OrderEvent> withAction(List<OrderEvent> events, OrderAction action) {
        return events.stream().filter(o -> o.action() == action).toList();
    }

    private Instant start(OrderEvent order) {
        long millis = order.eventTime().toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, windowMillis));
    }

    private static BigDecimal sum(List<OrderEvent> events, java.util.function.Function<OrderEvent, BigDecimal> field) {
        return events.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
