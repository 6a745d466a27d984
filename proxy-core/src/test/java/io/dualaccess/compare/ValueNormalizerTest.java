package io.dualaccess.compare;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule with an example that it makes match, one it still tells apart, and the rule turned off. */
class ValueNormalizerTest {

    private static final NormalizationRules DEFAULTS = NormalizationRules.defaults();

    static Object canon(NormalizationRules rules, Object v) throws SQLException {
        return canon(rules, v, null);
    }

    static Object canon(NormalizationRules rules, Object v, String typeName) throws SQLException {
        return new ValueNormalizer(rules).normalize(v, Types.OTHER, typeName);
    }

    /** As {@link #same}, x read from a CHAR column (which {@code char-trim} un-pads), y from a VARCHAR. */
    static void sameCharAsVarchar(NormalizationRules rules, Object x, Object y) throws SQLException {
        Object cx = new ValueNormalizer(rules).normalize(x, Types.CHAR, "bpchar");
        Object cy = new ValueNormalizer(rules).normalize(y, Types.VARCHAR, "varchar");
        assertThat(cx).as("canonical of CHAR %s vs VARCHAR %s", x, y).isEqualTo(cy);
        assertThat(digest(rules, cx).multisetHash()).isEqualTo(digest(rules, cy).multisetHash());
    }

    /** Equal canonical values, and equal digests (the hash agrees with equals). */
    static void same(NormalizationRules rules, Object x, Object y) throws SQLException {
        Object cx = canon(rules, x);
        Object cy = canon(rules, y);
        assertThat(cx).as("canonical of %s vs %s", x, y).isEqualTo(cy);
        assertThat(digest(rules, cx).multisetHash()).isEqualTo(digest(rules, cy).multisetHash());
    }

    static void differ(NormalizationRules rules, Object x, Object y) throws SQLException {
        Object cx = canon(rules, x);
        Object cy = canon(rules, y);
        assertThat(cx).as("canonical of %s vs %s", x, y).isNotEqualTo(cy);
        assertThat(digest(rules, cx).multisetHash()).isNotEqualTo(digest(rules, cy).multisetHash());
    }

    static ResultDigest digest(NormalizationRules rules, Object canonical) {
        RowDigest d = new RowDigest(rules, List.of(Column.of("v")), 1);
        d.add(new Object[] {canonical});
        return d.snapshot();
    }

    @Test
    void nullStaysNullAndDiffersFromEmptyText() throws SQLException {
        assertThat(canon(DEFAULTS, null)).isNull();
        differ(DEFAULTS, null, "");
        differ(DEFAULTS, null, "   ");
        differ(NormalizationRules.exact(), null, "");
        differ(DEFAULTS, null, 0);
    }

    @Nested
    class Numbers {
        @Test
        void byValueWhateverTheWidthOrScale() throws SQLException {
            same(DEFAULTS, new BigDecimal("1.0"), new BigDecimal("1.00"));
            same(DEFAULTS, new BigDecimal("1.00"), 1);
            same(DEFAULTS, 1, 1L);
            same(DEFAULTS, 1L, BigInteger.ONE);
            same(DEFAULTS, (short) 1, (byte) 1);
            same(DEFAULTS, new BigDecimal("1.50"), new BigDecimal("1.5"));
            same(DEFAULTS, new BigDecimal("0E-10"), 0);
            same(DEFAULTS, new BigDecimal(Long.MAX_VALUE), Long.MAX_VALUE);
            BigInteger big = BigInteger.TWO.pow(70);
            same(DEFAULTS, new BigDecimal(big).setScale(3), big);
            same(DEFAULTS, new BigDecimal("123456789012345678901234567890.10"),
                new BigDecimal("123456789012345678901234567890.1"));
            assertThat(canon(DEFAULTS, new BigDecimal("12.500"))).isEqualTo(new BigDecimal("12.5"));
            assertThat(canon(DEFAULTS, 7)).isEqualTo(7L);
        }

