package io.dualaccess.compare;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A double's canonical decimal is its shortest decimal ({@link ShortestDecimal}), on every path: the
 * digits are those of JDK 19's {@code Double.toString} (checked against jackson-core's independent
 * rendering of the same specification, which the project already depends on), they round back to
 * the double, no shorter decimal does, and a DOUBLE then equals a DECIMAL holding that decimal,
 * kept or only hashed.
 */
class ShortestDecimalTest {

    /** Doubles where JDK 17's {@code Double.toString} is not the shortest, and the edges of the format. */
    private static final double[] SPECIAL = {0.1 + 0.2, 1e23, 2e23, 8.41e21, 2.82879384806159E17, 1.18575755E-316,
        2e-3, 1.0E-5, 5e-324, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, 10 * Double.MIN_VALUE, 1.0E-322,
        Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE,
        Math.nextDown(Double.MAX_VALUE), 1.0, 0.1, 100.0, 1e7, 1e15, 1e16, 1e17, 1e22, 9007199254740992.0,
        9007199254740993.0, 4503599627370496.5, 0.5, 0.25, 1.0 / 3, 2.0 / 3, 123456.789, 9.999999999999999E22,
        Math.nextUp(1.0), Math.nextDown(1.0), 0x1p-1022, 0x1p1023, 0x1p-1074, 0x1.fffffffffffffp-1023};

