package io.dualaccess.compare;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the normaliser under the default rules: two values, as the drivers of H2,
 * PostgreSQL and MariaDB return them (with the column types they report), compare equal exactly
 * when the documented rules say they are the same value. The oracle ({@link #meaning}) restates
 * the rules of {@code docs/read-migration.md} and {@link ValueNormalizer}'s Javadoc on its own:
 * numbers (integers of any width, decimals of any scale, booleans as 1/0) by value, floats rounded
 * to 10 significant digits, text as is except the padding of a CHAR/NCHAR column, timestamps as UTC
 * instants to the microsecond, a UUID as its lower-case text, NULL apart from everything.
 */
class ValueNormalizerPropertiesTest {

    private static final NormalizationRules RULES = NormalizationRules.defaults();
    private static final MathContext FLOAT_DIGITS = new MathContext(10, RoundingMode.HALF_EVEN);

    /** A value with the column type a driver reports for it. */
    record Typed(Object value, int sqlType, String typeName) {
        @Override
        public String toString() {
            Object v = value instanceof byte[] b ? "bytes " + HexFormat.of().formatHex(b) : value;
            return (v == null ? "NULL" : v.getClass().getSimpleName() + " " + v) + " as " + typeName;
        }
    }

    /** What a value is, by the documented rules: its domain and its value within it. */
    record Meaning(String domain, Object key) {
    }

    // ------------------------------------------------------------------ the oracle

    static Meaning meaning(Typed t) {
        Object v = t.value();
        if (v == null) {
            return new Meaning("null", null);
        }
        if (v instanceof Boolean b) {
            return number(BigDecimal.valueOf(b ? 1 : 0));
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return number(BigDecimal.valueOf(((Number) v).longValue()));
        }
        if (v instanceof BigInteger i) {
            return number(new BigDecimal(i));
        }
        if (v instanceof BigDecimal d) {
            return number(d);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return new Meaning("special", d);
            }
            BigDecimal exact = v instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
            return number(exact.round(FLOAT_DIGITS));
        }
        if (v instanceof String s) {
            boolean padded = t.sqlType() == Types.CHAR || t.sqlType() == Types.NCHAR;
            return new Meaning("text", padded ? s.replaceAll(" +$", "") : s);
        }
        if (v instanceof UUID u) {
            return new Meaning("text", u.toString().toLowerCase(Locale.ROOT));
        }
        if (v instanceof Timestamp ts) {
            return instant(ts.toInstant());
        }
        if (v instanceof LocalDateTime l) {
            return instant(l.atZone(ZoneId.systemDefault()).toInstant());
        }
        if (v instanceof OffsetDateTime o) {
            return instant(o.toInstant());
        }
        if (v instanceof Instant i) {
            return instant(i);
        }
        if (v instanceof LocalDate d) {
            return new Meaning("date", d);
        }
        if (v instanceof byte[] b) {
            return new Meaning("bytes", HexFormat.of().formatHex(b));
        }
        throw new IllegalArgumentException("no documented meaning for " + t);
    }

    private static Meaning number(BigDecimal d) {
        return new Meaning("number", d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
    }

    private static Meaning instant(Instant i) {
        return new Meaning("instant", i.truncatedTo(ChronoUnit.MICROS));
    }

    // ------------------------------------------------------------------ the properties

    static Object canon(Typed t) throws SQLException {
        return new ValueNormalizer(RULES).normalize(t.value(), t.sqlType(), t.typeName());
    }

    /** The multiset hash of a one-column, one-row result: kept (canonical) or only hashed (the fast path). */
    static String hash(Typed t, boolean kept) throws SQLException {
        RowDigest d = new RowDigest(RULES, List.of(new Column("v", t.sqlType(), t.typeName())), kept ? 1 : 0);
        d.addValues(t.value());
        return d.snapshot().multisetHash();
    }

    @Property(tries = 3000)
    void equalExactlyWhenTheRulesSaySameValue(@ForAll("pairs") List<Typed> pair) throws SQLException {
        Typed x = pair.get(0);
        Typed y = pair.get(1);
        boolean same = meaning(x).equals(meaning(y));
        assertThat(Objects.equals(canon(x), canon(y))).as("%s vs %s: the rules say %s", x, y, same ? "same" : "different")
            .isEqualTo(same);
        assertThat(hash(x, true).equals(hash(y, true))).as("digest of %s vs %s", x, y).isEqualTo(same);
    }

    @Property(tries = 2000)
    void aHashedRowEqualsItsKeptFormAndNormalisingAgainChangesNothing(@ForAll("values") Typed x) throws SQLException {
        assertThat(hash(x, false)).as("hash-only path of %s", x).isEqualTo(hash(x, true));
        Object once = canon(x);
        assertThat(new ValueNormalizer(RULES).normalize(once, x.sqlType(), x.typeName())).as("%s again", x).isEqualTo(once);
    }

    // ------------------------------------------------------------------ generators

    /** Column types as each engine reports them (type code, type name). */
    private static final Object[][] CHAR_TYPES = {{Types.CHAR, "bpchar"}, {Types.CHAR, "CHAR"}, {Types.CHAR, "CHARACTER"},
        {Types.NCHAR, "NCHAR"}};
    private static final Object[][] TEXT_TYPES = {{Types.VARCHAR, "varchar"}, {Types.VARCHAR, "text"},
        {Types.VARCHAR, "VARCHAR"}, {Types.VARCHAR, "CHARACTER VARYING"}, {Types.LONGVARCHAR, "LONGTEXT"}};

    @Provide
    Arbitrary<Typed> values() {
        return Arbitraries.oneOf(integers().flatMap(ValueNormalizerPropertiesTest::asInteger),
            decimals().flatMap(ValueNormalizerPropertiesTest::asDecimal), texts().flatMap(ValueNormalizerPropertiesTest::asText),
            micros().flatMap(m -> nanos().flatMap(n -> asTimestamp(m, n))), floats(), uuids(), bytes(), dates(),
            Arbitraries.just(new Typed(null, Types.VARCHAR, "varchar")));
    }

    /**
     * Pairs: two representations of one value (engines disagreeing in type only), a value and a
     * near neighbour (one unit, one space, one microsecond or less apart), or two unrelated values.
     */
    @Provide
    Arbitrary<List<Typed>> pairs() {
        Arbitrary<List<Typed>> sameInteger = integers().flatMap(n -> Combinators.combine(asInteger(n), asInteger(n)).as(List::of));
        Arbitrary<List<Typed>> nearInteger = integers().flatMap(n -> Combinators.combine(asInteger(n), asInteger(n + 1)).as(List::of));
        Arbitrary<List<Typed>> sameDecimal = decimals().flatMap(d -> Combinators.combine(asDecimal(d), asDecimal(d)).as(List::of));
        Arbitrary<List<Typed>> nearDecimal = decimals().flatMap(d -> Combinators.combine(asDecimal(d),
            asDecimal(d.add(BigDecimal.ONE.movePointLeft(Math.max(0, d.scale()))))).as(List::of));
        Arbitrary<List<Typed>> sameText = texts().flatMap(s -> Combinators.combine(asText(s), asText(s)).as(List::of));
        Arbitrary<List<Typed>> nearText = texts().flatMap(s -> Combinators.combine(asText(s), asText(s + " ")).as(List::of));
        Arbitrary<List<Typed>> sameInstant = micros().flatMap(m -> Combinators.combine(nanos().flatMap(n -> asTimestamp(m, n)),
            nanos().flatMap(n -> asTimestamp(m, n))).as(List::of));
        Arbitrary<List<Typed>> nearInstant = micros().flatMap(m -> Combinators.combine(nanos().flatMap(n -> asTimestamp(m, n)),
            nanos().flatMap(n -> asTimestamp(m + 1, n))).as(List::of));
        Arbitrary<List<Typed>> uuidAndText = Arbitraries.create(UUID::randomUUID).flatMap(u -> Arbitraries.of(
            List.of(new Typed(u, Types.OTHER, "uuid"), new Typed(u.toString(), Types.CHAR, "CHAR")),
            List.of(new Typed(u, Types.OTHER, "uuid"), new Typed(u.toString().toUpperCase(Locale.ROOT), Types.VARCHAR, "varchar"))));
        Arbitrary<List<Typed>> numberAndText = integers().map(n -> List.of(new Typed(n, Types.BIGINT, "int8"),
            new Typed(Long.toString(n), Types.VARCHAR, "varchar")));
        Arbitrary<List<Typed>> unrelated = Combinators.combine(values(), values()).as(List::of);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, sameInteger), net.jqwik.api.Tuple.of(2, nearInteger),
            net.jqwik.api.Tuple.of(3, sameDecimal), net.jqwik.api.Tuple.of(2, nearDecimal),
            net.jqwik.api.Tuple.of(3, sameText), net.jqwik.api.Tuple.of(2, nearText),
            net.jqwik.api.Tuple.of(3, sameInstant), net.jqwik.api.Tuple.of(2, nearInstant),
            net.jqwik.api.Tuple.of(1, uuidAndText), net.jqwik.api.Tuple.of(1, numberAndText),
            net.jqwik.api.Tuple.of(3, unrelated));
    }

    private static Arbitrary<Long> integers() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-1_000, 1_000),
            Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
            Arbitraries.of(0L, 1L, -1L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE));
    }

    /** An integer as one engine's driver returns it: INT, BIGINT, SMALLINT, NUMERIC of some scale, DOUBLE, BOOLEAN. */
    private static Arbitrary<Typed> asInteger(long n) {
        List<Typed> forms = new ArrayList<>();
        forms.add(new Typed(n, Types.BIGINT, "int8"));
        forms.add(new Typed(BigInteger.valueOf(n), Types.BIGINT, "BIGINT UNSIGNED"));
        for (int scale = 0; scale <= 3; scale++) {
            forms.add(new Typed(BigDecimal.valueOf(n).setScale(scale), Types.NUMERIC, "numeric"));
        }
        if (n == (int) n) {
            forms.add(new Typed((int) n, Types.INTEGER, "INTEGER"));
        }
        if (n == (short) n) {
            forms.add(new Typed((short) n, Types.SMALLINT, "int2"));
        }
        // Exact as a double; and Long.MIN_VALUE, -2^63, exact too (whose float rounding lies past a long).
        if (n > -(1L << 53) && n < (1L << 53) || n == Long.MIN_VALUE) {
            forms.add(new Typed((double) n, Types.DOUBLE, "float8"));
        }
        if (n > -(1L << 24) && n < (1L << 24)) {
            forms.add(new Typed((float) n, Types.REAL, "float4"));
        }
        if (n == 0 || n == 1) {
            forms.add(new Typed(n == 1, Types.BOOLEAN, "bool"));
            forms.add(new Typed(n == 1, Types.BIT, "TINYINT"));
        }
        return Arbitraries.of(forms);
    }

    private static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L), Arbitraries.integers().between(1, 6))
            .as(BigDecimal::valueOf);
    }

    /** A decimal as NUMERIC/DECIMAL of a wider scale, or as a DOUBLE (which the float rule then rounds). */
    private static Arbitrary<Typed> asDecimal(BigDecimal d) {
        return Arbitraries.of(new Typed(d, Types.DECIMAL, "DECIMAL"), new Typed(d.setScale(d.scale() + 2), Types.NUMERIC, "numeric"),
            new Typed(d.doubleValue(), Types.DOUBLE, "DOUBLE PRECISION"));
    }

    private static Arbitrary<Typed> floats() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6).map(d -> new Typed(d, Types.DOUBLE, "float8")),
            Arbitraries.floats().between(-1e4f, 1e4f).map(f -> new Typed(f, Types.REAL, "float4")),
            Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0d)
                .map(d -> new Typed(d, Types.DOUBLE, "DOUBLE")),
            Arbitraries.just(new Typed(Float.NaN, Types.REAL, "REAL")));
    }

    private static Arbitrary<String> texts() {
        // No JSON-looking text ({ or [ first): the json rule is another property.
        return Combinators.combine(Arbitraries.strings().withChars("ab Z1é\t").ofMinLength(0).ofMaxLength(6),
            Arbitraries.integers().between(0, 3)).as((s, spaces) -> s + " ".repeat(spaces));
    }

    /** Text from a CHAR column (padded to 12, as PostgreSQL and H2 pad it) or from a VARCHAR/TEXT column. */
    private static Arbitrary<Typed> asText(String s) {
        List<Typed> forms = new ArrayList<>();
        for (Object[] t : CHAR_TYPES) {
            forms.add(new Typed(s.length() < 12 ? s + " ".repeat(12 - s.length()) : s, (Integer) t[0], (String) t[1]));
            forms.add(new Typed(s, (Integer) t[0], (String) t[1]));
        }
        for (Object[] t : TEXT_TYPES) {
            forms.add(new Typed(s, (Integer) t[0], (String) t[1]));
        }
        return Arbitraries.of(forms);
    }

    private static Arbitrary<Long> micros() {
        // 1990 to 2100, in microseconds.
        return Arbitraries.longs().between(631_152_000_000_000L, 4_102_444_800_000_000L);
    }

    private static Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999));
    }

    /** One instant (micros, plus sub-microsecond nanos) as TIMESTAMP, TIMESTAMPTZ or DATETIME values of each driver. */
    private static Arbitrary<Typed> asTimestamp(long micros, int subMicroNanos) {
        Instant i = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).plusNanos(subMicroNanos);
        LocalDateTime local = LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        return Arbitraries.of(new Typed(Timestamp.from(i), Types.TIMESTAMP, "timestamp"),
            new Typed(local, Types.TIMESTAMP, "DATETIME"),
            new Typed(i.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz"),
            new Typed(i.atOffset(ZoneOffset.ofHoursMinutes(5, 30)), Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE"),
            new Typed(i, Types.TIMESTAMP, "TIMESTAMP"));
    }

    private static Arbitrary<Typed> uuids() {
        return Arbitraries.create(UUID::randomUUID).map(u -> new Typed(u, Types.OTHER, "uuid"));
    }

    private static Arbitrary<Typed> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> new Typed(b, Types.VARBINARY, "bytea"));
    }

    private static Arbitrary<Typed> dates() {
        return Arbitraries.longs().between(0, 60_000).map(d -> new Typed(LocalDate.ofEpochDay(d), Types.DATE, "date"));
    }
}
