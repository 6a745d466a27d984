package io.dualaccess.compare;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowDigestTest {

    private static final NormalizationRules RULES = NormalizationRules.defaults();
    private static final List<Column> TWO = List.of(Column.of("id"), Column.of("name"));

    static ResultDigest digest(NormalizationRules rules, List<Column> columns, int keep, List<Object[]> rows) {
        RowDigest d = new RowDigest(rules, columns, keep);
        for (Object[] r : rows) {
            d.add(r);
        }
        d.markComplete();
        return d.snapshot();
    }

    static ResultDigest digest(List<Object[]> rows) {
        return digest(RULES, TWO, 10, rows);
    }

    static Object[] row(Object... values) {
        return values;
    }

    @Test
    void permutedRowsHaveTheSameMultisetHashButNotTheSameOrderedHash() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(row((long) i, "n" + i));
        }
        List<Object[]> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(42));
        ResultDigest a = digest(rows);
        ResultDigest b = digest(shuffled);
        assertThat(b.multisetHash()).isEqualTo(a.multisetHash());
        assertThat(b.orderedHash()).isNotEqualTo(a.orderedHash());
        assertThat(digest(rows).orderedHash()).isEqualTo(a.orderedHash());

        List<Object[]> swapped = new ArrayList<>(rows);
        Collections.swap(swapped, 98, 99);
        assertThat(digest(swapped).orderedHash()).isNotEqualTo(a.orderedHash());
    }

    @Test
    void theMultisetHashCountsMultiplicity() {
        Object[] a = row(1L, "a");
        Object[] b = row(2L, "b");
        ResultDigest aab = digest(List.of(a, a, b));
        ResultDigest abb = digest(List.of(a, b, b));
        assertThat(aab.rowCount()).isEqualTo(abb.rowCount());
        assertThat(aab.multisetHash()).isNotEqualTo(abb.multisetHash());
        // Duplicated pairs must not cancel out, as they would with XOR.
        assertThat(digest(List.of(a, a, b, b)).multisetHash()).isNotEqualTo(digest(List.of(row(3L, "c"), row(3L, "c"),
            row(4L, "d"), row(4L, "d"))).multisetHash());
        assertThat(digest(List.of(a, a)).multisetHash()).isNotEqualTo(digest(List.of()).multisetHash());
    }

    @Test
    void valuesAreHashedWithTheirType() {
        List<Column> one = List.of(Column.of("v"));
        NormalizationRules exact = NormalizationRules.exact();
        Object[][] pairs = {
            {"1", 1L}, {null, ""}, {"", List.of()}, {1, 1L}, {(short) 1, (byte) 1}, {new BigDecimal("1"), 1L},
            {1.0d, 1.0f}, {true, 1L}, {"true", true}, {Bytes.copyOf(new byte[] {'a'}), "a"},
            {new ContentHash(true, 1, "00"), new ContentHash(false, 1, "00")}, {List.of("a"), "a"},
            {java.time.LocalDate.of(2024, 1, 1), java.time.LocalDateTime.of(2024, 1, 1, 0, 0)},
        };
        for (Object[] p : pairs) {
            List<Object[]> x = Collections.singletonList(new Object[] {p[0]});
            List<Object[]> y = Collections.singletonList(new Object[] {p[1]});
            assertThat(digest(exact, one, 1, x).multisetHash()).as("%s vs %s", p[0], p[1])
                .isNotEqualTo(digest(exact, one, 1, y).multisetHash());
        }
        // Lengths are part of the encoding: a value boundary cannot move.
        assertThat(digest(List.<Object[]>of(row("ab", "c"))).multisetHash())
            .isNotEqualTo(digest(List.<Object[]>of(row("a", "bc"))).multisetHash());
        assertThat(digest(List.<Object[]>of(row(null, "x"))).multisetHash())
            .isNotEqualTo(digest(List.<Object[]>of(row("x", null))).multisetHash());
    }

    @Test
    void keptRowsAreTheFirstNAndBounded() {
        RowDigest d = new RowDigest(RULES, TWO, 3);
        for (long i = 0; i < 10_000; i++) {
            d.add(row(i, "row"));
        }
        ResultDigest s = d.snapshot();
        assertThat(s.rowCount()).isEqualTo(10_000);
        assertThat(s.keptRows()).hasSize(3);
        assertThat(s.keptRows().get(2)).containsExactly(2L, "row");
        assertThat(s.allRowsKept()).isFalse();
        assertThat(s.complete()).isFalse();
        assertThatThrownBy(() -> s.keptRows().get(0).set(0, 9L)).isInstanceOf(UnsupportedOperationException.class);

        RowDigest none = new RowDigest(RULES, TWO, 0);
        none.add(row(1L, "x"));
        assertThat(none.snapshot().keptRows()).isEmpty();
        assertThat(none.snapshot().orderedHash()).hasSize(32);
    }

    @Test
    void theCallersArrayIsNotKept() {
        RowDigest d = new RowDigest(RULES, TWO, 5);
        Object[] reused = row(1L, "a");
        d.add(reused);
        reused[1] = "changed";
        assertThat(d.snapshot().keptRows().get(0)).containsExactly(1L, "a");
    }

    @Test
    void aSnapshotIsNotChangedByLaterRows() {
        RowDigest d = new RowDigest(RULES, TWO, 5);
        d.add(row(1L, "a"));
        ResultDigest first = d.snapshot();
        d.add(row(2L, "b"));
        d.markComplete();
        assertThat(first.rowCount()).isEqualTo(1);
        assertThat(first.keptRows()).hasSize(1);
        assertThat(first.complete()).isFalse();
        assertThat(d.snapshot().multisetHash()).isNotEqualTo(first.multisetHash());
    }

    @Test
    void ignoredColumnsAreLeftOutCaseInsensitively() throws Exception {
        NormalizationRules rules = RULES.toBuilder().ignoreColumns("updated_at").build();
        List<Column> cols = List.of(Column.of("ID"), Column.of("Updated_At"), new Column("name", java.sql.Types.CHAR, "bpchar"));
        RowDigest a = new RowDigest(rules, cols, 5);
        RowDigest b = new RowDigest(rules, cols, 5);
        a.add(row(1L, "2024-01-01", "x"));
        b.addValues(1, "2025-12-31", "x   ");
        assertThat(a.labels()).containsExactly("ID", "name");
        assertThat(a.snapshot().orderedHash()).isEqualTo(b.snapshot().orderedHash());
        assertThat(b.snapshot().keptRows().get(0)).containsExactly(1L, "x");
    }

    @Test
    void addValuesNormalisesAndRecordsTheRulesThatApplied() throws Exception {
        RowDigest d = new RowDigest(RULES, List.of(new Column("price", java.sql.Types.DECIMAL, "numeric"),
            new Column("code", java.sql.Types.CHAR, "bpchar")), 5);
        d.addValues(new BigDecimal("1.50"), "ab   ");
        ResultDigest s = d.snapshot();
        assertThat(s.keptRows().get(0)).containsExactly(new BigDecimal("1.5"), "ab");
        assertThat(s.rulesApplied(0)).containsExactly("numbers");
        assertThat(s.rulesApplied(1)).containsExactly("char-trim");
    }

    @Test
    void aRowHashesTheSameWhetherKeptOrOnlyHashed() throws Exception {
        // Rows past the kept ones skip the canonical copy; their hash must not change by that.
        List<Column> cols = List.of(new Column("n", java.sql.Types.INTEGER, "int"), new Column("price", java.sql.Types.DECIMAL, "numeric"));
        Object[][] driverShapes = {
            {7, new BigDecimal("1.50")}, {(short) 7, new BigDecimal("1.5")}, {7L, new BigDecimal("1.500000000000000000000")},
            {(byte) 7, new BigDecimal("1.5000")}};
        Object[][] integral = {{1, new BigDecimal("2.00")}, {1L, new BigDecimal("2")}, {1, new BigDecimal("2.000000000000000000000000")},
            {1, 2L}};
        Object[][] precise = {{1, new BigDecimal("12345678901234567.125")}, {1L, new BigDecimal("12345678901234567.12500")}};
        for (Object[][] same : List.of(driverShapes, integral, precise)) {
            java.util.Set<String> hashes = new java.util.HashSet<>();
            for (Object[] v : same) {
                for (int keep : new int[] {0, 1}) {
                    RowDigest d = new RowDigest(RULES, cols, keep);
                    d.addValues(v);
                    hashes.add(d.snapshot().multisetHash());
                }
            }
            assertThat(hashes).as("one hash for %s", java.util.Arrays.deepToString(same)).hasSize(1);
        }
        RowDigest a = new RowDigest(RULES, cols, 0);
        a.addValues(7, new BigDecimal("1.50"));
        RowDigest b = new RowDigest(RULES, cols, 0);
        b.addValues(7, new BigDecimal("1.51"));
        RowDigest c = new RowDigest(RULES, cols, 0);
        c.addValues(7, new BigDecimal("12345678901234567.126"));
        RowDigest e = new RowDigest(RULES, cols, 0);
        e.addValues(7, new BigDecimal("12345678901234567.125"));
        assertThat(b.snapshot().multisetHash()).isNotEqualTo(a.snapshot().multisetHash());
        assertThat(c.snapshot().multisetHash()).as("beyond a double's digits").isNotEqualTo(e.snapshot().multisetHash());
        RowDigest exact1 = new RowDigest(NormalizationRules.exact(), cols, 0);
        exact1.addValues(7, new BigDecimal("1.50"));
        RowDigest exact2 = new RowDigest(NormalizationRules.exact(), cols, 0);
        exact2.addValues(7, new BigDecimal("1.5"));
        assertThat(exact1.snapshot().multisetHash()).as("without the numbers rule the scale counts")
            .isNotEqualTo(exact2.snapshot().multisetHash());
    }

    @Test
    void rowsOfTheWrongWidthAreRefused() {
        RowDigest d = new RowDigest(RULES, TWO, 5);
        assertThatThrownBy(() -> d.add(row(1L))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 values for 2 columns");
        assertThatThrownBy(() -> new RowDigest(RULES, TWO, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
