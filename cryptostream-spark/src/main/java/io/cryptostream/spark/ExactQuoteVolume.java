package io.cryptostream.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

import java.math.BigDecimal;

import static org.apache.spark.sql.functions.udaf;

/**
 * The sum of price × quantity over a group, exact, as plain decimal text. No Spark decimal type can hold it: a
 * product of two values with 18 fraction digits has up to 36, and a window of a million trades at the largest valid
 * price and quantity sums to about 10^27, together some 64 digits against decimal's 38. So the running sum is a
 * {@link BigDecimal} (Java-serialized in the window state) and leaves the query as text; rows whose price is null
 * (another taker side) add nothing. See docs/data-model.md.
 */
final class ExactQuoteVolume extends Aggregator<Tuple2<BigDecimal, BigDecimal>, BigDecimal, String> {

    /** The exact sum of {@code price × quantity}, both decimal(38,18) columns; "0" for a group without rows. */
    static Column sum(Column price, Column quantity) {
        return udaf(new ExactQuoteVolume(), Encoders.tuple(Encoders.DECIMAL(), Encoders.DECIMAL()))
                .apply(price, quantity);
    }

    @Override
    public BigDecimal zero() {
        return BigDecimal.ZERO;
    }

    @Override
    public BigDecimal reduce(BigDecimal sum, Tuple2<BigDecimal, BigDecimal> priceAndQuantity) {
        if (priceAndQuantity._1() == null || priceAndQuantity._2() == null) {
            return sum;
        }
        return sum.add(priceAndQuantity._1().multiply(priceAndQuantity._2()));
    }

    @Override
    public BigDecimal merge(BigDecimal left, BigDecimal right) {
        return left.add(right);
    }

    @Override
    public String finish(BigDecimal sum) {
        return sum.signum() == 0 ? "0" : sum.stripTrailingZeros().toPlainString();
    }

    @Override
    public Encoder<BigDecimal> bufferEncoder() {
        return Encoders.javaSerialization(BigDecimal.class);
    }

    @Override
    public Encoder<String> outputEncoder() {
        return Encoders.STRING();
    }
}
