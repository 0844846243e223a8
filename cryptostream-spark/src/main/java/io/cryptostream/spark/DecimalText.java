package io.cryptostream.spark;

import io.cryptostream.store.Decimals;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.math.BigDecimal;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

/**
 * Exact decimal columns as the plain text the sinks write (no trailing zeros, zero as {@code 0}). Sums wider than
 * any Spark decimal and the quotients with their stated rounding ({@link Decimals#quotient}) are computed as
 * {@link BigDecimal} here, on the executors, so nothing is rounded by Spark's decimal arithmetic.
 */
final class DecimalText {

    private static final UserDefinedFunction PLAIN = udf(
            (UDF1<String, String>) value -> value == null ? null : plain(new BigDecimal(value)),
            DataTypes.StringType);
    private static final UserDefinedFunction PLUS = udf(
            (UDF2<String, String, String>) (left, right) -> plain(orZero(left).add(orZero(right))),
            DataTypes.StringType);
    private static final UserDefinedFunction QUOTIENT = udf(
            (UDF2<String, String, String>) (dividend, divisor) -> dividend == null || divisor == null ? null
                    : plain(Decimals.quotient(new BigDecimal(dividend), new BigDecimal(divisor))),
            DataTypes.StringType);

    private DecimalText() {
    }

    /** A decimal (or decimal text) column as plain text; null stays null. */
    static Column of(Column decimal) {
        return PLAIN.apply(decimal.cast("string"));
    }

    /** The exact sum of decimal (or decimal text) columns, a null term counting as zero. */
    static Column sum(Column... terms) {
        Column total = lit("0");
        for (Column term : terms) {
            total = PLUS.apply(total, term.cast("string"));
        }
        return total;
    }

    /** {@code dividend / divisor} by {@link Decimals#quotient}; null when either is null. */
    static Column quotient(Column dividend, Column divisor) {
        return QUOTIENT.apply(dividend.cast("string"), divisor.cast("string"));
    }

    private static BigDecimal orZero(String value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value);
    }

    private static String plain(BigDecimal value) {
        return Decimals.canonical(value).toPlainString();
    }
}
