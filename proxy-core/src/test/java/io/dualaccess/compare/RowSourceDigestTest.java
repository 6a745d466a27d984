package io.dualaccess.compare;

import io.dualaccess.compare.ComparisonResult.Verdict;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A digest fed through a {@link RowSource} (the shadow path's capture) compares exactly as one fed
 * the driver's values: integer tie keys past the kept rows are compared as longs (no objects per
 * row), and a tie group that begins on a kept row and continues past them stays one group.
 */
class RowSourceDigestTest {

    private static final NormalizationRules RULES = NormalizationRules.defaults();
    private static final List<Column> COLS = List.of(new Column("grp", Types.INTEGER, "INTEGER"),
        new Column("name", Types.VARCHAR, "VARCHAR"), new Column("qty", Types.BIGINT, "BIGINT"));

    private static ResultDigest throughSource(List<Object[]> rows, int keep) throws SQLException {
        RowDigest d = new RowDigest(RULES, COLS, keep).tiesBy(List.of("grp"), null);
        ArrayRows source = new ArrayRows();
        for (Object[] r : rows) {
            source.row = r;
            d.add(source);
        }
        d.markComplete();
        return d.snapshot();
    }

    private static ResultDigest throughValues(List<Object[]> rows, int keep) throws SQLException {
        RowDigest d = new RowDigest(RULES, COLS, keep).tiesBy(List.of("grp"), null);
        for (Object[] r : rows) {
            d.addValues(r);
        }
        d.markComplete();
        return d.snapshot();
    }

    private static List<Object[]> groups(boolean shuffled) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {null, "n", 1L});
        out.add(new Object[] {0, "z", 2L});
        for (int g = 1; g <= 6; g++) {
            for (int i = 0; i < 3; i++) {
                int k = shuffled ? 2 - i : i;
                out.add(new Object[] {g, "row-" + g + "-" + k, (long) (g * 10 + k)});
            }
        }
        return out;
    }

    @Test
    void integerTieKeysReadThroughASourceCompareAsTheDriversValues() throws Exception {
        for (int keep : new int[] {0, 2, 4, 20}) {
            ResultDigest viaSource = throughSource(groups(false), keep);
            ResultDigest viaValues = throughValues(groups(false), keep);
            assertThat(DigestComparison.compare(viaSource, viaValues, true).verdict()).as("keep %d", keep)
                .isEqualTo(Verdict.MATCH);
            // Rows of a tie group in another order: still a match, whichever side read them through a source.
            assertThat(DigestComparison.compare(viaSource, throughSource(groups(true), keep), true).verdict())
                .as("keep %d, ties shuffled", keep).isEqualTo(Verdict.MATCH);
            assertThat(DigestComparison.compare(throughValues(groups(true), keep), viaSource, true).verdict())
                .as("keep %d, ties shuffled, other side by values", keep).isEqualTo(Verdict.MATCH);
        }
    }

    private static final List<Column> WIDE = List.of(new Column("id", Types.INTEGER, "INTEGER"),
        new Column("name", Types.VARCHAR, "VARCHAR"), new Column("price", Types.DOUBLE, "DOUBLE"),
        new Column("at", Types.TIMESTAMP, "TIMESTAMP"), new Column("code", Types.CHAR, "CHAR"),
        new Column("amount", Types.DECIMAL, "DECIMAL"));

    private static List<Object[]> wideRows(int n) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            java.sql.Timestamp at = new java.sql.Timestamp(1_700_000_000_000L + i * 1_001L);
            at.setNanos(123_456_789 + i);
            out.add(new Object[] {i % 3 == 0 ? null : i, "name-" + i, i * 1.25 + 0.1, i % 4 == 0 ? null : at, "c" + i + "  ",
                new java.math.BigDecimal(i + ".500")});
        }
        return out;
    }

    private static ResultDigest wide(List<Object[]> rows, int keep, boolean source, List<String> ties) throws SQLException {
        RowDigest d = new RowDigest(RULES, WIDE, keep);
        if (ties != null) {
            d.tiesBy(ties, null);
        }
        ArrayRows s = new ArrayRows();
        for (Object[] r : rows) {
            if (source) {
                s.row = r;
                d.add(s);
            } else {
                d.addValues(r);
            }
        }
        d.markComplete();
        return d.snapshot();
    }

    /**
     * Kept rows read through a source are hashed later (at the first row past them, or in the
     * snapshot, on the comparing thread): the hashes, row count and kept values are exactly those
     * of rows hashed as they come, whether the result ends before, at or after the kept rows.
     */
    @Test
    void keptRowsHashedLaterGiveTheSameDigestAsRowsHashedAsTheyCome() throws Exception {
        for (List<String> ties : java.util.Arrays.asList(null, List.of("id"), List.of("name"))) {
            for (int n : new int[] {0, 1, 5, 20, 21, 60}) {
                for (int keep : new int[] {0, 1, 5, 20}) {
                    ResultDigest viaSource = wide(wideRows(n), keep, true, ties);
                    ResultDigest viaValues = wide(wideRows(n), keep, false, ties);
                    String what = "ties " + ties + ", " + n + " rows, keep " + keep;
                    assertThat(viaSource.rowCount()).as(what).isEqualTo(n);
                    assertThat(viaSource.orderedHash()).as(what).isEqualTo(viaValues.orderedHash());
                    assertThat(viaSource.multisetHash()).as(what).isEqualTo(viaValues.multisetHash());
                    assertThat(viaSource.keptRows()).as(what).isEqualTo(viaValues.keptRows());
                    for (int c = 0; c < WIDE.size(); c++) {
                        assertThat(viaSource.rulesApplied(c)).as(what + ", column " + c).isEqualTo(viaValues.rulesApplied(c));
                    }
                }
            }
        }
        // And a row that differs only in a kept row still changes the hashes.
        List<Object[]> changed = wideRows(5);
        changed.get(2)[2] = 99.5;
        assertThat(wide(changed, 20, true, null).orderedHash()).isNotEqualTo(wide(wideRows(5), 20, true, null).orderedHash());
        assertThat(wide(changed, 20, true, null).multisetHash()).isNotEqualTo(wide(wideRows(5), 20, true, null).multisetHash());
    }

    @Test
    void groupsOutOfOrderOrAZeroForANullKeyStillDiffer() throws Exception {
        List<Object[]> swapped = groups(false);
        Object[] first = swapped.get(2);
        swapped.set(2, swapped.get(5));
        swapped.set(5, first);
        List<Object[]> nullAsZero = groups(false);
        nullAsZero.set(0, new Object[] {0, "n", 1L});
        for (int keep : new int[] {0, 1, 20}) {
            assertThat(DigestComparison.compare(throughSource(groups(false), keep), throughSource(swapped, keep), true).verdict())
                .as("keep %d, groups out of order", keep).isNotEqualTo(Verdict.MATCH);
            assertThat(DigestComparison.compare(throughSource(groups(false), keep), throughSource(nullAsZero, keep), true)
                .verdict()).as("keep %d, a NULL key is not 0", keep).isNotEqualTo(Verdict.MATCH);
        }
    }
}
