package io.cryptostream.spark;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.time.Instant;

import static io.cryptostream.spark.TradeJsonParser.DECIMAL;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.when;

/**
 * OrderJson text to typed order columns: {@code exchange, base, quote, side, action, orderId, price, amount,
 * notional, eventTime, receiveTime}, decimals as decimal(38,18).
 *
 * <p>Each record is decoded by the domain's {@link OrderJson#decode} in a typed map, so the topic format has one
 * parser, and {@code notional = price × amount} is multiplied there as {@link BigDecimal}, exactly. Spark SQL
 * cannot do that multiplication: decimal(38,18) × decimal(38,18) is typed decimal(38,6) and rounds. A record that
 * does not decode, or whose price, amount or notional has more than 18 fraction or 20 integer digits (so
 * decimal(38,18) would round or overflow it), is dropped and counted as malformed, never rounded. The cost: this
 * step runs cryptostream code on the executors, so a cluster needs the cryptostream jars in {@code spark.jars}.
 */
public final class OrderJsonParser {

    /** Name of the observed metrics ({@code records}, {@code malformed}) in each query progress. */
    public static final String PARSE_METRICS = "order_parsing";

    /** Times travel as epoch microseconds (Spark's timestamp precision) so no java8API setting can change them. */
    static final StructType DECODED = new StructType()
            .add("exchange", DataTypes.StringType)
            .add("base", DataTypes.StringType)
            .add("quote", DataTypes.StringType)
            .add("side", DataTypes.StringType)
            .add("action", DataTypes.StringType)
            .add("orderId", DataTypes.StringType)
            .add("price", DECIMAL)
            .add("amount", DECIMAL)
            .add("notional", DECIMAL)
            .add("eventTimeMicros", DataTypes.LongType)
            .add("receiveTimeMicros", DataTypes.LongType)
            .add("valid", DataTypes.BooleanType, false);

    private OrderJsonParser() {
    }

    /** {@code value} strings to one row per valid order event. */
    public static Dataset<Row> parse(Dataset<Row> jsonValues) {
        return jsonValues
                .map(new DecodeOrder(), Encoders.row(DECODED))
                .observe(PARSE_METRICS,
                        count(lit(1)).as("records"),
                        sum(when(col("valid"), 0).otherwise(1)).as("malformed"))
                .where(col("valid"))
                .select(col("exchange"), col("base"), col("quote"), col("side"), col("action"), col("orderId"),
                        col("price"), col("amount"), col("notional"),
                        timestamp_micros(col("eventTimeMicros")).as("eventTime"),
                        timestamp_micros(col("receiveTimeMicros")).as("receiveTime"));
    }

    /** Whether decimal(38,18) holds {@code value} without rounding: at most 18 fraction and 20 integer digits. */
    static boolean fitsDecimalColumn(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= DECIMAL.scale() && stripped.precision() - stripped.scale() <= 20;
    }

    /** Runs on the executors; a record that is not a valid order becomes a row with {@code valid = false}. */
    private static final class DecodeOrder implements MapFunction<Row, Row> {

        private static final Row INVALID = RowFactory.create(null, null, null, null, null, null, null, null, null,
                null, null, false);

        @Override
        public Row call(Row record) {
            String value = record.getString(record.fieldIndex("value"));
            if (value == null) {
                return INVALID;
            }
            OrderEvent order;
            try {
                order = OrderJson.decode(value);
            } catch (IllegalArgumentException e) {
                return INVALID;
            }
            BigDecimal notional = order.notional();
            Long eventTime = micros(order.eventTime());
            Long receiveTime = micros(order.receiveTime());
            if (!fitsDecimalColumn(order.price()) || !fitsDecimalColumn(order.amount())
                    || !fitsDecimalColumn(notional) || eventTime == null || receiveTime == null) {
                return INVALID;
            }
            return RowFactory.create(order.exchange(), order.base(), order.quote(), order.side().name(),
                    order.action().name(), order.orderId(), order.price(), order.amount(), notional,
                    eventTime, receiveTime, true);
        }

        /**
         * Epoch microseconds, sub-microsecond digits dropped as Spark does for any timestamp; null for an instant
         * outside Spark's timestamp range.
         */
        private static Long micros(Instant time) {
            try {
                return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
            } catch (ArithmeticException outOfRange) {
                return null;
            }
        }
    }
}