        @Test
        void differentValuesStillDiffer() throws SQLException {
            differ(DEFAULTS, new BigDecimal("1.5"), new BigDecimal("1.51"));
            differ(DEFAULTS, 1, -1);
            differ(DEFAULTS, new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE), Long.MAX_VALUE);
        }

        @Test
        void offKeepsTypeAndScale() throws SQLException {
            NormalizationRules off = DEFAULTS.toBuilder().numbers(false).build();
            differ(off, new BigDecimal("1.0"), new BigDecimal("1.00"));
            differ(off, 1, 1L);
            same(off, 1, 1);
            assertThat(canon(off, new AtomicLong(5))).isEqualTo("5");
        }
    }

    @Nested
    class FloatTolerance {
        @Test
        void roundingToSignificantDigitsAbsorbsArithmeticNoise() throws SQLException {
            same(DEFAULTS, 0.1 + 0.2, 0.3);
            same(DEFAULTS, 0.1f, 0.1d);
            same(DEFAULTS, 2.0d, 2L);
            same(DEFAULTS, 2.5d, new BigDecimal("2.50"));
            same(DEFAULTS, Double.NaN, Float.NaN);
            same(DEFAULTS, -0.0d, 0);
            same(DEFAULTS, 1e300 * (1 + 1e-15), 1e300);
        }

        @Test
        void differencesAboveTheToleranceDiffer() throws SQLException {
            differ(DEFAULTS, 1.0, 1.0000001);
            differ(DEFAULTS, 0.3, 0.3000001);
            differ(DEFAULTS, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
            NormalizationRules loose = DEFAULTS.toBuilder().floatTolerance(1e-3).build();
            same(loose, 1.0, 1.0001);
        }

        @Test
        void offComparesExactly() throws SQLException {
            NormalizationRules off = DEFAULTS.toBuilder().floatTolerance(0).build();
            differ(off, 0.1 + 0.2, 0.3);
            same(off, 0.25d, new BigDecimal("0.250"));
            NormalizationRules noNumbers = off.toBuilder().numbers(false).build();
            differ(noNumbers, 0.1f, 0.1d);
            assertThat(canon(noNumbers, 0.5d)).isEqualTo(0.5d);
            NormalizationRules toleranceOnly = DEFAULTS.toBuilder().numbers(false).build();
            same(toleranceOnly, 0.1 + 0.2, 0.3);
            differ(toleranceOnly, 1.0d, 1.0f);
        }
    }

    @Nested
    class CharTrim {
        @Test
        void trailingSpacesOfCharColumnsAreIgnored() throws SQLException {
            sameCharAsVarchar(DEFAULTS, "abc       ", "abc");
            sameCharAsVarchar(DEFAULTS, "          ", "");
            same(DEFAULTS, 'a', "a");
            for (String type : List.of("bpchar", "CHARACTER", "CHAR", "nchar")) {
                assertThat(new ValueNormalizer(DEFAULTS).normalize("ab  ", Types.OTHER, type)).as(type).isEqualTo("ab");
            }
            assertThat(new ValueNormalizer(DEFAULTS).normalize("ab  ", Types.NCHAR, null)).isEqualTo("ab");
        }

        @Test
        void trailingSpacesOfOtherTextCount() throws SQLException {
            // A VARCHAR that lost its trailing space lost data: it must not match.
            differ(DEFAULTS, "abc ", "abc");
            for (String type : List.of("varchar", "text", "VARCHAR", "CHARACTER VARYING", "longtext")) {
                assertThat(new ValueNormalizer(DEFAULTS).normalize("ab  ", Types.VARCHAR, type)).as(type).isEqualTo("ab  ");
            }
        }

        @Test
        void otherWhitespaceAndLeadingSpacesCount() throws SQLException {
            differ(DEFAULTS, "  abc", "abc");
            differ(DEFAULTS, "abc\t", "abc");
            differ(DEFAULTS, "a b", "ab");
        }

        @Test
        void offKeepsTrailingSpaces() throws SQLException {
            differ(DEFAULTS.toBuilder().charTrim(false).build(), "abc   ", "abc");
        }
    }

    @Nested
    class TimestampPrecision {
        private final LocalDateTime wall = LocalDateTime.of(2024, 3, 10, 12, 34, 56, 123_456_789);

        @Test
        void everyTimestampTypeIsAnInstantAtTheCommonPrecision() throws SQLException {
            Instant instant = wall.atZone(ZoneId.systemDefault()).toInstant();
            same(DEFAULTS, Timestamp.valueOf(wall), wall);
            same(DEFAULTS, wall, instant);
            same(DEFAULTS, instant, instant.atOffset(ZoneOffset.ofHours(5)));
            same(DEFAULTS, instant.atZone(ZoneId.of("America/New_York")), OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            same(DEFAULTS, Timestamp.valueOf(wall), wall.withNano(123_456_000));
            assertThat(canon(DEFAULTS, wall)).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
            same(DEFAULTS, java.util.Date.from(instant.truncatedTo(ChronoUnit.MILLIS)),
                instant.truncatedTo(ChronoUnit.MILLIS));
        }

        @Test
        void differencesAtOrAboveThePrecisionDiffer() throws SQLException {
            differ(DEFAULTS, wall, wall.withNano(123_000_000));
            differ(DEFAULTS, wall, wall.plusHours(1));
            NormalizationRules millis = DEFAULTS.toBuilder().timestampPrecision(ChronoUnit.MILLIS).build();
            same(millis, wall, wall.withNano(123_000_000));
        }

        @Test
        void datesAndTimesOfDay() throws SQLException {
            same(DEFAULTS, java.sql.Date.valueOf(LocalDate.of(2024, 1, 2)), LocalDate.of(2024, 1, 2));
            Time t = new Time(Time.valueOf(LocalTime.of(10, 11, 12)).getTime() + 345);
            same(DEFAULTS, t, LocalTime.of(10, 11, 12, 345_000_000));
            same(DEFAULTS, LocalTime.of(10, 11, 12, 345_678_901), LocalTime.of(10, 11, 12, 345_678_000));
            differ(DEFAULTS, java.sql.Date.valueOf(LocalDate.of(2024, 1, 2)), LocalDate.of(2024, 1, 2).atStartOfDay());
        }

        @Test
        void offKeepsTypesAndNanoseconds() throws SQLException {
            NormalizationRules off = DEFAULTS.toBuilder().timestampPrecision(null).build();
            same(off, Timestamp.valueOf(wall), wall);
            differ(off, wall, wall.withNano(123_456_000));
            differ(off, wall, wall.atZone(ZoneId.systemDefault()).toInstant());
        }
    }

    @Nested
    class Booleans {
        @Test
        void trueAndFalseAreOneAndZero() throws SQLException {
            same(DEFAULTS, true, 1);
            same(DEFAULTS, true, 1L);
            same(DEFAULTS, true, new BigDecimal("1.0"));
            same(DEFAULTS, false, 0);
            same(DEFAULTS, false, (byte) 0);
        }

        @Test
        void otherNumbersAndTextStayApart() throws SQLException {
            differ(DEFAULTS, true, 2);
            differ(DEFAULTS, true, "true");
            differ(DEFAULTS, true, false);
        }

        @Test
        void offKeepsBooleans() throws SQLException {
            NormalizationRules off = DEFAULTS.toBuilder().booleans(false).build();
            differ(off, true, 1);
            same(off, true, Boolean.TRUE);
        }
    }

    @Nested
    class LobsHash {
        private final int limit = NormalizationRules.DEFAULT_LOB_THRESHOLD;

        @Test
        void smallLobsEqualTheValuesTheyHold() throws SQLException {
            same(DEFAULTS, new SerialClob("hello".toCharArray()), "hello");
            differ(DEFAULTS, new SerialClob("hello    ".toCharArray()), "hello");
            same(DEFAULTS, new SerialClob("hello    ".toCharArray()), "hello    ");
            same(DEFAULTS, new SerialClob(new char[0]), "");
            differ(DEFAULTS, new SerialClob("   ".toCharArray()), "");
            same(DEFAULTS, new SerialBlob(new byte[0]), new byte[0]);
            same(DEFAULTS, new SerialBlob(new byte[] {1, 2, 3}), new byte[] {1, 2, 3});
            assertThat(canon(DEFAULTS, new byte[] {1, 2, 3})).isEqualTo(Bytes.copyOf(new byte[] {1, 2, 3}));
        }

        @Test
        void largeValuesCompareBySha256OfTheirContent() throws Exception {
            String text = "é€😀".repeat(3000) + "x";
            ContentHash h = (ContentHash) canon(DEFAULTS, text);
            assertThat(h.text()).isTrue();
            assertThat(h.length()).isEqualTo(text.length());
            assertThat(h.sha256()).isEqualTo(sha256(text.getBytes(StandardCharsets.UTF_8)));
            same(DEFAULTS, new SerialClob(text.toCharArray()), text);
            sameCharAsVarchar(DEFAULTS, new SerialClob((text + "   ").toCharArray()), text);
            differ(DEFAULTS, new SerialClob((text + "   ").toCharArray()), text);
            same(DEFAULTS, new SerialClob((text + "   x").toCharArray()), text + "   x");
            differ(DEFAULTS, text, text.substring(0, text.length() - 1) + "y");

            byte[] bytes = new byte[20_000];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31);
            }
            ContentHash b = (ContentHash) canon(DEFAULTS, new SerialBlob(bytes));
            assertThat(b.text()).isFalse();
            assertThat(b.sha256()).isEqualTo(sha256(bytes));
            same(DEFAULTS, new SerialBlob(bytes), bytes);
            byte[] other = bytes.clone();
            other[19_999]++;
            differ(DEFAULTS, bytes, other);
            differ(DEFAULTS, "a".repeat(limit + 1), "a".repeat(limit + 1).getBytes(StandardCharsets.US_ASCII));
        }

        @Test
        void theThresholdIsOnTrimmedLengthForStringsAndStreamsAlike() throws SQLException {
            String atLimit = "a".repeat(limit);
            assertThat(canon(DEFAULTS, atLimit)).isEqualTo(atLimit);
            assertThat(canon(DEFAULTS, new SerialClob((atLimit + "     ").toCharArray()), "bpchar")).isEqualTo(atLimit);
            assertThat(canon(DEFAULTS, atLimit + "b")).isInstanceOf(ContentHash.class);
            same(DEFAULTS, new SerialClob((atLimit + "b").toCharArray()), atLimit + "b");
            assertThat(canon(DEFAULTS, new byte[limit])).isInstanceOf(Bytes.class);
            assertThat(canon(DEFAULTS, new SerialBlob(new byte[limit + 1]))).isInstanceOf(ContentHash.class);
        }

        @Test
        void offReadsLobsWhole() throws SQLException {
            NormalizationRules off = DEFAULTS.toBuilder().lobsByHash(false).build();
            String text = "z".repeat(50_000);
            assertThat(canon(off, new SerialClob(text.toCharArray()))).isEqualTo(text);
            assertThat(canon(off, text)).isEqualTo(text);
            same(off, new SerialBlob(new byte[30_000]), new byte[30_000]);
        }

        private String sha256(byte[] b) throws Exception {
            return Bytes.hex(MessageDigest.getInstance("SHA-256").digest(b));
        }
    }

    @Nested
    class Json {
        @Test
        void documentsCompareByValue() throws SQLException {
            same(DEFAULTS, "{\"b\":1,\"a\":[1,2]}", "{ \"a\": [1, 2],\n \"b\": 1 }");
            same(DEFAULTS, "{\"a\":{\"y\":true,\"x\":null}}", "{\"a\":{\"x\":null,\"y\":true}}");
            same(DEFAULTS, "{\"n\":1.0}", "{\"n\":1}");
            same(DEFAULTS, "{\"s\":\"\\u00e9\"}", "{\"s\":\"é\"}");
            same(DEFAULTS, "{\"a\":1,\"a\":2}", "{\"a\":2}");
            assertThat(canon(DEFAULTS, "{ \"b\": 1, \"a\": [1, 2.50] }")).isEqualTo("{\"a\":[1,2.5],\"b\":1}");
        }

        @Test
        void differentDocumentsAndNonJsonTextDiffer() throws SQLException {
            differ(DEFAULTS, "[1,2]", "[2,1]");
            differ(DEFAULTS, "{\"a\":1}", "{\"a\":\"1\"}");
            differ(DEFAULTS, "{\"a\":1}", "{\"A\":1}");
            assertThat(canon(DEFAULTS, "{not json")).isEqualTo("{not json");
            assertThat(canon(DEFAULTS, "{\"a\":1} trailing")).isEqualTo("{\"a\":1} trailing");
            assertThat(canon(DEFAULTS, "42")).isEqualTo("42");
        }

        @Test
        void jsonColumnsAreParsedWhateverTheirShape() throws SQLException {
            assertThat(canon(DEFAULTS, " \"x\" ", "jsonb")).isEqualTo("\"x\"");
            assertThat(canon(DEFAULTS, "1.50", "JSON")).isEqualTo("1.5");
            // H2 returns a JSON column as its UTF-8 bytes.
            assertThat(canon(DEFAULTS, "{\"b\":2, \"a\":1}".getBytes(StandardCharsets.UTF_8), "JSON"))
                .isEqualTo("{\"a\":1,\"b\":2}");
        }

        @Test
        void withoutNumbersByValueNumbersKeepTheirText() throws SQLException {
            differ(DEFAULTS.toBuilder().numbers(false).build(), "{\"n\":1.0}", "{\"n\":1}");
        }

        @Test
        void offComparesTheText() throws SQLException {
            differ(DEFAULTS.toBuilder().jsonByValue(false).build(), "{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}");
        }
    }

    @Test
    void otherValuesCompareByCanonicalForms() throws SQLException {
        UUID u = UUID.randomUUID();
        same(DEFAULTS, u, u.toString());
        same(DEFAULTS, new Object[] {1, "a"}, List.of(1L, "a"));
        differ(DEFAULTS, new Object[] {1, 2}, new Object[] {2, 1});
        assertThat(canon(DEFAULTS, new StringBuilder("text "))).isEqualTo("text ");
    }

    @Test
    void normalisingACanonicalValueAgainChangesNothing() throws SQLException {
        Object[] values = {new BigDecimal("1.50"), 0.1 + 0.2, "abc  ", Timestamp.valueOf("2024-01-02 03:04:05.123456789"),
            true, "{\"b\":1,\"a\":2}", new byte[] {1}, "x".repeat(10_000), new Object[] {1, "a"}, LocalDate.of(2024, 1, 1)};
        for (Object v : values) {
            Object once = canon(DEFAULTS, v);
            assertThat(canon(DEFAULTS, once)).as("%s", v).isEqualTo(once);
        }
    }

    @Test
    void appliedRulesNameWhatShapedTheLastValue() throws SQLException {
        ValueNormalizer n = new ValueNormalizer(DEFAULTS);
        n.normalize(0.5d, Types.DOUBLE, "float8");
        assertThat(n.appliedRules()).containsExactly("numbers", "float-tolerance");
        n.normalize("{\"a\":1} ", Types.VARCHAR, "text");
        assertThat(n.appliedRules()).containsExactly("json");
        n.normalize("{\"a\":1} ", Types.CHAR, "bpchar");
        assertThat(n.appliedRules()).containsExactly("char-trim", "json");
        n.normalize(true, Types.BOOLEAN, "bool");
        assertThat(n.appliedRules()).containsExactly("numbers", "booleans");
        n.normalize(null, Types.BOOLEAN, "bool");
        assertThat(n.appliedRules()).isEmpty();
    }
}
