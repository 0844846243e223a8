package io.cryptostream.spark;

import io.cryptostream.store.Decimals;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The sum of price × quantity over a group, exact, with nothing but {@code long} sums in the window state. No Spark
 * decimal holds it: a product of two values with 18 fraction digits has 36, and a window's sum reaches 10²⁷, some 64
 * digits against decimal's 38 (see docs/data-model.md).
 *
 * <p>Each trade's product is computed exactly ({@link BigDecimal}), taken as an integer of {@value #SCALE} fraction
 * digits (at most 10⁵⁷ for the largest valid price and quantity, under 2¹⁹⁰) and cut into {@value #LIMBS} limbs of
 * {@value #LIMB_BITS} bits. Spark sums each limb as a {@code long}: a limb is below 2³², so {@value #MAX_TRADES}
 * trades per group cannot overflow its sum. The table rows put the limb sums back together
 * ({@code Σ sumₖ · 2^(32k)}, scale 36): the exact sum, as plain decimal text.
 */
final class ExactQuoteVolume {

    static final int LIMB_BITS = 32;
    static final int LIMBS = 6;
    static final int SCALE = 36;
    /** Trades per group the limb sums hold without overflow: 2³¹ × (2³² − 1) < 2⁶³. */
    static final long MAX_TRADES = 1L << 31;

    private static final long LIMB_MASK = (1L << LIMB_BITS) - 1;
    private static final StructType LIMB_TYPE = limbType();

    private static final UserDefinedFunction TO_LIMBS = org.apache.spark.sql.functions.udf(
            (UDF2<BigDecimal, BigDecimal, Row>) (price, quantity) -> price == null || quantity == null ? null
                    : RowFactory.create(Arrays.stream(limbs(price, quantity)).boxed().toArray()),
            LIMB_TYPE);
    private static final UserDefinedFunction TO_TEXT = org.apache.spark.sql.functions.udf(
            (UDF6<Long, Long, Long, Long, Long, Long, String>) (l0, l1, l2, l3, l4, l5) ->
                    text(value(new Long[]{l0, l1, l2, l3, l4, l5})),
            DataTypes.StringType);

    private ExactQuoteVolume() {
    }

    /** Per trade: {@code price × quantity} (decimal(38,18) columns) as a struct of {@value #LIMBS} limbs. */
    static Column limbs(Column price, Column quantity) {
        return TO_LIMBS.apply(price, quantity);
    }

    /** The limb sums, named {@code name_0 … name_5}, of the {@link #limbs} column's rows where {@code included}. */
    static List<Column> sums(Column limbs, Column included, String name) {
        List<Column> sums = new ArrayList<>();
        for (int k = 0; k < LIMBS; k++) {
            sums.add(sum(when(included, limbs.getField(limbName(k)))).as(name + "_" + k));
        }
        return sums;
    }

    /** The exact sum as plain text from the {@link #sums} named {@code name}; "0" for a group without rows. */
    static Column text(String name) {
        return TO_TEXT.apply(IntStream.range(0, LIMBS).mapToObj(k -> col(name + "_" + k)).toArray(Column[]::new));
    }

    /** {@code price × quantity} as limbs, least significant first; both non-negative, at most 18 fraction digits. */
    static long[] limbs(BigDecimal price, BigDecimal quantity) {
        BigInteger product = price.multiply(quantity).setScale(SCALE).unscaledValue();
        if (product.signum() < 0 || product.bitLength() > LIMBS * LIMB_BITS) {
            throw new IllegalArgumentException("price × quantity " + price + " × " + quantity
                    + " is outside what the quote volume sums hold (0 … 2^" + LIMBS * LIMB_BITS + " at scale "
                    + SCALE + "): the trade check bounds both");
        }
        long[] limbs = new long[LIMBS];
        for (int k = 0; k < LIMBS; k++) {
            limbs[k] = product.shiftRight(k * LIMB_BITS).longValue() & LIMB_MASK;
        }
        return limbs;
    }

    /** The exact value of limb sums (a null sum, a group without rows, counts as zero). */
    static BigDecimal value(Long[] limbSums) {
        BigInteger unscaled = BigInteger.ZERO;
        for (int k = 0; k < limbSums.length; k++) {
            if (limbSums[k] != null) {
                unscaled = unscaled.add(BigInteger.valueOf(limbSums[k]).shiftLeft(k * LIMB_BITS));
            }
        }
        return new BigDecimal(unscaled, SCALE);
    }

    private static String text(BigDecimal value) {
        return Decimals.canonical(value).toPlainString();
    }

    private static String limbName(int k) {
        return "l" + k;
    }

    private static StructType limbType() {
        StructType type = new StructType();
        for (int k = 0; k < LIMBS; k++) {
            type = type.add(limbName(k), DataTypes.LongType, false);
        }
        return type;
    }
}
