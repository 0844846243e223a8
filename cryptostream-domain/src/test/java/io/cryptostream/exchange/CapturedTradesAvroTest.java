package io.cryptostream.exchange;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeAvro;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.domain.TradeVerdict;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every venue's captured trades (the fixtures) come back from the Avro form as the same trades, value for value. */
class CapturedTradesAvroTest {

    private static final Instant RECEIVED_AT = Instant.parse("2026-11-30T00:00:00.123456789Z");

    static Stream<DamagedFramesTest.Venue> venues() {
        return DamagedFramesTest.venues();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void everyCapturedTradeRoundTripsExactly(DamagedFramesTest.Venue venue) {
        List<Trade> trades = capturedTrades(venue.codec().get(), venue.frames().get());
        assertThat(trades).as("trades in the captures of %s", venue).isNotEmpty();

        for (Trade trade : trades) {
            Trade decoded = TradeAvro.decode(TradeAvro.encode(trade));

            assertThat(decoded).as("%s", trade).usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(trade);
            assertThat(TradeCheck.defaults().checkAvro(TradeAvro.encode(trade)))
                    .isEqualTo(new TradeVerdict.Accepted(decoded));
        }
    }

    private static List<Trade> capturedTrades(ExchangeCodec codec, List<String> frames) {
        List<Trade> trades = new ArrayList<>();
        for (String frame : frames) {
            if (codec.decode(frame, RECEIVED_AT) instanceof FeedEvent.Trades decoded) {
                decoded.trades().stream().filter(trade -> TradeCheck.defaults().check(trade).isEmpty())
                        .forEach(trades::add);
            }
        }
        return trades;
    }
}
