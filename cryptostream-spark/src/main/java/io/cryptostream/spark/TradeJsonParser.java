package io.cryptostream.spark;

import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Rejection;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeAvro;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.domain.TradeVerdict;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF10;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.avro.functions.from_avro;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

/**
 * Trade records (TradeJson text or {@link TradeAvro} bytes) to checked trade columns, in three named steps:
 * {@link #check} judges every record with the domain's {@link TradeCheck} (the same rules ingest applies),
 * {@link #validTrades} keeps the valid ones as typed columns, {@link #rejectedRecords} the others with their reason.
 *
 * <p>A JSON record is checked by a Java UDF over its text, so numbers are read digit for digit by the domain parser
 * (Spark's own JSON reader would turn a number written without quotes into a double). An Avro record is decoded by
 * spark-avro's {@code from_avro} straight into typed columns (its decimals are already decimal(38,18)), and a UDF over
 * those values applies the same rules without parsing anything. A valid trade's price and quantity have at most 18
 * fraction digits and lie within the checker's bounds, so decimal(38,18) holds them exactly. The cost: this step runs
 * cryptostream code on the executors, so a cluster needs the cryptostream jars in {@code spark.jars}.
 */
public final class TradeJsonParser {

    /** decimal(38,18): holds every valid price and quantity exactly; sums of them up to 10^20 too. */
    public static final DecimalType DECIMAL = DataTypes.createDecimalType(38, 18);

    /** Name of the observed metrics ({@code records}, {@code malformed}: records rejected) in each query progress. */
    public static final String PARSE_METRICS = "trade_parsing";

    /**
     * The TradeJson fields a checked trade carries, all but the quote volume: the job sums price × quantity
     * itself, exactly ({@link ExactQuoteVolume}), and no Spark decimal holds the product.
     */
    private static final List<TradeJson.Field> TRADE_FIELDS = Arrays.stream(TradeJson.Field.values())
            .filter(field -> field != TradeJson.Field.QUOTE_VOLUME).toList();

    /** Suffix of the columns that carry a time as epoch microseconds, Spark's timestamp precision. */
    private static final String MICROS = "Micros";

    /** What {@link #check} adds to each record: a rejection's reason and detail, then the trade fields typed. */
    private static final StructType CHECKED = checkedSchema();

    /**
     * The column of a source whose records name their format: the {@link TradeFormat#HEADER} header's value, null
     * when a record has none (then it is JSON). A source without this column gives JSON text only.
     */
    public static final String CONTENT_TYPE = "contentType";

    /** Working columns of {@link #check}: the decoded Avro record, then the check's verdict on its values. */
    private static final String AVRO = "avro";
    private static final String AVRO_REJECTION = "avroRejection";
    private static final StructType REJECTION = new StructType()
            .add("reason", DataTypes.StringType)
            .add("detail", DataTypes.StringType);
    /** A record that is no trade of the schema decodes to null instead of failing the query. */
    private static final Map<String, String> FROM_AVRO_OPTIONS = Map.of("mode", "PERMISSIVE");

    private TradeJsonParser() {
    }

    /** The valid trades of {@code value} strings checked with the default {@link TradeCheck}. */
    public static Dataset<Row> parse(Dataset<Row> jsonValues) {
        return validTrades(check(jsonValues, TradeCheck.defaults()));
    }

    /**
     * The source's records with a {@code checked} column: a rejection reason, or the trade's typed fields. A record
     * marked {@link TradeFormat#AVRO} in the {@value #CONTENT_TYPE} column is decoded with {@code from_avro}; any other
     * is JSON text.
     */
    public static Dataset<Row> check(Dataset<Row> records, TradeCheck tradeCheck) {
        Column json = udf(new CheckRecord(tradeCheck), CHECKED).apply(col("value").cast(DataTypes.StringType));
        if (!Arrays.asList(records.columns()).contains(CONTENT_TYPE)) {
            return records.withColumn("checked", json);
        }
        Column isAvro = col(CONTENT_TYPE).equalTo(TradeFormat.AVRO.contentType());
        // Separate steps, so that each record is decoded and checked once: Spark does not share an expression
        // between the fields of a conditional branch, and keeps apart the steps whose results are read more than once.
        return records
                .withColumn(AVRO, when(isAvro, from_avro(col("value"), TradeAvro.schemaText(), FROM_AVRO_OPTIONS)))
                .withColumn(AVRO_REJECTION, when(isAvro, avroRejection(tradeCheck)))
                .withColumn("checked", when(isAvro, avroChecked()).otherwise(json))
                .drop(AVRO, AVRO_REJECTION);
    }

