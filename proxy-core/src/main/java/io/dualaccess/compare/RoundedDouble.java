package io.dualaccess.compare;

/**
 * The canonical decimal of a finite double under the {@code numbers} rule (and
 * {@code float-tolerance} when on), worked out on longs: the value that
 * {@code ShortestDecimal.decimal(d).round(digits, HALF_EVEN)} and then {@link ValueNormalizer#canonical}
 * give, as an unscaled long and a scale with no trailing zeros. It exists because the BigDecimal
 * route allocates five objects per value, and it runs for every double of every row past the kept
 * ones on the application's thread. It starts from the same digits the BigDecimal route starts from
 * (the double's shortest decimal, {@link ShortestDecimal}), so both agree digit for digit; it answers
 * false only for NaN and the infinities, which the caller hashes by the normaliser's route.
 *
 * <p>One instance per thread ({@link RowDigest#rounded()}); not thread-safe.
 */
final class RoundedDouble {

    /** Powers of ten that fit a long. */
    static final long[] POW10 = new long[19];
    /** Powers of ten that are exact doubles (up to 10^22). */
    static final double[] POW10_DOUBLE = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        POW10_DOUBLE[0] = 1;
        for (int i = 1; i < POW10_DOUBLE.length; i++) {
            POW10_DOUBLE[i] = POW10_DOUBLE[i - 1] * 10;
        }
    }

    /** The double's shortest digits, rewritten per value. */
    private final ShortestDecimal shortest = new ShortestDecimal();
    private long unscaled;
    private int scale;

    /**
     * Works out the canonical decimal of {@code d}.
     *
     * @param digits significant digits to round to (HALF_EVEN), or 0 for none
     * @return false when the value is not finite
     */
    boolean of(double d, int digits) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return false;
        }
        // The digits ValueNormalizer's BigDecimal route reads (ShortestDecimal.decimal): at most 17.
        ShortestDecimal s = shortest;
        s.of(d);
        long u = s.digits();
        boolean negative = d < 0;
        int significant = u == 0 ? 0 : digits(u);
        int sc = -s.exponent();
        if (digits > 0 && significant > digits) {
            int drop = significant - digits;
            long div = POW10[drop];
            long q = u / div;
            long r = u % div;
            // HALF_EVEN, as MathContext(digits, HALF_EVEN) rounds (r and div are below 10^18: 2r fits).
            if (2 * r > div || 2 * r == div && (q & 1) == 1) {
                q++;
            }
            u = q;
            sc -= drop;
        }
        if (u == 0) {
            unscaled = 0;
            scale = 0;
            return true;
        }
        while (u % 10 == 0) {
            u /= 10;
            sc--;
        }
        unscaled = negative ? -u : u;
        scale = sc;
        return true;
    }

    /** The unscaled value of the last result (0 for zero); no trailing zeros. */
    long unscaled() {
        return unscaled;
    }

    /** The scale of the last result: its value is {@code unscaled × 10^-scale}. */
    int scale() {
        return scale;
    }

    /** Decimal digits of a non-negative long. */
    static int digits(long v) {
        if (v == 0) {
            return 1;
        }
        // v is in [2^(b-1), 2^b): ⌊log10(2^(b-1))⌋ + 1 is its digit count or one short of it.
        int d = ShortestDecimal.floorLog10Pow2(Long.SIZE - 1 - Long.numberOfLeadingZeros(v)) + 1;
        return d < POW10.length && v >= POW10[d] ? d + 1 : d;
    }
}
