package io.dualaccess.compare;

/**
 * The canonical decimal of a finite double under the {@code numbers} rule (and
 * {@code float-tolerance} when on), worked out on longs: the value that
 * {@code BigDecimal.valueOf(d).round(digits, HALF_EVEN)} and then {@link ValueNormalizer#canonical}
 * give, as an unscaled long and a scale with no trailing zeros. It exists because the BigDecimal
 * route allocates five objects per value, and it runs for every double of every row past the kept
 * ones on the application's thread. It reads the same text the BigDecimal route reads
 * ({@link Double#toString}, here appended to a reused builder), so both agree digit for digit; it answers false when the value is out
 * of its reach (more than 18 digits), and the caller then takes the BigDecimal route.
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

    /** The text of the double, rewritten per value: StringBuilder.append(double) makes no String. */
    private final StringBuilder text = new StringBuilder(32);
    private long unscaled;
    private int scale;

    /**
     * Works out the canonical decimal of {@code d}.
     *
     * @param digits significant digits to round to (HALF_EVEN), or 0 for none
     * @return false when the value is not finite or has more digits than a long holds
     */
    boolean of(double d, int digits) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return false;
        }
        // The same digits as Double.toString(d), which BigDecimal.valueOf(d) reads (append's contract).
        StringBuilder s = text;
        s.setLength(0);
        s.append(d);
        long u = 0;
        int significant = 0;
        int fraction = 0;
        boolean inFraction = false;
        boolean negative = false;
        int exponent = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '-') {
                negative = true;
            } else if (c == '.') {
                inFraction = true;
            } else if (c == 'E') {
                exponent = Integer.parseInt(s, i + 1, n, 10);
                break;
            } else {
                int digit = c - '0';
                if (significant > 0 || digit != 0) {
                    if (++significant > 18) {
                        return false;
                    }
                }
                u = u * 10 + digit;
                if (inFraction) {
                    fraction++;
                }
            }
        }
        int sc = fraction - exponent;
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
        int d = 1;
        while (d < POW10.length && v >= POW10[d]) {
            d++;
        }
        return d;
    }
}
