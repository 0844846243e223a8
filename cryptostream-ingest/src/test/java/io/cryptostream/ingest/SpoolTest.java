package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {

    @TempDir
    Path dir;

    private static List<SpoolRecord> records(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new SpoolRecord("Coinbase:BTC-USD", "{\"id\":\"" + i + "\",\"price\":\"6.5e4\",\"ü\":1}"))
                .toList();
    }

    @Test
    void readsBackWhatWasAppendedInOrder() {
        try (Spool spool = Spool.open(dir.resolve("trades.spool"), 1 << 20)) {
            spool.append(records(0, 3));
            spool.append(records(3, 5));

            assertThat(spool.records()).isEqualTo(5);
            assertThat(spool.bytes()).isEqualTo(Spool.sizeOf(records(0, 5)));
            assertThat(spool.peek(10).records()).containsExactlyElementsOf(records(0, 5));
            assertThat(spool.peek(2).records()).containsExactlyElementsOf(records(0, 2));
        }
    }

    @Test
    void removingDeliveredChunksAdvancesAndAnEmptiedSpoolIsTruncated() throws Exception {
        Path file = dir.resolve("trades.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(records(0, 5));
            spool.remove(spool.peek(2));

            assertThat(spool.records()).isEqualTo(3);
            assertThat(spool.peek(10).records()).containsExactlyElementsOf(records(2, 5));

            spool.remove(spool.peek(10));
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.bytes()).isZero();
            assertThat(Files.size(file)).isZero();
            assertThat(spool.peek(10).records()).isEmpty();
        }
        assertThat(file).as("an empty spool leaves no file").doesNotExist();
    }

    @Test
    void aReopenedSpoolResumesAfterTheLastRemovedChunk() {
        Path file = dir.resolve("trades.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(records(0, 6));
            spool.remove(spool.peek(4));
        }
        try (Spool reopened = Spool.open(file, 1 << 20)) {
            assertThat(reopened.records()).isEqualTo(2);
            assertThat(reopened.peek(10).records()).containsExactlyElementsOf(records(4, 6));
            reopened.append(records(6, 7));
            assertThat(reopened.peek(10).records()).containsExactlyElementsOf(records(4, 7));
        }
    }

    @Test
    void aPartlyDeliveredChunkKeepsOnlyItsUndeliveredRecordsAheadOfTheRest() {
        Path file = dir.resolve("trades.spool");
        List<SpoolRecord> all = records(0, 7);
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(all.subList(0, 6));
            spool.remove(spool.peek(1));
            Spool.Chunk chunk = spool.peek(3);
            spool.removeDelivered(chunk, List.of(all.get(2)));

            assertThat(spool.records()).isEqualTo(3);
            assertThat(spool.peek(10).records()).containsExactly(all.get(2), all.get(4), all.get(5));
            spool.append(all.subList(6, 7));
            assertThat(spool.peek(10).records()).containsExactly(all.get(2), all.get(4), all.get(5), all.get(6));
            assertThatThrownBy(() -> Spool.open(file, 1 << 20)).as("still locked after the rewrite")
                    .isInstanceOf(IngestException.class);
        }
        try (Spool reopened = Spool.open(file, 1 << 20)) {
            assertThat(reopened.peek(10).records()).containsExactly(all.get(2), all.get(4), all.get(5), all.get(6));
        }
    }

    @Test
    void aTornLastLineIsCutOffOnOpen() throws Exception {
        Path file = dir.resolve("trades.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(records(0, 3));
        }
        long intact = Files.size(file);
        Files.writeString(file, "1a2b3c4d Coinbase:BTC-USD\t{\"id\":\"3\",\"pri", StandardOpenOption.APPEND);

        try (Spool reopened = Spool.open(file, 1 << 20)) {
            assertThat(reopened.records()).isEqualTo(3);
            assertThat(reopened.peek(10).records()).containsExactlyElementsOf(records(0, 3));
            assertThat(Files.size(file)).isEqualTo(intact);
            reopened.append(records(3, 4));
            assertThat(reopened.peek(10).records()).containsExactlyElementsOf(records(0, 4));
        }
    }

    @Test
    void aDamagedLineIsSkippedAndCounted() throws Exception {
        Path file = dir.resolve("trades.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(records(0, 3));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("\"1\"", "\"9\""), lines.get(2)),
                StandardCharsets.UTF_8);

        try (Spool reopened = Spool.open(file, 1 << 20)) {
            assertThat(reopened.corruptLines()).isEqualTo(1);
            assertThat(reopened.peek(10).records()).containsExactly(records(0, 1).get(0), records(2, 3).get(0));
        }
    }

    @Test
    void aBatchThatDoesNotFitIsRefusedWhole() {
        List<SpoolRecord> three = records(0, 3);
        try (Spool spool = Spool.open(dir.resolve("trades.spool"), Spool.sizeOf(three) + 10)) {
            assertThat(spool.fits(three)).isTrue();
            spool.append(three);
            assertThat(spool.fits(records(3, 4))).isFalse();
            assertThatThrownBy(() -> spool.append(records(3, 4))).isInstanceOf(IllegalStateException.class);
            assertThat(spool.records()).isEqualTo(3);
            spool.remove(spool.peek(1));
            assertThat(spool.fits(records(3, 4))).as("room again once a record is delivered").isTrue();
        }
    }

    @Test
    void oneProcessAtATime() {
        Path file = dir.resolve("trades.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThatThrownBy(() -> Spool.open(file, 1 << 20))
                    .isInstanceOf(IngestException.class)
                    .hasMessageContaining("is in use by another ingest process");
        }
    }

    @Test
    void recordsThatWouldBreakALineAreRefused() {
        assertThatThrownBy(() -> new SpoolRecord("a\tb", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpoolRecord("a", "{\n}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryRecordsKeepEveryByteAndTheirContentTypeNextToTextRecords() {
        Path file = dir.resolve("trades.spool");
        Trade trade = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.BUY, new BigDecimal("64000.5"),
                new BigDecimal("0.25"), "42", Instant.parse("2024-03-01T12:00:00.123456789Z"),
                Instant.parse("2024-03-01T12:00:00.2Z"));
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        List<SpoolRecord> mixed = List.of(
                new SpoolRecord("Coinbase:BTC-USD", TradeFormat.AVRO.encode(trade), TradeFormat.AVRO.contentType()),
                records(0, 1).get(0),
                new SpoolRecord("Coinbase:BTC-USD", everyByte, TradeFormat.AVRO.contentType()),
                new SpoolRecord("Coinbase:BTC-USD", TradeFormat.JSON.encode(trade), TradeFormat.JSON.contentType()));
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(mixed);
        }

        try (Spool reopened = Spool.open(file, 1 << 20)) {
            assertThat(reopened.corruptLines()).isZero();
            assertThat(reopened.peek(10).records()).containsExactlyElementsOf(mixed);
            assertThat(TradeFormat.AVRO.decode(reopened.peek(1).records().get(0).value())).isEqualTo(trade);
        }
    }
}
