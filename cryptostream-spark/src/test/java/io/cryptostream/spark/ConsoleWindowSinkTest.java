package io.cryptostream.spark;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.store.DirectionWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleWindowSinkTest {

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void printsOneReadableLinePerWindowRow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant start = Instant.parse("2024-03-01T12:00:00Z");
        DirectionWindow row = new DirectionWindow(start, start.plusSeconds(60), "Coinbase", TakerSide.BUY, "BTC",
                "USD", new BigDecimal("100.333333333333333333"), new BigDecimal("0.30"), new BigDecimal("30.10"), 3,
                new BigDecimal("100"), new BigDecimal("101"), new BigDecimal("99.5"), new BigDecimal("100.5"),
                new BigDecimal("100.333333333333333333"));

        new ConsoleWindowSink(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .write(TableRows.windowBatch(SPARK.session(), 4, List.of(row), List.of()));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("Batch 4: 1 window rows, 0 candles updated");
        assertThat(lines[1]).contains("window (UTC)", "market", "pair", "side", "avg", "vwap");
        assertThat(lines[2].split("\\s{2,}")).containsExactly("2024-03-01 12:00:00 - 12:01:00", "Coinbase",
                "BTC-USD", "BUY", "100.33333333", "0.3", "30.1", "3", "100", "101", "99.5", "100.5", "100.33333333");
    }
}
