package io.cryptostream.domain;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The binary form of a {@link Trade} on the trades topic: one Avro datum (binary encoding, no container, no schema
 * header) of the schema {@value #SCHEMA_RESOURCE}, the one definition of the record. Price and quantity are Avro
 * decimals of scale 18, the job's decimal(38,18), so they are exact and Spark reads them without conversion; the
 * decoded values carry no trailing zeros (32500.10 comes back as 32500.1, the same number). Times are
 * timestamp-micros, Spark's precision, plus the nanoseconds past the microsecond, so every instant comes back
 * exactly. The quote volume is not carried: a valid trade's is price × quantity.
 */
public final class TradeAvro {

    /** Where the schema lives on the classpath. */
    public static final String SCHEMA_RESOURCE = "/io/cryptostream/domain/trade.avsc";
    public static final Schema SCHEMA = load();
    /** The fields holding the nanoseconds past each time's microsecond. */
    public static final String EVENT_TIME_NANOS = "eventTimeNanos";
    public static final String RECEIVE_TIME_NANOS = "receiveTimeNanos";

    private static final GenericData DATA = new GenericData();

    static {
        DATA.addLogicalTypeConversion(new Conversions.DecimalConversion());
    }

    private static final Schema SIDE_SCHEMA = SCHEMA.getField("side").schema();
    /** Encoders and decoders keep buffers between records; one set per thread. */
    private static final ThreadLocal<Codec> CODEC = ThreadLocal.withInitial(Codec::new);

    private TradeAvro() {
    }

    /** The schema's JSON text, as kept in the repository. */
    public static String schemaText() {
        return SCHEMA.toString();
    }

    /**
     * @throws IllegalArgumentException when the trade does not fit the schema (more than 18 fraction digits, more
     *                                  than 38 digits): the trade check refuses such trades before they are written
     */
    public static byte[] encode(Trade trade) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("exchange", trade.exchange());
        record.put("base", trade.base());
        record.put("quote", trade.quote());
        record.put("side", new GenericData.EnumSymbol(SIDE_SCHEMA, trade.side().name()));
        record.put("price", trade.price());
        record.put("quantity", trade.quantity());
        record.put("tradeId", trade.tradeId());
        record.put("eventTime", micros(trade.eventTime()));
        record.put(EVENT_TIME_NANOS, trade.eventTime().getNano() % 1_000);
        record.put("receiveTime", micros(trade.receiveTime()));
        record.put(RECEIVE_TIME_NANOS, trade.receiveTime().getNano() % 1_000);
        try {
            return CODEC.get().write(record);
        } catch (AvroRuntimeException | ArithmeticException e) {
            throw new IllegalArgumentException("trade " + trade.exchange() + " " + trade.tradeId()
                    + " does not fit the Avro schema: " + e.getMessage(), e);
        }
    }

    /** Reads one record value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Trade decode(byte[] value) {
        Fields fields = fields(value);
        return new Trade(fields.exchange(), fields.base(), fields.quote(), fields.side(), fields.price(),
                fields.quantity(), fields.price().multiply(fields.quantity()), fields.tradeId(), fields.eventTime(),
                fields.receiveTime());
    }

    /** A record's values as the schema holds them, before any check of what a valid trade is. */
    record Fields(String exchange, String base, String quote, TakerSide side, BigDecimal price, BigDecimal quantity,
                  String tradeId, Instant eventTime, Instant receiveTime) {
    }

    /** @throws IllegalArgumentException when {@code value} is not one record of the schema */
    static Fields fields(byte[] value) {
        GenericRecord record;
        try {
            record = CODEC.get().read(value);
            return new Fields(record.get("exchange").toString(), record.get("base").toString(),
                    record.get("quote").toString(), TakerSide.valueOf(record.get("side").toString()),
                    plain((BigDecimal) record.get("price")), plain((BigDecimal) record.get("quantity")),
                    record.get("tradeId").toString(),
                    instant((Long) record.get("eventTime"), (Integer) record.get(EVENT_TIME_NANOS)),
                    instant((Long) record.get("receiveTime"), (Integer) record.get(RECEIVE_TIME_NANOS)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a trade in the Avro schema (" + value.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** Epoch microseconds of {@code time}, sub-microsecond digits dropped (they travel apart). */
    public static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    /** The instant {@code micros} epoch microseconds and {@code nanos} (0 to 999) nanoseconds after 1970. */
    public static Instant instant(long micros, int nanos) {
        if (nanos < 0 || nanos > 999) {
            throw new IllegalArgumentException("nanoseconds past the microsecond must be 0 to 999, was " + nanos);
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L + nanos);
    }

    /** The schema's scale-18 value without trailing zeros, never in exponent form for a whole number. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Schema load() {
        try (InputStream in = TradeAvro.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the trade schema " + SCHEMA_RESOURCE + " is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trade schema " + SCHEMA_RESOURCE, e);
        }
    }

    /** One thread's writer and reader, with the buffers they reuse. */
    private static final class Codec {
        private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(SCHEMA, DATA);
        private final GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA, SCHEMA, DATA);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        byte[] write(GenericRecord record) {
            out.reset();
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            try {
                writer.write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        GenericRecord read(byte[] value) throws IOException {
            decoder = DecoderFactory.get().binaryDecoder(value, decoder);
            GenericRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left after the record");
            }
            return record;
        }
    }
}
