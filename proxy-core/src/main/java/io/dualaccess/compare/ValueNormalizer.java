package io.dualaccess.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Turns a value as a JDBC driver returns it ({@code getObject}) into its canonical form under the
 * {@link NormalizationRules}: an immutable value that is equal ({@code equals}) for two values the
 * rules call equal, and that {@link RowDigest} hashes by type. NULL stays null, distinct from the
 * empty string.
 *
 * <p>Canonical forms, by rule:
 * <ul>
 * <li>{@code numbers}: integral values that fit a long become {@link Long}, others a
 *     {@link BigDecimal} without trailing zeros; without the rule numbers keep their Java type.</li>
 * <li>{@code float-tolerance}: {@code float}/{@code double} are rounded to
 *     {@link NormalizationRules#floatDigits()} significant digits, starting from a double's shortest
 *     decimal ({@link ShortestDecimal}: the digits of JDK 19's {@code Double.toString} on any JDK, so
 *     {@code 1e23} is 1E+23) and a float's decimal text ({@code 0.1f} is 0.1); with {@code numbers}
 *     they then compare with decimals and integers by value (without {@code float-tolerance} too).
 *     NaN and infinities stay {@link Double}.</li>
 * <li>{@code char-trim}: trailing spaces (U+0020 only) are dropped from the text of a CHAR or NCHAR
 *     column (the result metadata says so: {@link Types#CHAR}, {@link Types#NCHAR}, or a type name
 *     such as {@code bpchar}, {@code character}, {@code nchar}), the one type engines pad (PostgreSQL
 *     and H2 pad, MariaDB strips). Text of any other type keeps its trailing spaces: a
 *     {@code VARCHAR 'abc '} against {@code 'abc'} lost data and is a mismatch. Each side decides
 *     from its own column, so CHAR on A equals VARCHAR holding the unpadded text on B.</li>
 * <li>{@code timestamp-precision}: {@link Timestamp}, {@link LocalDateTime},
 *     {@link OffsetDateTime}, {@link ZonedDateTime}, {@link Instant} and {@link java.util.Date}
 *     become an {@link Instant} (UTC) truncated to the unit. A zone-less value is read in the JVM's
 *     default zone, the zone drivers use to build a {@code java.sql.Timestamp}, so a {@code Timestamp}
 *     from one driver equals the {@code LocalDateTime} of another. Times of day are truncated too
 *     (an {@link OffsetTime} moves to UTC). Without the rule a {@code Timestamp} becomes its
 *     {@link LocalDateTime} and other values keep their type and precision. A {@code java.sql.Date}
 *     is always a {@link LocalDate}.</li>
 * <li>{@code booleans}: {@code true}/{@code false} become the numbers 1/0 (then per {@code numbers}).</li>
 * <li>{@code lobs-hash}: text longer than {@link NormalizationRules#lobThreshold()} characters
 *     (after trimming) and binary values longer than that many bytes become a {@link ContentHash};
 *     CLOBs, NCLOBs, SQLXML and BLOBs are read as streams, never wholly in memory, and below the
 *     threshold equal the string or bytes they hold. Without the rule LOBs are read whole.</li>
 * <li>{@code json}: text is parsed as JSON when the column type is named {@code json} or
 *     {@code jsonb}, or when the text starts (after blanks) with <code>{</code> or {@code [} — the
 *     second because a document in a text column on one side (a migrated schema, or MariaDB's JSON,
 *     a LONGTEXT underneath that some connectors report as such) must still equal a json/jsonb
 *     column on the other; text that does not
 *     parse as exactly one JSON value stays as it is. A document becomes its canonical text (sorted
 *     keys, no whitespace, see {@code JsonCanonicalizer}). Documents longer than the LOB threshold
 *     (or {@value #JSON_MAX_CHARS} characters) are not parsed: they compare by content.</li>
 * </ul>
 * Binary values below the threshold become {@link Bytes}; arrays and structs an unmodifiable list
 * of canonical elements; a UUID its lower-case text (engines return it as UUID or as text); any
 * other driver object (PostgreSQL's {@code PGobject} for json, interval, inet, ...) its text.
 *
 * <p>Normalising a canonical value again returns an equal value. One instance per digest: it reuses
 * buffers and is not thread-safe. No reflection.
 */
public final class ValueNormalizer {

    /** Text longer than this is never parsed as JSON: canonicalising builds the document in memory. */
    public static final int JSON_MAX_CHARS = 1 << 20;

    private static final int CHUNK = 8192;

    private final NormalizationRules rules;
    private final MathContext floatContext;
    /** A double's shortest digits, rewritten per value (the same digits {@link RoundedDouble} starts from); made with the first double. */
    private ShortestDecimal shortest;
    /** The zone zone-less timestamps are read in; null until the first one (the JVM's default then). */
    private ZoneId zone;
    private ContentHasher hasher;
    private char[] chunk;
    private char[] textBuf;
    private byte[] byteBuf;
    private int textLen;
    private boolean hashingText;
    private int applied;
    /** Whether the value being normalised comes from a CHAR/NCHAR column, whose padding {@code char-trim} drops. */
    private boolean padded;

    /** A normaliser for these rules, reading zone-less timestamps in the JVM's default zone. */
    public ValueNormalizer(NormalizationRules rules) {
        // The default zone is read when a value first needs it (reading it clones a TimeZone): most
        // normalisers, one per compared read on the application's thread, never see a zone-less timestamp.
        this(rules, null);
    }

    // The zone is fixed at its first use: a digest must not change its reading halfway.
    ValueNormalizer(NormalizationRules rules, ZoneId zone) {
        this.rules = rules;
        this.zone = zone;
        this.floatContext = rules.floatContext();
    }

    /** The rules this normaliser applies. */
    public NormalizationRules rules() {
        return rules;
    }

    /**
     * The canonical form of one value.
     *
     * @param jdbcValue the value as {@code ResultSet.getObject} returned it (or an already canonical value)
     * @param sqlType the column's {@link Types} code (informational: vendors report JSON columns with
     *                different codes, so the type name decides)
     * @param typeName the column's type name ({@code ResultSetMetaData.getColumnTypeName}), or null
     * @return the canonical value, null for SQL NULL
     * @throws SQLException when a LOB cannot be read
     */
    public Object normalize(Object jdbcValue, int sqlType, String typeName) throws SQLException {
        applied = 0;
        padded = isCharType(sqlType, typeName);
        return canon(jdbcValue, typeName);
    }

    /**
     * Whether a column of this type pads its text with trailing spaces: {@code CHAR} or
     * {@code NCHAR} by JDBC type code or by type name ({@code bpchar} is PostgreSQL's name for
     * CHAR(n); H2 says {@code CHARACTER}).
     */
    public static boolean isCharType(int sqlType, String typeName) {
        if (sqlType == Types.CHAR || sqlType == Types.NCHAR) {
            return true;
        }
        if (typeName == null) {
            return false;
        }
        // Called per value: compared without lower-casing (trim() copies only when there is white space).
        String t = typeName.trim();
        return t.equalsIgnoreCase("bpchar") || t.equalsIgnoreCase("char") || t.equalsIgnoreCase("character")
            || t.equalsIgnoreCase("nchar") || t.equalsIgnoreCase("national character") || t.equalsIgnoreCase("national char");
    }

    /**
     * As {@link #normalize}, for a value that is only hashed, never kept nor compared by
     * {@code equals}: small integers and decimals of up to 15 significant digits are returned as the
     * driver gave them, and {@link RowHasher} hashes them by value exactly as their canonical form.
     * That saves the canonical copy (a boxed long, a stripped decimal) on every row past the kept ones.
     */
    Object normalizeForHash(Object jdbcValue, int sqlType, String typeName) throws SQLException {
        if (rules.numbers() && (jdbcValue instanceof Integer || jdbcValue instanceof Short || jdbcValue instanceof Byte
            || jdbcValue instanceof BigDecimal d && d.precision() <= RowHasher.EXACT_DOUBLE_DIGITS)) {
            applied = Rule.NUMBERS.bit();
            return jdbcValue;
        }
        return normalize(jdbcValue, sqlType, typeName);
    }

    /** The rules that shaped the value last normalised (the rules whose domain it fell in). */
    public List<String> appliedRules() {
        return Rule.names(applied);
    }

    int applied() {
        return applied;
    }

    private Object canon(Object v, String typeName) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return text(s, typeName);
        }
        if (v instanceof Number n) {
            return number(n);
        }
        if (v instanceof Boolean b) {
            return bool(b);
        }
        if (v instanceof Date d) {
            return legacyTime(d);
        }
        if (v instanceof Temporal t) {
            return time(t);
        }
        if (v instanceof byte[] b) {
            // H2 returns a JSON column as its UTF-8 bytes.
            return isJsonType(typeName) ? text(new String(b, StandardCharsets.UTF_8), typeName) : binary(b);
        }
        if (v instanceof Clob c) {
            return clob(c, typeName);
        }
        if (v instanceof Blob b) {
            return blob(b);
        }
        if (v instanceof Character c) {
            return text(c.toString(), typeName);
        }
        if (v instanceof UUID u) {
            return u.toString();
        }
        if (v instanceof Bytes || v instanceof ContentHash) {
            return v;
        }
        if (v instanceof Array a) {
            Object elements = a.getArray();
            return elements instanceof Object[] arr ? list(arr, a.getBaseTypeName()) : text(String.valueOf(a), null);
        }
        if (v instanceof Object[] arr) {
            return list(arr, null);
        }
        if (v instanceof List<?> l) {
            return list(l.toArray(), null);
        }
        if (v instanceof SQLXML x) {
            return xml(x, typeName);
        }
        if (v instanceof Struct s) {
            return list(s.getAttributes(), null);
        }
        return text(v.toString(), typeName);
    }

    // ------------------------------------------------------------------ numbers and booleans

    private Object number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return floating(n);
        }
        boolean immutable = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
            || n instanceof BigDecimal || n instanceof BigInteger;
        if (!rules.numbers()) {
            // Mutable numbers (AtomicLong, LongAdder) must not be kept: compare them by their text.
            return immutable ? n : n.toString();
        }
        applied |= Rule.NUMBERS.bit();
        if (n instanceof Long) {
            return n;
        }
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigDecimal d) {
            return canonical(d);
        }
        if (n instanceof BigInteger i) {
            return i.bitLength() < 64 ? (Object) i.longValue() : canonical(new BigDecimal(i));
        }
        try {
            return canonical(new BigDecimal(n.toString()));
        } catch (NumberFormatException e) {
            return n.toString();
        }
    }

    /** A decimal by value: Long when integral and within a long, else without trailing zeros. */
    static Object canonical(BigDecimal d) {
        if (d.signum() == 0) {
            return 0L;
        }
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0) {
            int integerDigits = s.precision() - s.scale();
            if (integerDigits <= 18) {
                return s.longValue();
            }
            if (integerDigits == 19) {
                BigInteger i = s.toBigInteger();
                if (i.bitLength() < 64) {
                    return i.longValue();
                }
            }
        }
        return s;
    }

    private Object floating(Number n) {
        boolean isFloat = n instanceof Float;
        double d = n.doubleValue();
        boolean tolerance = rules.floatTolerance() > 0;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (rules.numbers()) {
                applied |= Rule.NUMBERS.bit();
                return d; // a float NaN equals a double NaN by value
            }
            return n;
        }
        if (!rules.numbers() && !tolerance) {
            return n;
        }
        // A float by its decimal text: 0.1f is 0.1, not 0.100000001490116... A double by its shortest
        // decimal (JDK 19's Double.toString digits, on any JDK): 1e23 is 1E+23, not 9.999999999999999E+22.
        BigDecimal v = isFloat ? new BigDecimal(Float.toString(n.floatValue())) : ShortestDecimal.decimal(shortest(), d);
        if (tolerance) {
            applied |= Rule.FLOAT_TOLERANCE.bit();
            v = v.round(floatContext);
        }
        if (rules.numbers()) {
            applied |= Rule.NUMBERS.bit();
            return canonical(v);
        }
        return isFloat ? (Object) v.floatValue() : (Object) v.doubleValue();
    }

    private ShortestDecimal shortest() {
        ShortestDecimal s = shortest;
        if (s == null) {
            s = new ShortestDecimal();
            shortest = s;
        }
        return s;
    }

    private Object bool(Boolean b) {
        if (!rules.booleans()) {
            return b;
        }
        applied |= Rule.BOOLEANS.bit();
        return number(b ? 1 : 0);
    }

    // ------------------------------------------------------------------ time

    private Object legacyTime(Date d) {
        if (d instanceof Timestamp ts) {
            return rules.timestampPrecision() == null ? ts.toLocalDateTime() : time(ts.toInstant());
        }
        if (d instanceof java.sql.Date sd) {
            return sd.toLocalDate();
        }
        if (d instanceof Time t) {
            // Time.toLocalTime() drops the milliseconds a driver may have set.
            int millis = (int) Math.floorMod(t.getTime(), 1000L);
            return time(t.toLocalTime().withNano(millis * 1_000_000));
        }
        return time(d.toInstant());
    }

    private Object time(Temporal t) {
        ChronoUnit unit = rules.timestampPrecision();
        if (unit == null || t instanceof LocalDate) {
            return t; // java.time values are immutable
        }
        if (t instanceof Instant i) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            return i.truncatedTo(unit);
        }
        if (t instanceof LocalDateTime l) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            ZoneId z = zone;
            if (z == null) {
                z = ZoneId.systemDefault();
                zone = z;
            }
            return l.atZone(z).toInstant().truncatedTo(unit);
        }
        if (t instanceof OffsetDateTime o) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            return o.toInstant().truncatedTo(unit);
        }
        if (t instanceof ZonedDateTime z) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            return z.toInstant().truncatedTo(unit);
        }
        if (t instanceof LocalTime l) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            return l.truncatedTo(unit);
        }
        if (t instanceof OffsetTime o) {
            applied |= Rule.TIMESTAMP_PRECISION.bit();
            return o.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(unit);
        }
        return t;
    }

    // ------------------------------------------------------------------ text

    private static boolean isJsonType(String typeName) {
        return typeName != null && (typeName.equalsIgnoreCase("json") || typeName.equalsIgnoreCase("jsonb"));
    }

    private Object text(String s, String typeName) {
        int end = s.length();
        if (rules.charTrim() && padded) {
            applied |= Rule.CHAR_TRIM.bit();
            while (end > 0 && s.charAt(end - 1) == ' ') {
                end--;
            }
        }
        if (rules.lobsByHash() && end > rules.lobThreshold()) {
            applied |= Rule.LOBS_HASH.bit();
            return hasher().text(s, end);
        }
        String t = end == s.length() ? s : s.substring(0, end);
        if (rules.jsonByValue() && t.length() <= JSON_MAX_CHARS
            && (isJsonType(typeName) || JsonCanonicalizer.looksLikeDocument(t))) {
            String canonical = JsonCanonicalizer.canonical(t, rules.numbers());
            if (canonical != null) {
                applied |= Rule.JSON.bit();
                return canonical;
            }
        }
        return t;
    }

    private Object clob(Clob c, String typeName) throws SQLException {
        try (Reader r = c.getCharacterStream()) {
            return text(r, typeName);
        } catch (IOException e) {
            throw new SQLException("could not read a CLOB to compare it: " + e.getMessage(), e);
        }
    }

    private Object xml(SQLXML x, String typeName) throws SQLException {
        try (Reader r = x.getCharacterStream()) {
            return text(r, typeName);
        } catch (IOException e) {
            throw new SQLException("could not read an SQLXML value to compare it: " + e.getMessage(), e);
        }
    }

    /**
     * Text from a stream, with the same result as {@link #text(String, String)} on the whole string,
     * without holding more than the LOB threshold: characters are kept until the threshold is passed,
     * then everything goes to the content hash. Trailing spaces are counted, not kept, and become
     * content only when something follows them.
     */
    private Object text(Reader r, String typeName) throws IOException {
        if (chunk == null) {
            chunk = new char[CHUNK];
        }
        if (!rules.lobsByHash()) {
            StringBuilder all = new StringBuilder();
            for (int n; (n = r.read(chunk, 0, CHUNK)) != -1; ) {
                all.append(chunk, 0, n);
            }
            return text(all.toString(), typeName);
        }
        boolean trim = rules.charTrim() && padded;
        int limit = rules.lobThreshold();
        textLen = 0;
        hashingText = false;
        long spaces = 0;
        for (int n; (n = r.read(chunk, 0, CHUNK)) != -1; ) {
            for (int i = 0; i < n; i++) {
                char c = chunk[i];
                if (trim && c == ' ') {
                    spaces++;
                    continue;
                }
                for (; spaces > 0; spaces--) {
                    emit(' ', limit);
                }
                emit(c, limit);
            }
        }
        if (trim) {
            applied |= Rule.CHAR_TRIM.bit(); // trailing spaces still counted are dropped
        }
        if (hashingText) {
            applied |= Rule.LOBS_HASH.bit();
            return hasher.finishText();
        }
        return text(textLen == 0 ? "" : new String(textBuf, 0, textLen), typeName);
    }

    private void emit(char c, int limit) {
        if (hashingText) {
            hasher.text(c);
        } else if (textLen < limit) {
            if (textBuf == null || textLen == textBuf.length) {
                int size = textBuf == null ? Math.min(limit, 1024) : Math.min(limit, textBuf.length * 2);
                textBuf = textBuf == null ? new char[size] : Arrays.copyOf(textBuf, size);
            }
            textBuf[textLen++] = c;
        } else {
            hashingText = true;
            ContentHasher h = hasher();
            h.start();
            h.text(textBuf == null ? chunk : textBuf, 0, textLen);
            h.text(c);
        }
    }

    // ------------------------------------------------------------------ binary

    private Object binary(byte[] b) {
        if (rules.lobsByHash() && b.length > rules.lobThreshold()) {
            applied |= Rule.LOBS_HASH.bit();
            return hasher().binary(b, 0, b.length);
        }
        return Bytes.copyOf(b);
    }

    private Object blob(Blob b) throws SQLException {
        try (InputStream in = b.getBinaryStream()) {
            if (!rules.lobsByHash()) {
                return Bytes.copyOf(in.readAllBytes());
            }
            int limit = rules.lobThreshold();
            int need = Math.max(CHUNK, limit + 1);
            if (byteBuf == null || byteBuf.length < need) {
                byteBuf = new byte[need];
            }
            // Up to limit + 1 bytes tell a small value (kept as Bytes) from a large one (hashed).
            int n = in.readNBytes(byteBuf, 0, limit + 1);
            if (n <= limit) {
                return Bytes.copyOf(byteBuf, 0, n);
            }
            applied |= Rule.LOBS_HASH.bit();
            ContentHasher h = hasher();
            h.start();
            h.bytes(byteBuf, 0, n);
            for (int m; (m = in.read(byteBuf, 0, byteBuf.length)) != -1; ) {
                h.bytes(byteBuf, 0, m);
            }
            return h.finishBinary();
        } catch (IOException e) {
            throw new SQLException("could not read a BLOB to compare it: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ arrays, structs

    private Object list(Object[] elements, String typeName) throws SQLException {
        // An array of CHAR pads its elements (its base type name says so); other lists keep the column's answer.
        if (typeName != null) {
            padded = isCharType(Types.OTHER, typeName);
        }
        Object[] out = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            out[i] = canon(elements[i], typeName);
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    private ContentHasher hasher() {
        if (hasher == null) {
            hasher = new ContentHasher();
        }
        return hasher;
    }
}
