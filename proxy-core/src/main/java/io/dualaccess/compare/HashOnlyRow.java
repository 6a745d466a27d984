package io.dualaccess.compare;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Hashes the values of a row that is only hashed, never kept (every row past the kept ones), into
 * the {@link RowHasher} exactly as their canonical forms ({@link ValueNormalizer}) hash, without
 * making the canonical objects: this runs on the application's thread for nearly every row of a
 * shadowed read, so a boxed number, a BigDecimal or an Instant per value is what it saves.
 *
 * <ul>
 * <li>Integer columns ({@code INTEGER}, {@code SMALLINT}, signed {@code BIGINT}) under the
 *     {@code numbers} rule are read with {@code getLong}: every integer hashes as a long then.</li>
 * <li>{@code DOUBLE} columns are read with {@code getDouble}, and a double under {@code numbers}
 *     hashes as its rounded canonical decimal ({@link RoundedDouble}) worked out on longs.</li>
 * <li>A {@link Timestamp} under {@code timestamp-precision} hashes as its truncated instant,
 *     computed as {@code Timestamp.toInstant().truncatedTo(unit)} computes it.</li>
 * </ul>
 * Anything else, or a value out of these paths' reach, goes through
 * {@link ValueNormalizer#normalizeForHash} as before. Immutable: one instance per result shape
 * ({@link RowDigest.Shape}), shared by every digest of that shape on any thread; each call is given
 * the digest's hasher and normaliser.
 */
final class HashOnlyRow {

    static final int OBJECT = 0;
    static final int LONG = 1;
    static final int DOUBLE = 2;
    /** A {@code TIMESTAMP} column under {@code timestamp-precision}: the source may know its value already. */
    static final int TIMESTAMP = 3;
    /** A {@code VARCHAR} or {@code NVARCHAR} column of neither a CHAR nor a JSON type name: its plain strings hash as they are. */
    private static final int TEXT = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND;

    private final boolean numbers;
    private final boolean tolerance;
    private final int floatDigits;
    private final int doubleBits;
    /** Nanoseconds of the timestamp-precision unit, or 0 when timestamps take the normaliser's path. */
    private final long truncateNanos;
    /** Whether the unit divides a second: then only the nanos are truncated. */
    private final boolean withinSecond;
    private final boolean lobsByHash;
    private final int lobThreshold;
    private final boolean jsonByValue;
    private final int[] getters;

    HashOnlyRow(NormalizationRules rules, int[] sqlTypes, String[] typeNames) {
        this.numbers = rules.numbers();
        this.tolerance = rules.floatTolerance() > 0;
        this.floatDigits = tolerance ? rules.floatDigits() : 0;
        this.doubleBits = Rule.NUMBERS.bit() | (tolerance ? Rule.FLOAT_TOLERANCE.bit() : 0);
        this.truncateNanos = truncateNanos(rules.timestampPrecision());
        this.withinSecond = truncateNanos != 0 && NANOS_PER_SECOND % truncateNanos == 0;
        this.lobsByHash = rules.lobsByHash();
        this.lobThreshold = rules.lobThreshold();
        this.jsonByValue = rules.jsonByValue();
        this.getters = new int[sqlTypes.length];
        for (int j = 0; j < sqlTypes.length; j++) {
            getters[j] = getter(sqlTypes[j], typeNames[j]);
        }
    }

    /**
     * The getter a column is read with. Only types whose {@code getObject} value every driver
     * returns as that primitive: not TINYINT or BIT (some drivers answer Boolean), not REAL (a
     * Float canonicalises by its own text), not an unsigned BIGINT (it may exceed a long).
     */
    private int getter(int sqlType, String typeName) {
        if (sqlType == Types.TIMESTAMP && truncateNanos != 0) {
            return TIMESTAMP;
        }
        if ((sqlType == Types.VARCHAR || sqlType == Types.NVARCHAR) && !ValueNormalizer.isCharType(sqlType, typeName)
                && !(typeName != null && (typeName.trim().equalsIgnoreCase("json") || typeName.trim().equalsIgnoreCase("jsonb")))) {
            return TEXT;
        }
        if (!numbers) {
            return OBJECT;
        }
        return switch (sqlType) {
            case Types.INTEGER, Types.SMALLINT -> LONG;
            case Types.BIGINT -> typeName == null || !typeName.toLowerCase(Locale.ROOT).contains("unsigned") ? LONG : OBJECT;
            case Types.DOUBLE -> DOUBLE;
            default -> OBJECT;
        };
    }

    /** The unit in nanoseconds when {@code Instant.truncatedTo} accepts it, else 0 (the normaliser's path decides). */
    private static long truncateNanos(ChronoUnit unit) {
        if (unit == null || unit == ChronoUnit.NANOS || unit.getDuration().getSeconds() > SECONDS_PER_DAY) {
            return 0;
        }
        long nanos = unit.getDuration().toNanos();
        return NANOS_PER_DAY % nanos == 0 ? nanos : 0;
    }

    /**
     * Whether every one of these compared columns is read with {@code getLong} (integers under the
     * {@code numbers} rule): their canonical values are then Longs, and a key of them can be
     * compared as longs, without objects.
     */
    boolean readsAsLongs(int[] columns) {
        for (int j : columns) {
            if (getters[j] != LONG) {
                return false;
            }
        }
        return true;
    }

    /** How compared column {@code j} is read ({@link #LONG}, {@link #DOUBLE}, {@link #TIMESTAMP}, else with getObject). */
    int getter(int j) {
        return getters[j];
    }

    /**
     * Hashes a non-NULL value of a {@link #DOUBLE} column read with {@code getDouble}, as
     * {@link #column} does (and as {@link #value} hashes the driver's {@code Double}).
     *
     * @return the rules that shaped the value
     */
    int doubleColumn(double v, RowHasher hasher, RowDigest digest, int sqlType, String typeName) throws SQLException {
        if (doubleValue(v, hasher, digest)) {
            return doubleBits;
        }
        return value(v, hasher, digest, sqlType, typeName);
    }

    /** Hashes a non-NULL value of a {@link #TIMESTAMP} column given as its {@code getTime()} and {@code getNanos()}, as {@link #value} hashes the Timestamp. */
    void timestamp(long time, int nanos, RowHasher hasher) {
        instant(time, nanos, hasher);
    }

    /**
     * Hashes column {@code j} of the row the source is on.
     *
     * @param column the 1-based column index
     * @return the rules that shaped the value ({@link Rule} bits)
     */
    int column(RowSource rs, RowHasher hasher, RowDigest digest, int j, int column, int sqlType, String typeName)
            throws SQLException {
        switch (getters[j]) {
            case LONG -> {
                long v = rs.getLong(column);
                if (v == 0 && rs.wasNull()) {
                    hasher.value(null);
                    return 0;
                }
                hasher.longValue(v);
                return Rule.NUMBERS.bit();
            }
            case DOUBLE -> {
                double v = rs.getDouble(column);
                if (v == 0 && rs.wasNull()) {
                    hasher.value(null);
                    return 0;
                }
                return doubleColumn(v, hasher, digest, sqlType, typeName);
            }
            case TIMESTAMP -> {
                if (!rs.knownTimestamp(column)) {
                    return value(rs.getObject(column), hasher, digest, sqlType, typeName);
                }
                if (rs.wasNull()) {
                    return value(null, hasher, digest, sqlType, typeName);
                }
                // As value() hashes a Timestamp: the same parts, without the object.
                instant(rs.timestampTime(), rs.timestampNanos(), hasher);
                return Rule.TIMESTAMP_PRECISION.bit();
            }
            case TEXT -> {
                Object v = rs.getObject(column);
                if (v instanceof String text && plain(text)) {
                    // What ValueNormalizer.normalize makes of it (no rule applies): the string itself.
                    hasher.value(text);
                    return 0;
                }
                return value(v, hasher, digest, sqlType, typeName);
            }
            default -> {
                return value(rs.getObject(column), hasher, digest, sqlType, typeName);
            }
        }
    }

    /**
     * Whether a string of a TEXT column is its own canonical form: not trimmed (not a CHAR type), not
     * hashed as a LOB (short enough), not a JSON document (does not start with '{' or '[').
     */
    private boolean plain(String text) {
        int n = text.length();
        return !(lobsByHash && n > lobThreshold)
            && !(jsonByValue && n <= ValueNormalizer.JSON_MAX_CHARS && JsonCanonicalizer.looksLikeDocument(text));
    }

    /**
     * Hashes one value as the driver returned it.
     *
     * @return the rules that shaped the value ({@link Rule} bits)
     */
    int value(Object v, RowHasher hasher, RowDigest digest, int sqlType, String typeName) throws SQLException {
        if (v instanceof Double d && numbers && doubleValue(d, hasher, digest)) {
            return doubleBits;
        }
        if (v instanceof Timestamp ts && truncateNanos != 0) {
            instant(ts.getTime(), ts.getNanos(), hasher);
            return Rule.TIMESTAMP_PRECISION.bit();
        }
        ValueNormalizer n = digest.normalizer();
        hasher.value(n.normalizeForHash(v, sqlType, typeName));
        return n.applied();
    }

    /**
     * A double under {@code numbers}: its canonical form is a Long when integral (and within 18
     * digits), else a decimal of at most {@code float-digits} digits that {@link RowHasher} hashes
     * by its double value; false when neither can be worked out here.
     */
    private boolean doubleValue(double d, RowHasher hasher, RowDigest digest) {
        // The thread's buffer, as the digest found it (one thread-local lookup per digest, not per value).
        RoundedDouble rounded = digest.rounded();
        if (!rounded.of(d, floatDigits)) {
            return false;
        }
        long u = rounded.unscaled();
        int scale = rounded.scale();
        if (u == 0) {
            hasher.longValue(0);
            return true;
        }
        int precision = RoundedDouble.digits(Math.abs(u));
        if (scale <= 0) {
            if (precision - scale > 18) {
                return false;
            }
            hasher.longValue(u * RoundedDouble.POW10[-scale]);
            return true;
        }
        // A decimal of up to 15 digits hashes by BigDecimal.doubleValue(), the correctly rounded
        // double; u and 10^scale are exact doubles here, so one division rounds the same way.
        if (precision > RowHasher.EXACT_DOUBLE_DIGITS || scale > 22) {
            return false;
        }
        hasher.decimalByValue((double) u / RoundedDouble.POW10_DOUBLE[scale]);
        return true;
    }

    /**
     * {@code ts.toInstant().truncatedTo(unit)}, hashed, with the JDK's arithmetic and no Instant,
     * from the timestamp's {@code getTime()} and {@code getNanos()}.
     */
    private void instant(long time, int nanos, RowHasher hasher) {
        // Timestamp.toInstant(): its whole seconds (getTime() less the milliseconds of getNanos()) and nanos.
        long seconds = (time - nanos / 1_000_000) / 1000;
        if (withinSecond) {
            // A unit that divides a second (micros, the default): a whole day of nanos is a multiple of
            // it, so truncating the nano-of-day truncates the nanos alone, and the seconds stay.
            hasher.instant(seconds, nanos - nanos % (int) truncateNanos);
            return;
        }
        // Instant.truncatedTo: floor the nano-of-day to the unit, then plusNanos(result - nod).
        long nod = (seconds % SECONDS_PER_DAY) * NANOS_PER_SECOND + nanos;
        long delta = Math.floorDiv(nod, truncateNanos) * truncateNanos - nod;
        long epochSec = seconds + delta / NANOS_PER_SECOND;
        long adjustment = nanos + delta % NANOS_PER_SECOND;
        hasher.instant(Math.addExact(epochSec, Math.floorDiv(adjustment, NANOS_PER_SECOND)),
            (int) Math.floorMod(adjustment, NANOS_PER_SECOND));
    }
}
