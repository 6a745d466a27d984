package io.dualaccess.compare;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept rows read with the primitive getters and kept as primitives ({@link RowDigest#addLeaving},
 * the shadow capture's rows after the first) give exactly the digest of rows kept with
 * {@code getObject}: the same hashes, row count, kept (diff) values and rules, for every column
 * type, NULLs, timestamps before 1970, doubles whose shortest digits differ from JDK 17's, under
 * several rule sets and tie keys, whether the result ends before, at or after the kept rows. And a
 * digest recycled through its shape ({@link RowDigest#recycle()}) digests its next read as a new one.
 */
class PrimitiveKeptRowsTest {

    private static final List<Column> COLS = List.of(
        new Column("id", Types.INTEGER, "INTEGER"),
        new Column("small", Types.SMALLINT, "SMALLINT"),
        new Column("big", Types.BIGINT, "BIGINT"),
        new Column("ubig", Types.BIGINT, "BIGINT UNSIGNED"),
        new Column("price", Types.DOUBLE, "DOUBLE"),
        new Column("ratio", Types.REAL, "REAL"),
        new Column("at", Types.TIMESTAMP, "TIMESTAMP"),
        new Column("name", Types.VARCHAR, "VARCHAR"),
        new Column("code", Types.CHAR, "CHAR"),
        new Column("amount", Types.DECIMAL, "DECIMAL"),
        new Column("flag", Types.BOOLEAN, "BOOLEAN"),
        new Column("day", Types.DATE, "DATE"));

    /** Rows of driver values; it knows a TIMESTAMP column's value (as the capture knows the application's) when {@code knows}. */
    private static final class Rows extends ArrayRows {
        private final boolean knows;
        private Timestamp known;

        Rows(boolean knows) {
            this.knows = knows;
        }

        @Override
        public boolean knownTimestamp(int column) {
            if (!knows || COLS.get(column - 1).sqlType() != Types.TIMESTAMP) {
                return false;
            }
            Object v = row[column - 1];
            wasNull = v == null;
            known = (Timestamp) v;
            return true;
        }

        @Override
        public long timestampTime() {
            return known.getTime();
        }

        @Override
        public int timestampNanos() {
            return known.getNanos();
        }
    }

    private static final double[] DOUBLES = {0.1, -0.0, 1e23, 2.82879384806159E17, 123.45, -7.0, 1e-300, 9007199254740993.0,
        Double.MIN_VALUE, 4.35, 1.0E-5, 123456789012345678.0};

    private static List<Object[]> rows(int n, long seed) {
        Random r = new Random(seed);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Timestamp at = new Timestamp((r.nextBoolean() ? -1 : 1) * (long) (r.nextDouble() * 4_000_000_000_000L));
            at.setNanos(r.nextInt(1_000_000_000));
            boolean nulls = r.nextInt(5) == 0;
            out.add(new Object[] {
                nulls ? null : i / 3,
                nulls ? null : (short) (r.nextInt(200) - 100),
                nulls ? null : r.nextLong(),
                nulls ? null : BigDecimal.valueOf(r.nextLong()).abs(),
                nulls ? null : r.nextInt(3) == 0 ? DOUBLES[r.nextInt(DOUBLES.length)] : r.nextDouble() * 1e6 - 5e5,
                nulls ? null : r.nextFloat(),
                r.nextInt(4) == 0 ? null : at,
                nulls ? null : "name-" + r.nextInt(10),
                nulls ? null : "c" + i + "  ",
                nulls ? null : new BigDecimal(r.nextInt(100_000) + "." + r.nextInt(1000)),
                nulls ? null : r.nextBoolean(),
                nulls ? null : LocalDate.ofEpochDay(r.nextInt(40_000) - 20_000),
            });
        }
        return out;
    }

    private static ResultDigest digest(RowDigest d, List<Object[]> rows, boolean leaving, boolean knows, List<String> ties)
            throws SQLException {
        if (ties != null) {
            d.tiesBy(ties, null);
        }
        Rows s = new Rows(knows);
        for (Object[] r : rows) {
            s.row = r;
            if (leaving) {
                d.addLeaving(s);
            } else {
                d.add(s);
            }
        }
        d.markComplete();
        return d.snapshot();
    }

    private static void assertSame(ResultDigest actual, ResultDigest expected, String what) {
        assertThat(actual.rowCount()).as(what).isEqualTo(expected.rowCount());
        assertThat(actual.orderedHash()).as(what).isEqualTo(expected.orderedHash());
        assertThat(actual.multisetHash()).as(what).isEqualTo(expected.multisetHash());
        assertThat(actual.keptRows()).as(what).isEqualTo(expected.keptRows());
        for (int c = 0; c < COLS.size(); c++) {
            assertThat(actual.rulesApplied(c)).as(what + ", column " + c).isEqualTo(expected.rulesApplied(c));
        }
        assertThat(DigestComparison.compare(actual, expected, true).verdict()).as(what)
            .isEqualTo(ComparisonResult.Verdict.MATCH);
    }

    private static List<NormalizationRules> ruleSets() {
        NormalizationRules d = NormalizationRules.defaults();
        return List.of(d, d.toBuilder().numbers(false).build(), d.toBuilder().floatTolerance(1e-14).build(),
            d.toBuilder().timestampPrecision(ChronoUnit.MILLIS).build(), d.toBuilder().timestampPrecision(ChronoUnit.MINUTES).build(),
            d.toBuilder().timestampPrecision(null).build());
    }

    @Test
    void primitiveKeptRowsGiveTheDigestOfRowsKeptWithGetObject() throws Exception {
        int checked = 0;
        for (NormalizationRules rules : ruleSets()) {
            for (List<String> ties : Arrays.asList(null, List.of("id"), List.of("id", "small"), List.of("name"), List.of("at"))) {
                for (int n : new int[] {0, 1, 2, 5, 20, 21, 60}) {
                    for (int keep : new int[] {0, 1, 5, 20}) {
                        for (boolean knows : new boolean[] {true, false}) {
                            long seed = 31L * n + keep;
                            String what = rules + ", ties " + ties + ", " + n + " rows, keep " + keep + ", knows " + knows;
                            ResultDigest primitive = digest(new RowDigest(rules, COLS, keep), rows(n, seed), true, knows, ties);
                            ResultDigest objects = digest(new RowDigest(rules, COLS, keep), rows(n, seed), false, knows, ties);
                            assertSame(primitive, objects, what);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(6 * 5 * 7 * 4 * 2);
    }

    @Test
    void aChangeInAPrimitiveKeptValueChangesTheDigest() throws Exception {
        NormalizationRules rules = NormalizationRules.defaults();
        List<Object[]> base = rows(5, 7);
        for (int column : new int[] {0, 1, 2, 4, 6}) {
            List<Object[]> changed = rows(5, 7);
            Object v = changed.get(3)[column];
            changed.get(3)[column] = switch (column) {
                case 0 -> v == null ? 1 : (Integer) v + 1;
                case 1 -> v == null ? (short) 1 : (short) ((Short) v + 1);
                case 2 -> v == null ? 1L : (Long) v + 1;
                case 4 -> v == null ? 1.5 : Math.nextUp((Double) v) * 2;
                default -> v == null ? new Timestamp(0) : new Timestamp(((Timestamp) v).getTime() + 1000);
            };
            ResultDigest a = digest(new RowDigest(rules, COLS, 20), base, true, true, null);
            ResultDigest b = digest(new RowDigest(rules, COLS, 20), changed, true, true, null);
            assertThat(b.orderedHash()).as("column %d", column).isNotEqualTo(a.orderedHash());
            assertThat(b.keptRows().get(3)).as("column %d", column).isNotEqualTo(a.keptRows().get(3));
        }
    }

    @Test
    void aRecycledDigestDigestsItsNextReadAsANewOne() throws Exception {
        // 12 columns: 20 kept rows' arrays are held between reads, 30 (past MAX_RECYCLED_SLOTS) are not.
        for (int keep : new int[] {20, 30}) {
            recycledDigests(keep);
        }
    }

    private static void recycledDigests(int keep) throws Exception {
        NormalizationRules rules = NormalizationRules.defaults();
        String[] labels = COLS.stream().map(Column::label).toArray(String[]::new);
        int[] types = COLS.stream().mapToInt(Column::sqlType).toArray();
        String[] names = COLS.stream().map(Column::typeName).toArray(String[]::new);
        RowDigest.Shape shape = new RowDigest.Shape(rules, labels, types, names);
        RowDigest first = RowDigest.of(shape, keep);
        digest(first, rows(60, 1), true, true, List.of("id"));
        first.attach("helper");
        first.recycle();
        // Reads of different lengths, tie keys and kept counts, one after another on recycled digests.
        List<List<String>> ties = Arrays.asList(List.of("id"), null, List.of("id", "small"), List.of("name"), List.of("id"));
        int[] lengths = {3, 60, 0, 21, 1};
        RowDigest last = first;
        for (int i = 0; i < lengths.length; i++) {
            RowDigest d = RowDigest.of(shape, keep);
            String what = "keep " + keep + ", read " + i;
            assertThat(d).as(what + " reuses the recycled digest").isSameAs(last);
            assertThat(d.attachment()).isEqualTo("helper");
            assertThat(d.rowCount()).isZero();
            ResultDigest reused = digest(d, rows(lengths[i], 100 + i), true, true, ties.get(i));
            ResultDigest fresh = digest(new RowDigest(rules, COLS, keep), rows(lengths[i], 100 + i), false, true, ties.get(i));
            assertSame(reused, fresh, what);
            d.recycle();
            last = d;
        }
        // Another keep count gets a digest of its own.
        assertThat(RowDigest.of(shape, keep + 1)).isNotSameAs(last);
    }
}
