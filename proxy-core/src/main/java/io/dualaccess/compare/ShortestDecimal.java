package io.dualaccess.compare;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The decimal digits of a finite double as {@code Double.toString} writes them from JDK 19 on: the
 * shortest decimal that rounds back to the double (when the shortest has one digit, the closest of
 * one or two digits), the closest to it among those, ties to an even digit. This is the canonical
 * decimal of a double under the {@code numbers} and {@code float-tolerance} rules on every path
 * ({@link ValueNormalizer} for kept rows, verify and diffs, {@link RoundedDouble} for rows only
 * hashed), so that the same double hashes alike on every path and a DOUBLE equals a DECIMAL of the
 * same shortest value. JDK 17's {@code Double.toString}, which the rules used before, sometimes
 * writes more digits than needed ({@code 2.82879384806159E17} as {@code 2.82879384806159008E17}).
 *
 * <p>The result is two longs' worth of state, no object per value: {@link #digits()} × 10^{@link
 * #exponent()}, without trailing zeros. The method is Raffaello Giulietti's Schubfach ("The Schubfach
 * way to render doubles", 2020, sections 8-10), written here on longs from the paper; its table of
 * 126-bit powers of ten is computed at class load with {@link BigInteger}, from the paper's definition
 * (section 9.8: {@code 10^-k = β 2^r} with {@code 2^125 ≤ β < 2^126}, {@code g = ⌊β⌋ + 1}).
 * {@code ShortestDecimalTest} checks the digits against an independent rendering of the same
 * specification for every kind of double, and that every result rounds back to its double.
 *
 * <p>Not thread-safe: one instance per user (a digest's thread buffer, a normaliser).
 */
final class ShortestDecimal {

    /** Bits of a double's significand, the hidden one included. */
    private static final int P = 53;
    /** The exponent q of a subnormal double, and the smallest of a normal one: value = c 2^q. */
    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << (P - 1);
    private static final long T_MASK = C_MIN - 1;
    /** Below this significand a subnormal is scaled by 10 first (the paper's section 8.2.1). */
    private static final long C_TINY = 3;
    /** The range of the decimal exponent k the table covers. */
    static final int K_MIN = -324;
    static final int K_MAX = 292;
    private static final long LOW_63 = (1L << 63) - 1;

    /** g = G1 2^63 + G0 for each k, at index k - K_MIN. */
    private static final long[] G1 = new long[K_MAX - K_MIN + 1];
    private static final long[] G0 = new long[K_MAX - K_MIN + 1];

    static {
        BigInteger two63 = BigInteger.ONE.shiftLeft(63);
        for (int k = K_MIN; k <= K_MAX; k++) {
            BigInteger g = g(k);
            G1[k - K_MIN] = g.shiftRight(63).longValueExact();
            G0[k - K_MIN] = g.mod(two63).longValueExact();
        }
    }

    private long digits;
    private int exponent;

    /**
     * {@code g = ⌊10^-k 2^-r⌋ + 1}, where r makes {@code 2^125 ≤ 10^-k 2^-r < 2^126}: a 126-bit
     * over-approximation of 10^-k's significand.
     */
    static BigInteger g(int k) {
        BigInteger beta;
        if (k <= 0) {
            BigInteger p = BigInteger.TEN.pow(-k);
            int shift = p.bitLength() - 126; // 10^-k 2^-shift has 126 bits
            beta = shift >= 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
        } else {
            BigInteger p = BigInteger.TEN.pow(k);
            // 2^s / 10^k with s such that the quotient has 126 bits: s = 125 + ⌈log2 10^k⌉ at most.
            int s = 125 + p.bitLength();
            beta = BigInteger.ONE.shiftLeft(s).divide(p);
            while (beta.bitLength() > 126) {
                s--;
                beta = BigInteger.ONE.shiftLeft(s).divide(p);
            }
        }
        return beta.add(BigInteger.ONE);
    }

    /** ⌊log10(2^e)⌋, exact for |e| ≤ 5456721 (the paper's section 9.6). */
    static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** ⌊log10(3/4 2^e)⌋, exact for |e| ≤ 2^20 or so, far beyond a double's exponents. */
    static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** ⌊log2(10^e)⌋, exact for |e| ≤ 1233 or so, beyond the k range here. */
    static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * Works out the shortest decimal of {@code |d|}; the sign is the caller's.
     *
     * @param d a finite double
     */
    void of(double d) {
        long bits = Double.doubleToRawLongBits(d);
        long t = bits & T_MASK;
        int biased = (int) (bits >>> (P - 1)) & 0x7ff;
        if (biased == 0x7ff) {
            throw new IllegalArgumentException("not finite: " + d);
        }
        if (biased != 0) {
            int q = biased + Q_MIN - 1;
            long c = C_MIN | t;
            // An integer below 2^53: its own digits (the paper's section 8.3).
            if (q < 0 && q > -P) {
                long f = c >> -q;
                if (f << -q == c) {
                    set(f, 0);
                    return;
                }
            }
            decimal(q, c, 0);
        } else if (t == 0) {
            set(0, 0);
        } else if (t < C_TINY) {
            decimal(Q_MIN, 10 * t, -1);
        } else {
            decimal(Q_MIN, t, 0);
        }
    }

    /** The significant digits of the last result, no trailing zeros (0 for zero). */
    long digits() {
        return digits;
    }

    /** The decimal exponent of the last result: its value is {@code digits() × 10^exponent()}. */
    int exponent() {
        return exponent;
    }

    /** The last result as a BigDecimal, with the double's sign. */
    static BigDecimal decimal(ShortestDecimal s, double d) {
        s.of(d);
        long f = s.digits;
        return BigDecimal.valueOf(d < 0 ? -f : f, -s.exponent);
    }

    /** v = c 2^q (with a decimal exponent correction dk for a tiny subnormal scaled by 10). */
    private void decimal(int q, long c, int dk) {
        // The rounding interval of v, times 4 so its bounds are integers: [cbl, cbr] around cb.
        int out = (int) c & 1; // an odd significand excludes the bounds (round half even on reading)
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else {
            // The lower neighbour is half as far: the interval is asymmetric.
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int h = q + floorLog2Pow10(-k) + 2;
        long g1 = G1[k - K_MIN];
        long g0 = G0[k - K_MIN];
        // vb, vbl, vbr: 4 v 10^-k and the interval's bounds, rounded to odd (the paper's section 9.9).
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // One digit fewer: the multiples of 10 around s (s / 10 by a multiplication, section 10).
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upIn = vbl + out <= sp10 << 2;
            boolean wpIn = (tp10 << 2) + out <= vbr;
            if (upIn != wpIn) {
                set(upIn ? sp10 : tp10, k);
                return;
            }
        }
        long tt = s + 1;
        boolean uIn = vbl + out <= s << 2;
        boolean wIn = (tt << 2) + out <= vbr;
        if (uIn != wIn) {
            set(uIn ? s : tt, k + dk);
            return;
        }
        // Both in the interval: the closer to v, ties to even.
        long cmp = vb - (s + tt << 1);
        set(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk);
    }

    /** ⌊cp g 2^-127⌋ with its lowest bit set when the product is not an integer (round to odd). */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & LOW_63) + LOW_63 >>> 63;
    }

    private void set(long f, int e) {
        if (f == 0) {
            digits = 0;
            exponent = 0;
            return;
        }
        // Trailing zeros into the exponent: f 10^e is then the shortest form's digits. The result of
        // a shorter decimal has many (1234.56 comes out as 12345600000000000 × 10^-13): eight at a
        // time, then four, two and one (divisions by constants, multiplications once compiled).
        while (f % 100_000_000L == 0) {
            f /= 100_000_000L;
            e += 8;
        }
        if (f % 10_000 == 0) {
            f /= 10_000;
            e += 4;
        }
        if (f % 100 == 0) {
            f /= 100;
            e += 2;
        }
        if (f % 10 == 0) {
            f /= 10;
            e++;
        }
        digits = f;
        exponent = e;
    }
}
