package io.cryptostream.spark;

import io.cryptostream.domain.OrderSide;
import io.cryptostream.store.OrderFlowWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleOrderFlowSinkTest {

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void printsOneReadableLinePerRowWithExactNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant start = Instant.parse("2022-06-01T08:28:00Z");
        OrderFlowWindow row = new OrderFlowWindow("Bitstamp", "BTC", "USD", start, start.plusSeconds(60),
                OrderSide.SELL, 2, 1, 1, new BigDecimal("7.92010000"), new BigDecimal("249349.300310000000000000"),
                new BigDecimal("0.000000001"), new BigDecimal("0.0000314831"));

        new ConsoleOrderFlowSink(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .write(TableRows.orderFlowBatch(SPARK.session(), 3, List.of(row)));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("Order batch 3: 1 order-flow rows updated");
        assertThat(lines[1]).contains("window (UTC)", "side", "created", "deleted notional");
        assertThat(lines[2].trim().split("\\s{2,}")).containsExactly("2022-06-01 08:28:00 - 08:29:00", "Bitstamp",
                "BTC-USD", "SELL", "2", "1", "1", "7.9201", "249349.30031", "0.000000001", "0.0000314831");
    }
}