    /** Null for a valid Avro record, else its reason and detail. */
    private static Column avroRejection(TradeCheck tradeCheck) {
        Column checkFields = udf(new CheckAvroFields(tradeCheck), REJECTION).apply(avroField(TradeJson.Field.EXCHANGE),
                avroField(TradeJson.Field.BASE), avroField(TradeJson.Field.QUOTE), avroField(TradeJson.Field.TRADE_ID),
                avroField(TradeJson.Field.PRICE), avroField(TradeJson.Field.QUANTITY),
                avroField(TradeJson.Field.EVENT_TIME), col(AVRO + "." + TradeAvro.EVENT_TIME_NANOS),
                avroField(TradeJson.Field.RECEIVE_TIME), col(AVRO + "." + TradeAvro.RECEIVE_TIME_NANOS));
        Column notAvro = struct(lit(RejectReason.NOT_AVRO.name()).as("reason"),
                concat(lit("not a trade in the Avro schema ("), length(col("value")), lit(" bytes)")).as("detail"));
        return when(col(AVRO).isNull(), notAvro).otherwise(checkFields);
    }

    /** An Avro record as {@link #CHECKED}: the check's verdict, then the decoded fields. */
    private static Column avroChecked() {
        List<Column> fields = new ArrayList<>(List.of(col(AVRO_REJECTION + ".reason").as("reason"),
                col(AVRO_REJECTION + ".detail").as("detail")));
        for (TradeJson.Field field : TRADE_FIELDS) {
            fields.add(field.kind() == TradeJson.Kind.TIME ? avroField(field).as(field.jsonName() + MICROS)
                    : avroField(field).as(field.jsonName()));
        }
        return struct(fields.toArray(Column[]::new));
    }

    /** A trade field of the decoded Avro record (the schema names its fields as TradeJson does); times in micros. */
    private static Column avroField(TradeJson.Field field) {
        Column value = col(AVRO + "." + field.jsonName());
        return field.kind() == TradeJson.Kind.TIME ? unix_micros(value) : value;
    }

    /** One row per valid trade, with the TradeJson field names as columns. */
    public static Dataset<Row> validTrades(Dataset<Row> checked) {
        return checked
                .observe(PARSE_METRICS,
                        count(lit(1)).as("records"),
                        sum(when(rejected(), 1).otherwise(0)).as("malformed"))
                .where(rejected().unary_$bang())
                .select(TRADE_FIELDS.stream().map(TradeJsonParser::tradeColumn).toArray(Column[]::new));
    }

    private static Column tradeColumn(TradeJson.Field field) {
        String name = field.jsonName();
        return (field.kind() == TradeJson.Kind.TIME ? timestamp_micros(col("checked." + name + MICROS))
                : col("checked." + name)).as(name);
    }

    private static StructType checkedSchema() {
        StructType schema = new StructType()
                .add("reason", DataTypes.StringType)
                .add("detail", DataTypes.StringType);
        for (TradeJson.Field field : TRADE_FIELDS) {
            schema = switch (field.kind()) {
                case TEXT -> schema.add(field.jsonName(), DataTypes.StringType);
                case DECIMAL -> schema.add(field.jsonName(), DECIMAL);
                case TIME -> schema.add(field.jsonName() + MICROS, DataTypes.LongType);
            };
        }
        return schema;
    }

