package io.dualaccess.compare;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A 128-bit hash of one row of canonical values, streamed: each value is written as 64-bit words
 * (a type tag, lengths, then the content) into MurmurHash3 x64-128's block function, so nothing is
 * buffered and no allocation is made for the usual value types. The tag makes values of different
 * types differ ({@code "1"} vs {@code 1}, NULL vs {@code ""}), and lengths make the encoding
 * prefix-free ({@code ["ab","c"]} vs {@code ["a","bc"]}).
 *
 * <p>Not a cryptographic hash: it tells results apart, it does not resist someone forging rows.
 * One instance per digest; not thread-safe.
 */
final class RowHasher {

    // Tags, one per canonical type.
    private static final long NULL = 1;
    private static final long STRING = 2;
    private static final long LONG = 3;
    private static final long INT = 4;
    private static final long SHORT = 5;
    private static final long BYTE = 6;
    private static final long DECIMAL = 7;
    private static final long BIGINT = 8;
    private static final long DOUBLE = 9;
    private static final long FLOAT = 10;
    private static final long BOOLEAN = 11;
    private static final long INSTANT = 12;
    private static final long LOCAL_DATE_TIME = 13;
    private static final long LOCAL_DATE = 14;
    private static final long LOCAL_TIME = 15;
    private static final long OFFSET_DATE_TIME = 16;
    private static final long OFFSET_TIME = 17;
    private static final long ZONED_DATE_TIME = 18;
    private static final long BYTES = 19;
    private static final long TEXT_HASH = 20;
    private static final long BINARY_HASH = 21;
    private static final long LIST = 22;
    private static final long OTHER = 23;

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long SEED1 = 0x9368e53c2f6af274L;
    private static final long SEED2 = 0x586dcd208f7cd3fdL;

    /** Decimals with at most this many significant digits convert to distinct doubles, exactly by value (DBL_DIG). */
    static final int EXACT_DOUBLE_DIGITS = 15;
    private static final long DECIMAL_BY_VALUE = 24;

    private final boolean numbersByValue;
    private long h1;
    private long h2;
    private long pending;
    private boolean hasPending;
    private long words;
    private long result1;
    private long result2;

    /** @param numbersByValue whether the {@code numbers} rule is on (every integer type hashes as a long) */
    RowHasher(boolean numbersByValue) {
        this.numbersByValue = numbersByValue;
    }

    void startRow() {
        h1 = SEED1;
        h2 = SEED2;
        hasPending = false;
        words = 0;
    }

    /** Ends the row; its hash is then {@link #hash1()}, {@link #hash2()}. */
    void finishRow() {
        if (hasPending) {
            // MurmurHash3's tail for a half block.
            long k1 = pending * C1;
            k1 = Long.rotateLeft(k1, 31) * C2;
            h1 ^= k1;
            hasPending = false;
        }
        long len = words * 8;
        long a = h1 ^ len;
        long b = h2 ^ len;
        a += b;
        b += a;
        a = fmix64(a);
        b = fmix64(b);
        a += b;
        b += a;
        result1 = a;
        result2 = b;
    }

    long hash1() {
        return result1;
    }

    long hash2() {
        return result2;
    }

    /** MurmurHash3's finaliser: a bijection whose output bits each depend on every input bit. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private void word(long w) {
        words++;
        if (!hasPending) {
            pending = w;
            hasPending = true;
            return;
        }
        hasPending = false;
        long k1 = pending;
        long k2 = w;
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= C2;
        h1 ^= k1;
        h1 = Long.rotateLeft(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= C1;
        h2 ^= k2;
        h2 = Long.rotateLeft(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }

    /** Adds an integer under the {@code numbers} rule: what a canonical Long adds, without the Long. */
    void longValue(long v) {
        word(LONG);
        word(v);
    }

    /**
     * Adds a decimal of at most {@value #EXACT_DOUBLE_DIGITS} digits under the {@code numbers} rule,
     * given as its double value: what {@link #decimal} adds for it, without the BigDecimal.
     */
    void decimalByValue(double x) {
        // Integral and within a long: its canonical form is a Long. Past a long it stays a decimal
        // (a cast would clamp it to Long.MIN_VALUE/MAX_VALUE and collide with those).
        if (x == Math.rint(x) && x >= -0x1p63 && x < 0x1p63) {
            word(LONG);
            word((long) x);
        } else {
            word(DECIMAL_BY_VALUE);
            word(Double.doubleToLongBits(x));
        }
    }

    /** Adds an instant given as its parts: what a canonical Instant adds, without the Instant. */
    void instant(long epochSecond, int nano) {
        word(INSTANT);
        word(epochSecond);
        word(nano);
    }

