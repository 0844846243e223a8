package io.cryptostream.spark;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Trades handed over in-process (memory mode, tests). They travel as TradeJson text, so this source exercises the
 * same parsing as Kafka. Its offsets live only in this process: give each run a fresh checkpoint directory.
 */
public final class MemoryTradeSource extends MemoryJsonSource implements TradeSource {

    public MemoryTradeSource(SparkSession spark) {
        super(spark);
    }

    /** Queues trades for the next micro-batch. */
    public void add(List<Trade> trades) {
        addJson(trades.stream().map(TradeJson::encode).toList());
    }

    @Override
    public String describe() {
        return "in-process trades";
    }
}
