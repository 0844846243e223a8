package io.cryptostream.ingest;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A trade without its receive time, which differs between the simulator that sent it and the ingest that read it. */
record TradeFacts(String market, String tradeId, TakerSide side, BigDecimal price, BigDecimal quantity,
                  BigDecimal quoteVolume, Instant eventTime) {

    static TradeFacts of(Trade t) {
        return new TradeFacts(t.market().key(), t.tradeId(), t.side(), t.price(), t.quantity(), t.quoteVolume(),
                t.eventTime());
    }

    static List<TradeFacts> of(List<Trade> trades) {
        return trades.stream().map(TradeFacts::of).toList();
    }

    /** The facts with decimals compared by value: forms such as Avro's keep the number, not its trailing zeros. */
    static List<TradeFacts> byValue(List<Trade> trades) {
        return trades.stream().map(TradeFacts::of).map(f -> new TradeFacts(f.market(), f.tradeId(), f.side(),
                f.price().stripTrailingZeros(), f.quantity().stripTrailingZeros(), f.quoteVolume().stripTrailingZeros(),
                f.eventTime())).toList();
    }
}
