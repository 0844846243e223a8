package io.cryptostream.spark;

import io.cryptostream.domain.TradeCheck;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ExactQuoteVolumeTest {

    private static final BigDecimal SMALLEST = new BigDecimal("1e-18");

    @Test
    void limbSumsEqualTheBigDecimalSumForRandomTradesAcrossTheWholeValidRange() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int group = 0; group < 200; group++) {
            int trades = 1 + random.nextInt(50);
            long[] sums = new long[ExactQuoteVolume.LIMBS];
            BigDecimal expected = BigDecimal.ZERO;
            for (int t = 0; t < trades; t++) {
                BigDecimal price = randomValue(random, TradeCheck.MAX_PRICE);
                BigDecimal quantity = randomValue(random, TradeCheck.MAX_QUANTITY);
                add(sums, ExactQuoteVolume.limbs(price, quantity));
                expected = expected.add(price.multiply(quantity));
            }
            assertThat(ExactQuoteVolume.value(boxed(sums))).isEqualByComparingTo(expected);
        }
    }

    @Test
    void theLargestAndSmallestValidTradesAreExact() {
        BigDecimal largest = TradeCheck.MAX_PRICE.multiply(TradeCheck.MAX_QUANTITY);
        assertThat(ExactQuoteVolume.value(boxed(ExactQuoteVolume.limbs(TradeCheck.MAX_PRICE,
                TradeCheck.MAX_QUANTITY)))).isEqualByComparingTo(largest);
        assertThat(ExactQuoteVolume.value(boxed(ExactQuoteVolume.limbs(SMALLEST, SMALLEST))))
                .isEqualByComparingTo(new BigDecimal("1e-36"));
        BigDecimal ragged = new BigDecimal("999999999.999999999999999999");
        BigDecimal raggedQuantity = new BigDecimal("999999999999.999999999999999999");
        assertThat(ExactQuoteVolume.value(boxed(ExactQuoteVolume.limbs(ragged, raggedQuantity))))
                .isEqualByComparingTo(ragged.multiply(raggedQuantity));
    }

    @Test
    void theMostTradesAGroupHoldsAtTheLargestValuesSumWithoutOverflow() {
        long[] largest = ExactQuoteVolume.limbs(TradeCheck.MAX_PRICE, TradeCheck.MAX_QUANTITY);
        long[] allOnes = LongStream.range(0, ExactQuoteVolume.LIMBS)
                .map(k -> (1L << ExactQuoteVolume.LIMB_BITS) - 1).toArray();
        for (long[] limbs : new long[][]{largest, allOnes}) {
            Long[] sums = new Long[ExactQuoteVolume.LIMBS];
            for (int k = 0; k < limbs.length; k++) {
                // What Spark's long sum reaches after MAX_TRADES such trades; multiplyExact throws on overflow.
                sums[k] = Math.multiplyExact(limbs[k], ExactQuoteVolume.MAX_TRADES);
            }
            BigInteger unscaled = BigInteger.ZERO;
            for (int k = 0; k < limbs.length; k++) {
                unscaled = unscaled.add(BigInteger.valueOf(limbs[k]).shiftLeft(k * ExactQuoteVolume.LIMB_BITS));
            }
            assertThat(ExactQuoteVolume.value(sums)).isEqualByComparingTo(new BigDecimal(
                    unscaled.multiply(BigInteger.valueOf(ExactQuoteVolume.MAX_TRADES)), ExactQuoteVolume.SCALE));
        }
    }

    @Test
    void aGroupWithoutTradesSumsToZero() {
        assertThat(ExactQuoteVolume.value(new Long[ExactQuoteVolume.LIMBS])).isEqualByComparingTo("0");
    }

    /** Up to {@code max}, with 0 to 18 fraction digits and any number of integer digits in range. */
    private static BigDecimal randomValue(SplittableRandom random, BigDecimal max) {
        int scale = random.nextInt(19);
        BigInteger bound = max.movePointRight(scale).toBigIntegerExact();
        BigInteger unscaled = new BigInteger(bound.bitLength(), new java.util.Random(random.nextLong()))
                .mod(bound).add(BigInteger.ONE);
        return new BigDecimal(unscaled.shiftRight(random.nextInt(bound.bitLength())).max(BigInteger.ONE), scale);
    }

    private static void add(long[] sums, long[] limbs) {
        for (int k = 0; k < sums.length; k++) {
            sums[k] += limbs[k];
        }
    }

    private static Long[] boxed(long[] values) {
        return LongStream.of(values).boxed().toArray(Long[]::new);
    }
}
