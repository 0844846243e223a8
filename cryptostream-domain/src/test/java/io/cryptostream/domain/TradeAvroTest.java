package io.cryptostream.domain;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeAvroTest {

    private static final Trade TRADE = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.SELL,
            new BigDecimal("32500.120000000000000001"), new BigDecimal("1500000"), "12345678",
            Instant.parse("2020-07-03T09:24:20.123456789Z"), Instant.parse("2020-07-03T09:24:20.301Z"));

    @Test
    void aTradeComesBackWithEveryDigitAndEveryNanosecond() {
        Trade decoded = TradeAvro.decode(TradeAvro.encode(TRADE));

        assertThat(decoded.price().toPlainString()).isEqualTo("32500.120000000000000001");
        assertThat(decoded.quantity().toPlainString()).isEqualTo("1500000");
        assertThat(decoded.quoteVolume()).isEqualByComparingTo(TRADE.quoteVolume());
        assertThat(decoded.eventTime()).isEqualTo(TRADE.eventTime());
        assertThat(decoded.receiveTime()).isEqualTo(TRADE.receiveTime());
        assertThat(decoded).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(TRADE);
    }

    @Test
    void aGenericAvroReaderGivenTheSchemaFileReadsTheBytes() throws IOException {
        Schema schema = new Schema.Parser().parse(Path.of("src/main/resources" + TradeAvro.SCHEMA_RESOURCE).toFile());
        GenericRecord record = new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
                .read(null, DecoderFactory.get().binaryDecoder(TradeAvro.encode(TRADE), null));

        assertThat(record.get("exchange")).hasToString("Coinbase");
        assertThat(record.get("side")).hasToString("SELL");
        assertThat(decimal((ByteBuffer) record.get("price"))).isEqualByComparingTo("32500.120000000000000001");
        assertThat(decimal((ByteBuffer) record.get("quantity"))).isEqualByComparingTo("1500000");
        assertThat(record.get("tradeId")).hasToString("12345678");
        assertThat(record.get("eventTime")).isEqualTo(1_593_768_260_123_456L);
        assertThat(record.get("eventTimeNanos")).isEqualTo(789);
        assertThat(record.get("receiveTime")).isEqualTo(1_593_768_260_301_000L);
        assertThat(record.get("receiveTimeNanos")).isEqualTo(0);
    }

    @Test
    void theSchemaNamesEveryTakerSide() {
        assertThat(TradeAvro.SCHEMA.getField("side").schema().getEnumSymbols())
                .containsExactlyElementsOf(Arrays.stream(TakerSide.values()).map(Enum::name).toList());
    }

    @Test
    void aRecordIsAFractionOfItsJsonSize() {
        assertThat(TradeAvro.encode(TRADE).length)
                .isLessThan(TradeJson.encode(TRADE).getBytes(StandardCharsets.UTF_8).length / 2);
    }

    @Test
    void aTradeTheSchemaCannotHoldExactlyIsRefusedNotRounded() {
        Trade tooFine = Trade.of(TRADE.market(), TakerSide.BUY, new BigDecimal("1.0000000000000000001"),
                BigDecimal.ONE, "1", TRADE.eventTime(), TRADE.receiveTime());

        assertThatThrownBy(() -> TradeAvro.encode(tooFine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the Avro schema");
    }

    @Test
    void bytesThatAreNoRecordAreRefusedWithTheReason() {
        byte[] good = TradeAvro.encode(TRADE);
        for (byte[] bad : new byte[][]{new byte[0], "{\"v\":1}".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length - 3), Arrays.copyOf(good, good.length + 1)}) {
            assertThatThrownBy(() -> TradeAvro.decode(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a trade in the Avro schema");
        }
    }

    private static BigDecimal decimal(ByteBuffer unscaled) {
        byte[] bytes = new byte[unscaled.remaining()];
        unscaled.get(bytes);
        return new BigDecimal(new BigInteger(bytes), 18);
    }
}
