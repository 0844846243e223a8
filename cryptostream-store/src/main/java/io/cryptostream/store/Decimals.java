package io.cryptostream.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The rounding rule for the values that are quotients (means, VWAP); every other value is an exact sum. */
public final class Decimals {

    /** Quotients keep 18 decimal places, the scale at which prices and quantities travel through Spark. */
    public static final int QUOTIENT_SCALE = 18;
    public static final RoundingMode QUOTIENT_ROUNDING = RoundingMode.HALF_EVEN;

    private Decimals() {
    }

    /** {@code dividend / divisor} rounded to {@value #QUOTIENT_SCALE} places, half-even. */
    public static BigDecimal quotient(BigDecimal dividend, BigDecimal divisor) {
        return dividend.divide(divisor, QUOTIENT_SCALE, QUOTIENT_ROUNDING);
    }

    /**
     * The same number without trailing zeros, so that values read back at another scale (Spark writes
     * decimal(38,18), Cassandra keeps whatever scale it was given) are equal as Java values. Zero stays 0.
     */
    public static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
