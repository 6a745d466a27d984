package io.dualaccess.compare;

import io.dualaccess.results.ResultRows;
import io.dualaccess.compare.ComparisonResult.Difference;
import io.dualaccess.compare.ComparisonResult.MismatchKind;
import io.dualaccess.compare.ComparisonResult.Verdict;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same data in each engine's own types, read through plain JDBC and digested: equal under the
 * default rules whatever the shapes (decimal scale, integer width, boolean vs 0/1, CHAR padding,
 * label case, JSON key order, CLOB vs text, row order); and a zoo of planted differences, each a
 * mismatch naming its row and column. H2 always runs (two differently typed databases);
 * PostgreSQL and MariaDB run when {@code scripts/test-servers.sh} is up (TEST_PG_URL_A, ...),
 * else they are skipped with the reason, and fail under CI=true.
 */
class CrossEngineDigestTest {

    private static final String COLUMNS = "id, price, qty, flag, code, created, doc, note, big, bin, ratio";
    private static final String ITEMS = "cmp_items";
    private static final String BIG_TEXT = "lorem ipsum ".repeat(1000);
    private static final byte[] BIG_BYTES = bigBytes();

    /**
     * One engine with its own column types. H2 and H2_ALT are two H2 databases typed differently,
     * so the cross-shape comparison runs without servers too.
     */
    enum Flavor {
        H2(Engine.H2, false,
            "id INT PRIMARY KEY, price DECIMAL(12,4), qty BIGINT, flag INT, code CHAR(10), created TIMESTAMP(6),"
                + " doc JSON, note CLOB, big CLOB, bin BLOB, ratio DOUBLE PRECISION",
            "? FORMAT JSON", "{\"b\":[1,2],\"a\":\"x\",\"c\":{\"z\":null,\"y\":1.50}}", false),
        H2_ALT(Engine.H2, true,
            "id BIGINT, price NUMERIC(10,2), qty INT, flag BOOLEAN, code VARCHAR(10), created TIMESTAMP(9),"
                + " doc VARCHAR(200), note VARCHAR(100), big CLOB, bin VARBINARY(20000), ratio REAL",
            "?", "{ \"a\": \"x\", \"b\": [1, 2], \"c\": {\"y\": 1.5, \"z\": null} }", true),
        POSTGRESQL(Engine.POSTGRESQL, true,
            "id INT PRIMARY KEY, price NUMERIC(10,2), qty INT, flag BOOLEAN, code CHAR(10), created TIMESTAMP(6),"
                + " doc JSONB, note TEXT, big TEXT, bin BYTEA, ratio DOUBLE PRECISION",
            "CAST(? AS JSONB)", "{\"c\":{\"y\":1.5,\"z\":null},\"b\":[1,2],\"a\":\"x\"}", true),
        MARIADB(Engine.MARIADB, false,
            "id BIGINT PRIMARY KEY, price DECIMAL(10,3), qty BIGINT, flag TINYINT(1), code CHAR(10),"
                + " created DATETIME(6), doc JSON, note TEXT, big MEDIUMTEXT, bin MEDIUMBLOB, ratio DOUBLE",
            "?", "{\"b\": [1, 2], \"c\": {\"z\": null, \"y\": 1.50}, \"a\": \"x\"}", false);

        final Engine engine;
        final boolean reversed;
        final String columns;
        final String docParam;
        final String doc;
        final boolean exactRatio;

        /**
         * @param reversed rows are inserted last first, so an unordered read returns them in another order
         * @param exactRatio stores 0.3 where the others store 0.1 + 0.2
         */
        Flavor(Engine engine, boolean reversed, String columns, String docParam, String doc, boolean exactRatio) {
            this.engine = engine;
            this.reversed = reversed;
            this.columns = columns;
            this.docParam = docParam;
            this.doc = doc;
            this.exactRatio = exactRatio;
        }

        TestDb db() {
            return this == H2_ALT ? engine.b() : engine.a();
        }

        String timestamp(int precision) {
            return this == MARIADB ? "DATETIME(" + precision + ")" : "TIMESTAMP(" + precision + ")";
        }

        Object flag(boolean b) {
            return this == H2 ? (Object) (b ? 1 : 0) : (Object) b;
        }
    }

    private static byte[] bigBytes() {
        byte[] b = new byte[10_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
            Arguments.of(Flavor.H2, Flavor.H2_ALT),
            Arguments.of(Flavor.H2, Flavor.POSTGRESQL),
            Arguments.of(Flavor.H2, Flavor.MARIADB),
            Arguments.of(Flavor.POSTGRESQL, Flavor.MARIADB),
            Arguments.of(Flavor.MARIADB, Flavor.POSTGRESQL));
    }