    /** Adds one canonical value (see {@link ValueNormalizer}) to the row. */
    void value(Object v) {
        if (v == null) {
            word(NULL);
        } else if (v instanceof String s) {
            word(STRING);
            chars(s);
        } else if (v instanceof Long l) {
            word(LONG);
            word(l);
        } else if (v instanceof BigDecimal d) {
            decimal(d);
        } else if (v instanceof Instant i) {
            word(INSTANT);
            word(i.getEpochSecond());
            word(i.getNano());
        } else if (v instanceof Boolean b) {
            word(BOOLEAN);
            word(b ? 1 : 0);
        } else if (v instanceof Integer i) {
            word(numbersByValue ? LONG : INT);
            word(i);
        } else if (v instanceof Double d) {
            word(DOUBLE);
            word(Double.doubleToLongBits(d));
        } else if (v instanceof Float f) {
            word(FLOAT);
            word(Float.floatToIntBits(f));
        } else if (v instanceof Short s) {
            word(numbersByValue ? LONG : SHORT);
            word(s);
        } else if (v instanceof Byte b) {
            word(numbersByValue ? LONG : BYTE);
            word(b);
        } else if (v instanceof BigInteger i) {
            word(BIGINT);
            bigInteger(i);
        } else if (v instanceof LocalDate d) {
            word(LOCAL_DATE);
            word(d.toEpochDay());
        } else if (v instanceof LocalDateTime t) {
            word(LOCAL_DATE_TIME);
            word(t.toEpochSecond(ZoneOffset.UTC));
            word(t.getNano());
        } else if (v instanceof LocalTime t) {
            word(LOCAL_TIME);
            word(t.toNanoOfDay());
        } else if (v instanceof OffsetDateTime t) {
            word(OFFSET_DATE_TIME);
            word(t.toEpochSecond());
            word(t.getNano());
            word(t.getOffset().getTotalSeconds());
        } else if (v instanceof OffsetTime t) {
            word(OFFSET_TIME);
            word(t.toLocalTime().toNanoOfDay());
            word(t.getOffset().getTotalSeconds());
        } else if (v instanceof ZonedDateTime t) {
            word(ZONED_DATE_TIME);
            word(t.toEpochSecond());
            word(t.getNano());
            chars(t.getZone().getId());
        } else if (v instanceof Bytes b) {
            word(BYTES);
            bytes(b.array());
        } else if (v instanceof ContentHash h) {
            word(h.text() ? TEXT_HASH : BINARY_HASH);
            word(h.length());
            chars(h.sha256());
        } else if (v instanceof List<?> l) {
            word(LIST);
            word(l.size());
            for (Object e : l) {
                value(e);
            }
        } else {
            // Not produced by ValueNormalizer; hashed by type and text so that it still compares.
            word(OTHER);
            chars(v.getClass().getName());
            chars(v.toString());
        }
    }

    /**
     * A decimal. By value when the {@code numbers} rule is on: a value of up to 15 significant
     * digits hashes as its (exact, distinct) double, or as a long when integral, which is what its
     * canonical form ({@link ValueNormalizer#canonical}: a Long, or a decimal without trailing zeros)
     * hashes as too, so the scale of the driver's value never matters and nothing is allocated.
     */
    private void decimal(BigDecimal d) {
        if (numbersByValue) {
            if (d.precision() <= EXACT_DOUBLE_DIGITS) {
                double x = d.doubleValue();
                // By value, unless it is an integer from 2^53 to 2^63: its double is not exact there,
                // and its canonical form is the exact Long (as a kept row and an integer column hash it).
                double abs = Math.abs(x);
                if (!(abs >= 0x1p53 && abs < 0x1p63)) {
                    decimalByValue(x);
                    return;
                }
            }
            Object canonical = ValueNormalizer.canonical(d);
            if (canonical instanceof Long l) {
                word(LONG);
                word(l);
                return;
            }
            d = (BigDecimal) canonical;
            if (d.precision() <= EXACT_DOUBLE_DIGITS) {
                decimalByValue(d.doubleValue());
                return;
            }
        }
        word(DECIMAL);
        word(d.scale());
        bigInteger(d.unscaledValue());
    }

    private void chars(String s) {
        int n = s.length();
        word(n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            word(s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48);
        }
        if (i < n) {
            long w = 0;
            for (int shift = 0; i < n; i++, shift += 16) {
                w |= (long) s.charAt(i) << shift;
            }
            word(w);
        }
    }

    private void bytes(byte[] b) {
        int n = b.length;
        word(n);
        long w = 0;
        int shift = 0;
        for (int i = 0; i < n; i++) {
            w |= (b[i] & 0xffL) << shift;
            shift += 8;
            if (shift == 64) {
                word(w);
                w = 0;
                shift = 0;
            }
        }
        if (shift > 0) {
            word(w);
        }
    }

    private void bigInteger(BigInteger i) {
        if (i.bitLength() < 64) {
            word(1);
            word(i.longValue());
        } else {
            word(2);
            bytes(i.toByteArray());
        }
    }
}