    private static List<Double> samples() {
        List<Double> all = new ArrayList<>();
        for (double d : SPECIAL) {
            all.add(d);
            all.add(-d);
        }
        // Powers of two and of ten over the whole range: the table's every entry is used.
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            all.add(p);
            all.add(Math.nextUp(p));
            all.add(Math.nextDown(p));
        }
        for (int e = -323; e <= 308; e++) {
            all.add(Double.parseDouble("1e" + e));
        }
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 5) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> Double.longBitsToDouble(random.nextLong(1L << 52)); // subnormal
                case 2 -> random.nextInt(100_000_000) / 100.0;
                case 3 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
                default -> (double) random.nextLong();
            };
            if (Double.isFinite(d)) {
                all.add(d);
            }
        }
        return all;
    }

    @Test
    void digitsAreJdk19sDoubleToStringDigits() {
        ShortestDecimal s = new ShortestDecimal();
        for (double d : samples()) {
            BigDecimal expected = new BigDecimal(DoubleToDecimal.toString(d));
            BigDecimal actual = ShortestDecimal.decimal(s, d);
            assertThat(actual.compareTo(expected)).as("%s: %s against %s", d, actual, expected).isZero();
            if (d != 0) {
                // No trailing zeros: the digits are the decimal's own.
                assertThat(s.digits() % 10).as("%s", d).isNotZero();
                assertThat(actual.unscaledValue().abs()).isEqualTo(expected.stripTrailingZeros().unscaledValue().abs());
            }
        }
    }

    @Test
    void digitsRoundBackToTheDoubleAndNoShorterDecimalDoes() {
        ShortestDecimal s = new ShortestDecimal();
        for (double d : samples()) {
            BigDecimal v = ShortestDecimal.decimal(s, d);
            assertThat(v.doubleValue()).as("%s read back from %s", d, v).isEqualTo(d);
            int precision = v.precision();
            if (d == 0 || precision <= 2) {
                continue; // one or two digits: the specification may pick the closer of two lengths
            }
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = v.round(new MathContext(precision - 1, mode));
                assertThat(shorter.doubleValue()).as("%s: %s has fewer digits than %s", d, shorter, v).isNotEqualTo(d);
            }
        }
    }

    @Test
    void theTableIsTheDefinitionsOverApproximationOfEachPowerOfTen() {
        for (int k = ShortestDecimal.K_MIN; k <= ShortestDecimal.K_MAX; k++) {
            BigInteger g = ShortestDecimal.g(k);
            assertThat(g.bitLength()).as("k=%s", k).isBetween(126, 127);
            // g - 1 <= 10^-k 2^-r < g for the r that scales it to 126 bits: compare exactly in integers.
            int r = ShortestDecimal.floorLog2Pow10(-k) - 125;
            BigInteger tenK = BigInteger.TEN.pow(Math.abs(k));
            BigInteger lhsLow = g.subtract(BigInteger.ONE);
            // 10^-k 2^-r compared with x: 10^-k 2^-r >= x  <=>  (k <= 0 ? 10^-k : 1) 2^(-r) >= x (k > 0 ? 10^k : 1) 2^0, scaled to integers.
            BigInteger num = k <= 0 ? tenK : BigInteger.ONE;
            BigInteger den = k <= 0 ? BigInteger.ONE : tenK;
            if (r < 0) {
                num = num.shiftLeft(-r);
            } else {
                den = den.shiftLeft(r);
            }
            assertThat(lhsLow.multiply(den).compareTo(num)).as("k=%s", k).isLessThanOrEqualTo(0);
            assertThat(g.multiply(den).compareTo(num)).as("k=%s", k).isPositive();
        }
    }

    @Test
    void theLogarithmsAreExactOverTheExponentsUsed() {
        for (int e = -1100; e <= 1100; e++) {
            BigInteger two = BigInteger.ONE.shiftLeft(Math.abs(e));
            // floor(log10(2^e)): the largest k with 10^k <= 2^e.
            int k = ShortestDecimal.floorLog10Pow2(e);
            assertThat(pow10AtMost(k, two, e >= 0)).as("e=%s", e).isTrue();
            assertThat(pow10AtMost(k + 1, two, e >= 0)).as("e=%s", e).isFalse();
        }
        for (int e = -350; e <= 350; e++) {
            int b = ShortestDecimal.floorLog2Pow10(e);
            // floor(log2(10^e)) = b: 2^b <= 10^e < 2^(b+1).
            BigInteger ten = BigInteger.TEN.pow(Math.abs(e));
            if (e >= 0) {
                assertThat(ten.bitLength() - 1).as("e=%s", e).isEqualTo(b);
            } else {
                // 10^e = 1/ten: floor(log2) = -(ceil(log2 ten)) = -bitLength (ten is no power of two for e < 0).
                assertThat(-ten.bitLength()).as("e=%s", e).isEqualTo(b);
            }
        }
    }

    @Test
    void digitCountsOfLongs() {
        SplittableRandom random = new SplittableRandom(5);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99L, 100L, Long.MAX_VALUE, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L));
        for (int i = 0; i < 63; i++) {
            values.add(1L << i);
            values.add((1L << i) - 1);
        }
        long p = 1;
        for (int i = 0; i < 19; i++) {
            values.add(p);
            values.add(p - 1);
            values.add(p + 1);
            p *= 10;
        }
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
        }
        for (long v : values) {
            assertThat(RoundedDouble.digits(v)).as("%s", v).isEqualTo(Long.toString(v).length());
        }
    }

    /** Whether 10^k <= 2^e, with 2^|e| given and the sign of e. */
    private static boolean pow10AtMost(int k, BigInteger twoAbs, boolean positive) {
        BigInteger tenAbs = BigInteger.TEN.pow(Math.abs(k));
        BigInteger lhs = k >= 0 ? tenAbs : BigInteger.ONE;
        BigInteger lhsDen = k >= 0 ? BigInteger.ONE : tenAbs;
        BigInteger rhs = positive ? twoAbs : BigInteger.ONE;
        BigInteger rhsDen = positive ? BigInteger.ONE : twoAbs;
        return lhs.multiply(rhsDen).compareTo(rhs.multiply(lhsDen)) <= 0;
    }

    private static final List<NormalizationRules> NUMBER_RULES = List.of(NormalizationRules.defaults(),
        NormalizationRules.builder().floatTolerance(0).build(),
        NormalizationRules.builder().floatTolerance(1e-14).build(),
        NormalizationRules.builder().floatTolerance(1e-3).build());

    /**
     * A DOUBLE on one side and a DECIMAL holding the double's shortest text (rounded to the
     * tolerance's digits, as the DOUBLE is) on the other hash alike, whether the row is kept
     * (canonical values) or only hashed, under every float tolerance; with
     * JDK 17's digits, {@code 1e23} (9.999999999999999E22) and {@code 2.82879384806159E17}
     * (…159008) were unequal to their DECIMALs without a tolerance.
     */
    @Test
    void aDoubleEqualsTheDecimalOfItsShortestTextKeptOrOnlyHashed() throws SQLException {
        List<Column> asDouble = List.of(new Column("v", Types.DOUBLE, "DOUBLE PRECISION"));
        List<Column> asDecimal = List.of(new Column("v", Types.DECIMAL, "NUMERIC"));
        List<Double> values = samples().subList(0, 20_000);
        for (NormalizationRules rules : NUMBER_RULES) {
            for (double d : values) {
                // A tolerance rounds floating-point values only: the DECIMAL holds the rounded shortest text.
                BigDecimal decimal = new BigDecimal(DoubleToDecimal.toString(d));
                if (rules.floatTolerance() > 0) {
                    decimal = decimal.round(new MathContext(rules.floatDigits(), RoundingMode.HALF_EVEN));
                }
                String expected = hash(rules, asDecimal, 1, decimal);
                assertThat(hash(rules, asDecimal, 0, decimal)).as("%s as a decimal only hashed, under %s", decimal, rules).isEqualTo(expected);
                assertThat(hash(rules, asDouble, 1, d)).as("%s kept, under %s", d, rules).isEqualTo(expected);
                assertThat(hash(rules, asDouble, 0, d)).as("%s only hashed, under %s", d, rules).isEqualTo(expected);
            }
        }
    }

    @Test
    void jdk17sLongerDigitsNoLongerMakeADifference() throws SQLException {
        NormalizationRules exactFloats = NormalizationRules.builder().floatTolerance(0).build();
        List<Column> asDouble = List.of(new Column("v", Types.DOUBLE, "DOUBLE PRECISION"));
        List<Column> asDecimal = List.of(new Column("v", Types.DECIMAL, "NUMERIC"));
        Object[][] pairs = {{1e23, new BigDecimal("1E+23")}, {2.82879384806159E17, new BigDecimal("282879384806159000")},
            {0.1 + 0.2, new BigDecimal("0.30000000000000004")}, {2e-3, new BigDecimal("0.002")},
            {1.18575755E-316, new BigDecimal("1.18575755E-316")}, {5e-324, new BigDecimal("4.9E-324")}};
        for (Object[] p : pairs) {
            for (int keep : new int[] {0, 1}) {
                assertThat(hash(exactFloats, asDouble, keep, p[0])).as("%s (keep %s)", p[0], keep)
                    .isEqualTo(hash(exactFloats, asDecimal, keep, p[1]));
            }
        }
        // And the canonical value itself, which diffs show and verify compares.
        ValueNormalizer n = new ValueNormalizer(exactFloats);
        assertThat(n.normalize(1e23, Types.DOUBLE, "DOUBLE PRECISION")).isEqualTo(new BigDecimal("1E+23"));
        assertThat(n.normalize(2.82879384806159E17, Types.DOUBLE, "DOUBLE PRECISION")).isEqualTo(282879384806159000L);
    }

    private static String hash(NormalizationRules rules, List<Column> columns, int keep, Object value) throws SQLException {
        RowDigest digest = new RowDigest(rules, columns, keep);
        digest.addValues(value);
        ResultDigest r = digest.snapshot();
        return r.multisetHash();
    }
}