    // ------------------------------------------------------------------ same data, different shapes

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairs")
    void theSameDataInEachEnginesOwnTypesMatches(Flavor fa, Flavor fb) throws SQLException {
        TestDb a = items(fa);
        TestDb b = items(fb);
        NormalizationRules rules = NormalizationRules.defaults();

        ComparisonResult ordered = compare(a, b, "SELECT " + COLUMNS + " FROM " + ITEMS + " ORDER BY id", rules, true);
        assertThat(ordered.verdict()).as(ordered.summary()).isEqualTo(Verdict.MATCH);
        assertThat(ordered.rowsA()).isEqualTo(5);

        String unorderedSql = "SELECT " + COLUMNS + " FROM " + ITEMS;
        ComparisonResult unordered = compare(a, b, unorderedSql, rules, false);
        assertThat(unordered.verdict()).as(unordered.summary()).isEqualTo(Verdict.MATCH);
        if (fa.reversed != fb.reversed) {
            // The engines really returned the rows in different orders: the multiset did the work.
            ComparisonResult inOrder = compare(a, b, unorderedSql, rules, true);
            assertThat(inOrder.kind()).as(inOrder.summary()).isEqualTo(MismatchKind.ORDER);
        }

        // The shapes really differ: without the rules the same rows do not compare equal.
        ComparisonResult exact = compare(a, b, "SELECT " + COLUMNS + " FROM " + ITEMS + " ORDER BY id",
            NormalizationRules.exact().toBuilder().labelsCaseInsensitive(true).build(), true);
        assertThat(exact.kind()).as(exact.summary()).isEqualTo(MismatchKind.VALUE);
    }

    @Test
    void labelCaseDiffersAcrossEnginesAndTheRuleAbsorbsIt() throws SQLException {
        TestDb h2 = items(Flavor.H2);
        TestDb other = items(Flavor.H2_ALT);
        // H2 upper-cases unquoted labels; an alias in quotes keeps its case (as PostgreSQL folds to lower case).
        String upper = "SELECT id, price FROM " + ITEMS + " ORDER BY id";
        String lower = "SELECT id AS \"id\", price AS \"price\" FROM " + ITEMS + " ORDER BY id";
        assertThat(compare(h2, upper, other, lower, NormalizationRules.defaults(), true).matched()).isTrue();
        ComparisonResult strict = compare(h2, upper, other, lower,
            NormalizationRules.defaults().toBuilder().labelsCaseInsensitive(false).build(), true);
        assertThat(strict.kind()).isEqualTo(MismatchKind.COLUMNS);
        assertThat(strict.firstDifference().valueA()).isEqualTo("ID");
        assertThat(strict.firstDifference().valueB()).isEqualTo("id");
    }

    @Test
    void aResultClosedEarlyComparesItsPrefixWhenOrdered() throws SQLException {
        TestDb a = items(Flavor.H2);
        TestDb b = items(Flavor.H2_ALT);
        NormalizationRules rules = NormalizationRules.defaults();
        String sql = "SELECT " + COLUMNS + " FROM " + ITEMS + " ORDER BY id";
        ResultDigest prefixA = digest(a, sql, rules, 2);
        ResultDigest prefixB = digest(b, sql, rules, 2);
        assertThat(prefixA.complete()).isFalse();
        assertThat(DigestComparison.compare(prefixA, prefixB, true).matched()).isTrue();
        assertThat(DigestComparison.compare(prefixA, prefixB, false).reason()).isEqualTo(ComparisonResult.PARTIAL);
    }

