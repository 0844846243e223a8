package io.cryptostream.spark;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Order events handed over in-process (memory mode, tests). They travel as OrderJson text, so this source
 * exercises the same parsing as Kafka. Its offsets live only in this process: give each run a fresh checkpoint.
 */
public final class MemoryOrderSource extends MemoryJsonSource implements OrderSource {

    public MemoryOrderSource(SparkSession spark) {
        super(spark);
    }

    /** Queues order events for the next micro-batch. */
    public void add(List<OrderEvent> orders) {
        addJson(orders.stream().map(OrderJson::encode).toList());
    }

    @Override
    public String describe() {
        return "in-process orders";
    }
}
