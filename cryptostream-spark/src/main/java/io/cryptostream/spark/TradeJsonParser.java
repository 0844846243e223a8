package io.cryptostream.spark;

import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.domain.TradeVerdict;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * TradeJson text to checked trade columns, in three named steps: {@link #check} judges every record with the
 * domain's {@link TradeCheck} (the same rules ingest applies), {@link #validTrades} keeps the valid ones as typed
 * columns, {@link #rejectedRecords} the others with their reason.
 *
 * <p>The check is a Java UDF over the record's text, so numbers are read digit for digit by the domain parser (Spark's
 * own JSON reader would turn a number written without quotes into a double). A valid trade's price and quantity have
 * at most 18 fraction digits and lie within the checker's bounds, so decimal(38,18) holds them exactly. The cost:
 * this step runs cryptostream code on the executors, so a cluster needs the cryptostream jars in {@code spark.jars}.
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

    private TradeJsonParser() {
    }

    /** The valid trades of {@code value} strings checked with the default {@link TradeCheck}. */
    public static Dataset<Row> parse(Dataset<Row> jsonValues) {
        return validTrades(check(jsonValues, TradeCheck.defaults()));
    }

    /** The source's records with a {@code checked} column: a rejection reason, or the trade's typed fields. */
    public static Dataset<Row> check(Dataset<Row> records, TradeCheck tradeCheck) {
        UserDefinedFunction checkRecord = udf(new CheckRecord(tradeCheck), CHECKED);
        return records.withColumn("checked", checkRecord.apply(col("value")));
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
                col("checked.detail").as(RejectedTradeJson.DETAIL), col("value").as(RejectedTradeJson.RECORD),
                col("checked.exchange").as(RejectedTradeJson.EXCHANGE)));
        for (String sourceColumn : checked.columns()) {
            if (!sourceColumn.equals("value") && !sourceColumn.equals("checked")) {
                columns.add(col(sourceColumn));
            }
        }
        return checked.where(rejected()).select(columns.toArray(Column[]::new));
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
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        }
    }
}