    /**
     * One row per rejected record, the fields of {@link RejectedTradeJson}: {@code reason, detail, record} (the
     * original text), {@code exchange} when the record names one, then the source's own columns saying where it was
     * (Kafka: topic, partition, offset).
     */
    public static Dataset<Row> rejectedRecords(Dataset<Row> checked) {
        List<Column> columns = new ArrayList<>(List.of(col("checked.reason").as(RejectedTradeJson.REASON),
                col("checked.detail").as(RejectedTradeJson.DETAIL), originalRecord(checked).as(RejectedTradeJson.RECORD),
                col("checked.exchange").as(RejectedTradeJson.EXCHANGE)));
        for (String sourceColumn : checked.columns()) {
            if (!sourceColumn.equals("value") && !sourceColumn.equals("checked")) {
                columns.add(col(sourceColumn));
            }
        }
        return checked.where(rejected()).select(columns.toArray(Column[]::new));
    }

    /** The record as it was read: JSON as its text, Avro bytes in Base64. */
    private static Column originalRecord(Dataset<Row> checked) {
        Column text = col("value").cast(DataTypes.StringType);
        return Arrays.asList(checked.columns()).contains(CONTENT_TYPE)
                // Spark 3.5's base64 breaks lines every 76 characters (MIME); the record is one line.
                ? when(col(CONTENT_TYPE).equalTo(TradeFormat.AVRO.contentType()),
                        regexp_replace(base64(col("value")), "[\\r\\n]", "")).otherwise(text)
                : text;
    }

    private static Column rejected() {
        return col("checked.reason").isNotNull();
    }

    /** Runs on the executors: the domain's verdict on one record as a {@link #CHECKED} row. Never throws. */
    private record CheckRecord(TradeCheck tradeCheck) implements UDF1<String, Row> {

        @Override
        public Row call(String value) {
            TradeVerdict verdict = tradeCheck.checkRecord(value);
            Object[] values = new Object[CHECKED.size()];
            if (verdict instanceof TradeVerdict.Rejected rejected) {
                values[0] = rejected.rejection().reason().name();
                values[1] = rejected.rejection().detail();
                values[CHECKED.fieldIndex(TradeJson.Field.EXCHANGE.jsonName())] = rejected.exchange();
                return RowFactory.create(values);
            }
            Trade trade = ((TradeVerdict.Accepted) verdict).trade();
            for (int i = 0; i < TRADE_FIELDS.size(); i++) {
                Object field = TRADE_FIELDS.get(i).value(trade);
                values[i + 2] = field instanceof Instant time ? micros(time) : field;
            }
            return RowFactory.create(values);
        }

        /** Sub-microsecond digits are dropped, as Spark does for any timestamp; the checker bounds the year. */
        private static long micros(Instant time) {
            return TradeAvro.micros(time);
        }
    }

    /** Runs on the executors: the domain's verdict on the values of one decoded Avro record; null when valid. */
    private record CheckAvroFields(TradeCheck tradeCheck)
            implements UDF10<String, String, String, String, BigDecimal, BigDecimal, Long, Integer, Long, Integer, Row> {

        @Override
        public Row call(String exchange, String base, String quote, String tradeId, BigDecimal price,
                        BigDecimal quantity, Long eventMicros, Integer eventNanos, Long receiveMicros,
                        Integer receiveNanos) {
            if (price == null || quantity == null || eventMicros == null || eventNanos == null
                    || receiveMicros == null || receiveNanos == null) {
                // Spark may evaluate this for a record from_avro could not decode, whose verdict is NOT_AVRO anyway.
                return RowFactory.create(RejectReason.NOT_AVRO.name(), "not a trade in the Avro schema");
            }
            Optional<Rejection> rejection;
            try {
                rejection = tradeCheck.checkFields(exchange, base, quote, tradeId, price, quantity,
                        TradeAvro.instant(eventMicros, eventNanos), TradeAvro.instant(receiveMicros, receiveNanos));
            } catch (IllegalArgumentException e) {
                rejection = Optional.of(new Rejection(RejectReason.INVALID_TIME, e.getMessage()));
            }
            return rejection.map(r -> RowFactory.create(r.reason().name(), r.detail())).orElse(null);
        }
    }
}
