package io.cryptostream.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeCheckTest {

    private static final Market BTC_USD = new Market("Coinbase", "BTC", "USD");
    private static final Instant RECEIVED = Instant.parse("2024-03-01T12:00:00Z");
    private final TradeCheck check = TradeCheck.defaults();

    /** A valid record with {@code changes} applied; a null value removes the field. */
    private static String record(Object... changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("exchange", "Coinbase");
        fields.put("base", "BTC");
        fields.put("quote", "USD");
        fields.put("side", "BUY");
        fields.put("price", "64000.5");
        fields.put("quantity", "0.25");
        fields.put("quoteVolume", "16000.125");
        fields.put("tradeId", "42");
        fields.put("eventTime", "2024-03-01T11:59:59.5Z");
        fields.put("receiveTime", RECEIVED.toString());
        for (int i = 0; i < changes.length; i += 2) {
            fields.put((String) changes[i], (String) changes[i + 1]);
        }
        return fields.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{\"v\":1,", "}"));
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of("not json", RejectReason.NOT_JSON),
                Arguments.of("[1,2]", RejectReason.NOT_JSON),
                Arguments.of(record() + " trailing", RejectReason.NOT_JSON),
                Arguments.of(record("tradeId", null), RejectReason.MISSING_FIELD),
                Arguments.of(record("eventTime", null), RejectReason.MISSING_FIELD),
                Arguments.of(record("exchange", " "), RejectReason.MISSING_FIELD),
                Arguments.of(record("side", "LONG"), RejectReason.INVALID_SIDE),
                Arguments.of(record("price", "1,5"), RejectReason.INVALID_NUMBER),
                Arguments.of(record("quoteVolume", "NaN"), RejectReason.INVALID_NUMBER),
                Arguments.of(record("eventTime", "yesterday"), RejectReason.INVALID_TIME),
                Arguments.of(record("eventTime", "+10000-01-01T00:00:00Z", "receiveTime", "+10000-01-01T00:00:00Z"),
                        RejectReason.INVALID_TIME),
                Arguments.of(record("price", "0", "quoteVolume", null), RejectReason.PRICE_NOT_POSITIVE),
                Arguments.of(record("price", "-64000.5", "quoteVolume", null), RejectReason.PRICE_NOT_POSITIVE),
                Arguments.of(record("quantity", "0.000", "quoteVolume", null), RejectReason.QUANTITY_ZERO),
                Arguments.of(record("quantity", "-0.25", "quoteVolume", null), RejectReason.QUANTITY_NEGATIVE),
                Arguments.of(record("price", "60000000000000000000", "quoteVolume", null),
                        RejectReason.PRICE_OUT_OF_RANGE),
                Arguments.of(record("price", "0.0000000000009", "quoteVolume", null), RejectReason.PRICE_OUT_OF_RANGE),
                Arguments.of(record("quantity", "1.5e-18", "quoteVolume", null), RejectReason.QUANTITY_OUT_OF_RANGE),
                Arguments.of(record("quantity", "1000000000001", "quoteVolume", null),
                        RejectReason.QUANTITY_OUT_OF_RANGE),
                Arguments.of(record("price", "64000.0000000000000000001", "quoteVolume", null),
                        RejectReason.TOO_MANY_FRACTION_DIGITS),
                Arguments.of(record("quantity", "0.2500000000000000001", "quoteVolume", null),
                        RejectReason.TOO_MANY_FRACTION_DIGITS),
                Arguments.of(record("quoteVolume", "-999999"), RejectReason.QUOTE_VOLUME_MISMATCH),
                Arguments.of(record("quoteVolume", "16000.12"), RejectReason.QUOTE_VOLUME_MISMATCH),
                Arguments.of(record("eventTime", "2099-01-01T00:00:00Z"), RejectReason.EVENT_TIME_AHEAD),
                Arguments.of(record("eventTime", "2024-03-01T12:01:00.001Z"), RejectReason.EVENT_TIME_AHEAD),
                Arguments.of(record("eventTime", "2009-01-03T18:15:04Z", "receiveTime", "2009-01-03T18:15:04Z"),
                        RejectReason.EVENT_TIME_TOO_OLD),
                Arguments.of(record("eventTime", "1970-01-01T00:00:00Z"), RejectReason.EVENT_TIME_TOO_OLD));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badRecords")
    void aBadRecordIsRejectedWithItsReason(String json, RejectReason expected) {
        TradeVerdict verdict = check.checkRecord(json);

        assertThat(verdict).isInstanceOfSatisfying(TradeVerdict.Rejected.class, rejected -> {
            assertThat(rejected.rejection().reason()).isEqualTo(expected);
            assertThat(rejected.rejection().detail()).isNotBlank();
        });
    }

    private static final Trade AVRO_TRADE = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.BUY,
            new BigDecimal("64000.5"), new BigDecimal("0.25"), "42", Instant.parse("2024-03-01T11:59:59.5Z"), RECEIVED);

    /** Avro records carry typed values, so only the rules about values (and bytes that are no record) apply. */
    static Stream<Arguments> badAvroRecords() {
        return Stream.of(
                Arguments.of(new byte[]{1, 2, 3}, RejectReason.NOT_AVRO),
                Arguments.of(TradeJson.encode(AVRO_TRADE).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        RejectReason.NOT_AVRO),
                Arguments.of(blankExchange(), RejectReason.MISSING_FIELD),
                Arguments.of(TradeAvro.encode(Trade.of(AVRO_TRADE.market(), TakerSide.BUY, new BigDecimal("2000000000"),
                        BigDecimal.ONE, "1", RECEIVED, RECEIVED)), RejectReason.PRICE_OUT_OF_RANGE),
                Arguments.of(TradeAvro.encode(Trade.of(AVRO_TRADE.market(), TakerSide.BUY, BigDecimal.ONE,
                        BigDecimal.ONE, "1", RECEIVED.plusSeconds(61), RECEIVED)), RejectReason.EVENT_TIME_AHEAD));
    }

    /** A record whose exchange is one blank: the exchange is the first field, its length byte then its character. */
    private static byte[] blankExchange() {
        byte[] record = TradeAvro.encode(new Trade("X", "BTC", "USD", TakerSide.BUY, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, "1", RECEIVED, RECEIVED));
        record[1] = ' ';
        return record;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badAvroRecords")
    void aBadAvroRecordIsRejectedWithItsReason(byte[] avro, RejectReason expected) {
        TradeVerdict verdict = check.checkAvro(avro);

        assertThat(verdict).isInstanceOfSatisfying(TradeVerdict.Rejected.class, rejected -> {
            assertThat(rejected.rejection().reason()).isEqualTo(expected);
            assertThat(rejected.rejection().detail()).isNotBlank();
        });
    }

    @Test
    void aValidAvroRecordIsTheTradeWritten() {
        assertThat(check.checkAvro(TradeAvro.encode(AVRO_TRADE))).isEqualTo(new TradeVerdict.Accepted(AVRO_TRADE));
    }

    @Test
    void everyReasonHasACase() {
        Set<RejectReason> covered = Stream.concat(badRecords(), badAvroRecords()).map(a -> (RejectReason) a.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));

        assertThat(covered).containsExactlyInAnyOrder(RejectReason.values());
    }

    @Test
    void theDetailNamesTheFieldAndValue() {
        assertThat(rejection(record("quoteVolume", "-999999")).detail())
                .isEqualTo("quoteVolume -999999 is not price × quantity = 16000.125");
        assertThat(rejection(record("tradeId", null)).detail()).isEqualTo("missing field 'tradeId'");
        assertThat(rejection(record("price", "1e999999999", "quoteVolume", null)).detail())
                .startsWith("price 1E+999999999 is outside");
    }

    @Test
    void aRejectedRecordKeepsItsExchangeWhenItNamesOne() {
        assertThat(check.checkRecord(record("side", "LONG"))).isEqualTo(new TradeVerdict.Rejected(
                new Rejection(RejectReason.INVALID_SIDE, "side 'LONG' is not BUY, SELL or UNKNOWN"), "Coinbase"));
        assertThat(check.checkRecord("{}")).isInstanceOfSatisfying(TradeVerdict.Rejected.class,
                rejected -> assertThat(rejected.exchange()).isNull());
    }

    @Test
    void aValidRecordIsAcceptedWithItsQuoteVolumeComputedExactly() {
        TradeVerdict verdict = check.checkRecord(record("price", "0.0000000001234", "quantity", "12.123456789",
                "quoteVolume", null));

        assertThat(verdict).isInstanceOfSatisfying(TradeVerdict.Accepted.class, accepted ->
                assertThat(accepted.trade().quoteVolume()).isEqualTo(new BigDecimal("0.0000000014960345677626")));
    }

    @Test
    void theBoundsThemselvesAreValid() {
        assertThat(check.checkRecord(record("price", "0.000000000001", "quantity", "1000000000000",
                "quoteVolume", "1"))).isInstanceOf(TradeVerdict.Accepted.class);
        assertThat(check.checkRecord(record("price", "1000000000", "quantity", "0.000000000001",
                "quoteVolume", null))).isInstanceOf(TradeVerdict.Accepted.class);
        assertThat(check.checkRecord(record("quantity", "0.250000000000000000000000", "quoteVolume", null)))
                .as("trailing zeros are not digits the type must hold").isInstanceOf(TradeVerdict.Accepted.class);
        assertThat(check.checkRecord(record("eventTime", "2024-03-01T12:01:00Z")))
                .as("exactly the bound ahead").isInstanceOf(TradeVerdict.Accepted.class);
    }

    @Test
    void oldCapturesStayValidWhateverTheCurrentTime() {
        assertThat(check.checkRecord(record("eventTime", "2013-04-01T10:00:00Z",
                "receiveTime", "2013-04-01T10:00:01Z"))).isInstanceOf(TradeVerdict.Accepted.class);
    }

    @Test
    void theEventTimeBoundIsConfigurable() {
        TradeCheck strict = new TradeCheck(Duration.ofSeconds(1));

        assertThat(strict.checkRecord(record("eventTime", "2024-03-01T12:00:02Z")))
                .isInstanceOf(TradeVerdict.Rejected.class);
        assertThat(check.checkRecord(record("eventTime", "2024-03-01T12:00:02Z")))
                .isInstanceOf(TradeVerdict.Accepted.class);
        assertThatThrownBy(() -> new TradeCheck(Duration.ofSeconds(-1))).hasMessageContaining("maxEventTimeAhead");
    }

    @Test
    void aTradeFromACodecIsCheckedByTheSameRules() {
        Trade future = Trade.of(BTC_USD, TakerSide.SELL, new BigDecimal("64000"), new BigDecimal("1"), "7",
                Instant.parse("2099-01-01T00:00:00Z"), RECEIVED);
        Trade tiny = Trade.of(BTC_USD, TakerSide.SELL, new BigDecimal("64000"), new BigDecimal("1.5e-18"), "8",
                RECEIVED, RECEIVED);
        Trade good = Trade.of(BTC_USD, TakerSide.SELL, new BigDecimal("64000"), new BigDecimal("1"), "9",
                RECEIVED, RECEIVED);

        assertThat(check.check(future)).map(Rejection::reason).contains(RejectReason.EVENT_TIME_AHEAD);
        assertThat(check.check(tiny)).map(Rejection::reason).contains(RejectReason.QUANTITY_OUT_OF_RANGE);
        assertThat(check.check(good)).isEmpty();
    }

    private Rejection rejection(String json) {
        return ((TradeVerdict.Rejected) check.checkRecord(json)).rejection();
    }
}