    private static TestDb items(Flavor f) throws SQLException {
        TestDb db = f.db();
        db.run("DROP TABLE IF EXISTS " + ITEMS, "CREATE TABLE " + ITEMS + " (" + f.columns + ")");
        LocalDateTime t = LocalDateTime.of(2024, 3, 10, 12, 34, 56, 123_456_000);
        Object[][] rows = {
            {1, new BigDecimal("12.5"), 100L, true, "ab", t, f.doc, "hello", BIG_TEXT, new byte[] {1, 2, 3},
                f.exactRatio ? 0.3 : 0.1 + 0.2},
            {2, new BigDecimal("0"), 2_000_000_000L, false, "a b", t.withNano(0), "[]", null, BIG_TEXT + "!", BIG_BYTES,
                1.5},
            {3, new BigDecimal("-7.25"), 0L, true, "", null, "{}", "", null, null, null},
            {4, new BigDecimal("1234567.89"), -1L, false, "x", t.minusYears(30), null, "with 'quote'", "short",
                new byte[0], -2.0},
            {5, new BigDecimal("0.01"), 5L, true, "ten chars!", t.plusDays(1), "[{\"k\":true}]", "\u00e9t\u00e9", "",
                new byte[] {-1}, 1e-3},
        };
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + ITEMS + " ("
            + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, " + f.docParam + ", ?, ?, ?, ?)")) {
            for (int k = 0; k < rows.length; k++) {
                Object[] r = rows[f.reversed ? rows.length - 1 - k : k];
                ps.setInt(1, (Integer) r[0]);
                ps.setBigDecimal(2, (BigDecimal) r[1]);
                ps.setLong(3, (Long) r[2]);
                ps.setObject(4, f.flag((Boolean) r[3]));
                ps.setString(5, (String) r[4]);
                ps.setTimestamp(6, r[5] == null ? null : Timestamp.valueOf((LocalDateTime) r[5]));
                ps.setString(7, (String) r[6]);
                ps.setString(8, (String) r[7]);
                ps.setString(9, (String) r[8]);
                ps.setBytes(10, (byte[]) r[9]);
                if (r[10] == null) {
                    ps.setNull(11, java.sql.Types.DOUBLE);
                } else if (f == Flavor.H2_ALT) {
                    ps.setFloat(11, ((Double) r[10]).floatValue());
                } else {
                    ps.setDouble(11, (Double) r[10]);
                }
                ps.executeUpdate();
            }
        }
        return db;
    }

    // ------------------------------------------------------------------ the mismatch zoo

    /** A planted difference: what B's table holds instead of A's, and what the comparison must say. */
    enum Zoo {
        CHANGED_VALUE, MISSING_ROW, EXTRA_ROW, DUPLICATED_ROW, NULL_VS_EMPTY, TRUNCATED_TIMESTAMP
    }

    static Stream<Arguments> zoo() {
        return pairs().flatMap(p -> EnumSet.allOf(Zoo.class).stream()
            .map(z -> Arguments.of(p.get()[0], p.get()[1], z)));
    }

    private static final String ZOO_A = "cmp_zoo_a";
    private static final String ZOO_B = "cmp_zoo_b";
    private static final LocalDateTime ZOO_TIME = LocalDateTime.of(2024, 5, 1, 10, 0, 0, 123_456_000);

    @ParameterizedTest(name = "{2}: {0} vs {1}")
    @MethodSource("zoo")
    void eachPlantedDifferenceIsAMismatchNamingItsRowAndColumn(Flavor fa, Flavor fb, Zoo planted) throws SQLException {
        TestDb a = zooTable(fa, ZOO_A, null);
        TestDb b = zooTable(fb, ZOO_B, planted);
        NormalizationRules rules = NormalizationRules.defaults();
        String select = "SELECT id, price, note, created FROM ";
        for (boolean ordered : new boolean[] {true, false}) {
            String order = ordered ? " ORDER BY id, note" : "";
            ComparisonResult r = compare(a, select + ZOO_A + order, b, select + ZOO_B + order, rules, ordered);
            assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.MISMATCH);
            assertThat(r.rules()).isEqualTo(rules.describe());
            assertThat(r.beyondKeptRows()).as(r.summary()).isFalse();
            Difference d = r.firstDifference();
            switch (planted) {
                case CHANGED_VALUE -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
                    assertCell(r, ordered, 3, "price", 30L, new BigDecimal("30.01"));
                }
                case MISSING_ROW -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
                    assertThat(r.rowsA() - r.rowsB()).isEqualTo(1);
                    assertThat(d.rowB()).isZero();
                    assertThat(d.column()).as(r.summary()).isNull();
                    assertThat(d.rowValuesA().get(0)).isEqualTo(4L);
                    assertThat(r.onlyInA()).singleElement().satisfies(k -> assertThat(k.values().get(0)).isEqualTo(4L));
                    if (ordered) {
                        assertThat(d.rowA()).isEqualTo(4);
                    }
                }
                case EXTRA_ROW -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
                    assertThat(r.rowsB() - r.rowsA()).isEqualTo(1);
                    assertThat(d.rowA()).isZero();
                    assertThat(d.rowValuesB()).containsExactly(6L, 60L, "six", zooInstant(6));
                    if (ordered) {
                        assertThat(d.rowB()).isEqualTo(6);
                    }
                }
                case DUPLICATED_ROW -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
                    assertThat(r.onlyInA()).isEmpty();
                    assertThat(r.onlyInB()).singleElement()
                        .satisfies(k -> assertThat(k.values()).containsExactly(2L, 20L, null, zooInstant(2)));
                    if (ordered) {
                        assertThat(d.rowB()).isEqualTo(3);
                    }
                }
                case NULL_VS_EMPTY -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
                    assertCell(r, ordered, 2, "note", null, "");
                }
                case TRUNCATED_TIMESTAMP -> {
                    assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
                    assertCell(r, ordered, 1, "created", zooInstant(1),
                        zooInstant(1).truncatedTo(ChronoUnit.MILLIS));
                    // At millisecond precision the truncated timestamps are equal.
                    NormalizationRules millis = rules.toBuilder().timestampPrecision(ChronoUnit.MILLIS).build();
                    ComparisonResult coarse = compare(a, select + ZOO_A + order, b, select + ZOO_B + order, millis,
                        ordered);
                    assertThat(coarse.verdict()).as(coarse.summary()).isEqualTo(Verdict.MATCH);
                }
                default -> throw new AssertionError(planted);
            }
        }
    }

    private static void assertCell(ComparisonResult r, boolean ordered, long id, String column, Object valueA,
                                   Object valueB) {
        Difference d = r.firstDifference();
        assertThat(d).as(r.summary()).isNotNull();
        assertThat(d.column()).as(r.summary()).isEqualToIgnoringCase(column);
        assertThat(d.valueA()).as(r.summary()).isEqualTo(valueA);
        assertThat(d.valueB()).as(r.summary()).isEqualTo(valueB);
        assertThat(d.rowValuesA().get(0)).as(r.summary()).isEqualTo(id);
        assertThat(d.rowValuesB().get(0)).as(r.summary()).isEqualTo(id);
        if (ordered) {
            assertThat(d.rowA()).isEqualTo(id);
            assertThat(d.rowB()).isEqualTo(id);
        }
    }

    private static java.time.Instant zooInstant(int id) {
        return ZOO_TIME.plusDays(id).atZone(ZoneId.systemDefault()).toInstant();
    }

    /** Rows 1..5 (id, price = id * 10, note, created), with the planted difference for B. */
    private static TestDb zooTable(Flavor f, String table, Zoo planted) throws SQLException {
        TestDb db = f.db();
        int precision = planted == Zoo.TRUNCATED_TIMESTAMP ? 3 : 6;
        String idType = f == Flavor.MARIADB || f == Flavor.H2_ALT ? "BIGINT" : "INT";
        db.run("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id " + idType
            + ", price DECIMAL(10,2), note VARCHAR(20), created " + f.timestamp(precision) + ")");
        List<Object[]> rows = new ArrayList<>();
        String[] notes = {"one", null, "three", "four", "five"};
        for (int i = 1; i <= 5; i++) {
            rows.add(new Object[] {i, new BigDecimal(i * 10), notes[i - 1], ZOO_TIME.plusDays(i)});
        }
        if (planted != null) {
            switch (planted) {
                case CHANGED_VALUE -> rows.get(2)[1] = new BigDecimal("30.01");
                case MISSING_ROW -> rows.remove(3);
                case EXTRA_ROW -> rows.add(new Object[] {6, new BigDecimal(60), "six", ZOO_TIME.plusDays(6)});
                case DUPLICATED_ROW -> rows.add(2, rows.get(1).clone());
                case NULL_VS_EMPTY -> rows.get(1)[2] = "";
                case TRUNCATED_TIMESTAMP -> {
                    // The column keeps milliseconds only; the engine drops the rest.
                }
                default -> throw new AssertionError(planted);
            }
        }
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
            for (Object[] r : rows) {
                ps.setInt(1, (Integer) r[0]);
                ps.setBigDecimal(2, (BigDecimal) r[1]);
                ps.setString(3, (String) r[2]);
                ps.setTimestamp(4, Timestamp.valueOf((LocalDateTime) r[3]));
                ps.executeUpdate();
            }
        }
        return db;
    }

    /** Leaves the shared servers' databases as they were (H2 databases vanish with the JVM). */
    @AfterAll
    static void dropTables() {
        for (Engine e : new Engine[] {Engine.POSTGRESQL, Engine.MARIADB}) {
            try {
                e.a().run("DROP TABLE IF EXISTS " + ITEMS, "DROP TABLE IF EXISTS " + ZOO_A, "DROP TABLE IF EXISTS " + ZOO_B);
            } catch (SQLException | RuntimeException | AssertionError notConfigured) {
                // Not configured: the tests said so already.
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private static ComparisonResult compare(TestDb a, TestDb b, String sql, NormalizationRules rules, boolean ordered)
        throws SQLException {
        return compare(a, sql, b, sql, rules, ordered);
    }

    private static ComparisonResult compare(TestDb a, String sqlA, TestDb b, String sqlB, NormalizationRules rules,
                                            boolean ordered) throws SQLException {
        return DigestComparison.compare(digest(a, sqlA, rules, Long.MAX_VALUE), digest(b, sqlB, rules, Long.MAX_VALUE),
            ordered);
    }

    /** Reads at most {@code limit} rows, digesting each as the application advances the result set. */
    private static ResultDigest digest(TestDb db, String sql, NormalizationRules rules, long limit) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            RowDigest d = ResultRows.digest(rs, rules, RowDigest.DEFAULT_KEEP_ROWS);
            ResultRows rows = ResultRows.of(rs);
            while (d.rowCount() < limit) {
                if (!rows.next()) {
                    d.markComplete();
                    break;
                }
                d.add(rows);
            }
            return d.snapshot();
        }
    }
}
