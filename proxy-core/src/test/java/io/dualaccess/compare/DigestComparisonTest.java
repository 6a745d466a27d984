package io.dualaccess.compare;

import io.dualaccess.compare.ComparisonResult.Difference;
import io.dualaccess.compare.ComparisonResult.MismatchKind;
import io.dualaccess.compare.ComparisonResult.Verdict;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestComparisonTest {

    private static final NormalizationRules RULES = NormalizationRules.defaults();
    private static final List<Column> COLS = List.of(Column.of("id"), Column.of("name"), Column.of("price"));

    private static List<Object[]> base() {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 1; i <= 5; i++) {
            rows.add(new Object[] {i, "n" + i, i * 10});
        }
        return rows;
    }

    private static ResultDigest digest(List<Object[]> rows) {
        return digest(rows, 10, true);
    }

    private static ResultDigest digest(List<Object[]> rows, int keep, boolean complete) {
        return digest(RULES, COLS, rows, keep, complete);
    }

    private static ResultDigest digest(NormalizationRules rules, List<Column> cols, List<Object[]> rows, int keep,
                                       boolean complete) {
        RowDigest d = new RowDigest(rules, cols, keep);
        for (Object[] r : rows) {
            d.add(r);
        }
        if (complete) {
            d.markComplete();
        }
        return d.snapshot();
    }

    private static ComparisonResult compare(List<Object[]> a, List<Object[]> b, boolean ordered) {
        return DigestComparison.compare(digest(a), digest(b), ordered);
    }

    @Test
    void equalResultsMatch() {
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = compare(base(), base(), ordered);
            assertThat(r.verdict()).isEqualTo(Verdict.MATCH);
            assertThat(r.matched()).isTrue();
            assertThat(r.kind()).isNull();
            assertThat(r.rowsA()).isEqualTo(5);
            assertThat(r.rules()).isEqualTo(RULES.describe());
        }
        assertThat(DigestComparison.compare(digest(List.of()), digest(List.of()), false).matched()).isTrue();
    }

    @Test
    void permutedRowsMatchUnorderedAndAreAnOrderMismatchOrdered() {
        List<Object[]> reversed = new ArrayList<>(base());
        java.util.Collections.reverse(reversed);
        assertThat(compare(base(), reversed, false).matched()).isTrue();
        ComparisonResult r = compare(base(), reversed, true);
        assertThat(r.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(r.kind()).isEqualTo(MismatchKind.ORDER);
        assertThat(r.firstDifference().rowA()).isEqualTo(1);
        assertThat(r.firstDifference().column()).isEqualTo("id");
        assertThat(r.firstDifference().valueA()).isEqualTo(1L);
        assertThat(r.firstDifference().valueB()).isEqualTo(5L);
        assertThat(r.onlyInA()).isEmpty();
    }

    @Test
    void aChangedValueIsNamedByRowColumnAndBothValues() {
        List<Object[]> changed = base();
        changed.set(2, new Object[] {3L, "n3", new BigDecimal("30.5")});
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = compare(base(), changed, ordered);
            assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
            Difference d = r.firstDifference();
            assertThat(d.rowA()).isEqualTo(3);
            assertThat(d.rowB()).isEqualTo(3);
            assertThat(d.column()).isEqualTo("price");
            assertThat(d.columnIndex()).isEqualTo(3);
            assertThat(d.valueA()).isEqualTo(30L);
            assertThat(d.valueB()).isEqualTo(new BigDecimal("30.5"));
            assertThat(d.rowValuesA()).containsExactly(3L, "n3", 30L);
            assertThat(r.onlyInA()).hasSize(1);
            assertThat(r.onlyInB()).hasSize(1);
            assertThat(r.beyondKeptRows()).isFalse();
            assertThat(r.summary()).contains("mismatch value").contains("row 3 of A vs row 3 of B, column price (3): 30 vs 30.5")
                .contains("rules: numbers, float-tolerance=1E-9");
        }
    }

    @Test
    void unorderedPairingFindsTheChangedRowWhereverItIs() {
        List<Object[]> a = base();
        List<Object[]> b = new ArrayList<>(base());
        java.util.Collections.reverse(b);
        b.set(0, new Object[] {5L, "changed", 50L});
        ComparisonResult r = compare(a, b, false);
        assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
        assertThat(r.firstDifference().rowA()).isEqualTo(5);
        assertThat(r.firstDifference().rowB()).isEqualTo(1);
        assertThat(r.firstDifference().column()).isEqualTo("name");
        assertThat(r.firstDifference().valueA()).isEqualTo("n5");
        assertThat(r.firstDifference().valueB()).isEqualTo("changed");
    }

    @Test
    void aMissingRowIsARowCountMismatchNamingTheRow() {
        List<Object[]> missing = base();
        missing.remove(3);
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = compare(base(), missing, ordered);
            assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
            assertThat(r.rowsA()).isEqualTo(5);
            assertThat(r.rowsB()).isEqualTo(4);
            assertThat(r.firstDifference().rowA()).isEqualTo(4);
            assertThat(r.firstDifference().rowB()).isZero();
            assertThat(r.firstDifference().column()).isNull();
            assertThat(r.onlyInA()).singleElement().satisfies(k -> {
                assertThat(k.row()).isEqualTo(4);
                assertThat(k.values()).containsExactly(4L, "n4", 40L);
            });
            assertThat(r.onlyInB()).isEmpty();
            assertThat(r.summary()).contains("row 4 of A is not in B: [4, 'n4', 40]");
        }
    }

    @Test
    void anExtraRowIsARowCountMismatchNamingTheRow() {
        List<Object[]> extra = base();
        extra.add(new Object[] {6L, "n6", 60L});
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = compare(base(), extra, ordered);
            assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
            assertThat(r.firstDifference().rowA()).isZero();
            assertThat(r.firstDifference().rowB()).isEqualTo(6);
            assertThat(r.onlyInB()).singleElement().satisfies(k -> assertThat(k.values().get(0)).isEqualTo(6L));
        }
    }

    @Test
    void aDuplicatedRowIsFoundAsTheSecondCopy() {
        List<Object[]> dup = base();
        dup.add(2, dup.get(1));
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = compare(base(), dup, ordered);
            assertThat(r.kind()).isEqualTo(MismatchKind.ROW_COUNT);
            assertThat(r.onlyInA()).isEmpty();
            assertThat(r.onlyInB()).singleElement().satisfies(k -> {
                assertThat(k.row()).isEqualTo(3);
                assertThat(k.values()).containsExactly(2L, "n2", 20L);
            });
            assertThat(r.firstDifference().rowB()).isEqualTo(3);
        }
    }

    @Test
    void multisetsWithTheSameRowsInOtherMultiplicitiesDiffer() {
        Object[] a = {1L, "a", 1L};
        Object[] b = {2L, "b", 2L};
        ComparisonResult r = compare(List.of(a, a, b), List.of(a, b, b), false);
        assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
        assertThat(r.onlyInA()).singleElement().satisfies(k -> assertThat(k.row()).isEqualTo(2));
        assertThat(r.onlyInB()).singleElement().satisfies(k -> assertThat(k.row()).isEqualTo(3));
    }

    @Test
    void nullAndEmptyTextDiffer() {
        List<Object[]> a = base();
        List<Object[]> b = base();
        a.set(1, new Object[] {2L, null, 20L});
        b.set(1, new Object[] {2L, "", 20L});
        ComparisonResult r = compare(a, b, false);
        assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
        assertThat(r.firstDifference().column()).isEqualTo("name");
        assertThat(r.firstDifference().valueA()).isNull();
        assertThat(r.firstDifference().valueB()).isEqualTo("");
        assertThat(r.summary()).contains("NULL vs ''");
    }

    @Test
    void aDifferenceBeyondTheKeptRowsIsSaidSo() {
        List<Object[]> a = new ArrayList<>();
        List<Object[]> b = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
            a.add(new Object[] {i, "x", 1L});
            b.add(new Object[] {i, i == 40 ? "y" : "x", 1L});
        }
        for (boolean ordered : new boolean[] {true, false}) {
            ComparisonResult r = DigestComparison.compare(digest(a, 5, true), digest(b, 5, true), ordered);
            assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
            assertThat(r.beyondKeptRows()).isTrue();
            assertThat(r.firstDifference()).isNull();
            assertThat(r.onlyInA()).isEmpty();
            assertThat(r.summary()).contains(ComparisonResult.BEYOND_KEPT_ROWS);
        }
        b.set(2, new Object[] {2L, "z", 1L});
        ComparisonResult early = DigestComparison.compare(digest(a, 5, true), digest(b, 5, true), true);
        assertThat(early.beyondKeptRows()).isFalse();
        assertThat(early.firstDifference().rowA()).isEqualTo(3);
        // Unordered samples of large results are not the whole results: no row is named.
        ComparisonResult unordered = DigestComparison.compare(digest(a, 5, true), digest(b, 5, true), false);
        assertThat(unordered.beyondKeptRows()).isTrue();
    }

    @Test
    void columnsMustAgreeInNumberAndLabel() {
        List<Column> upper = List.of(Column.of("ID"), Column.of("NAME"), Column.of("PRICE"));
        assertThat(DigestComparison.compare(digest(base()), digest(RULES, upper, base(), 10, true), true).matched())
            .isTrue();

        NormalizationRules caseSensitive = RULES.toBuilder().labelsCaseInsensitive(false).build();
        ComparisonResult r = DigestComparison.compare(digest(caseSensitive, COLS, base(), 10, true),
            digest(caseSensitive, upper, base(), 10, true), true);
        assertThat(r.kind()).isEqualTo(MismatchKind.COLUMNS);
        assertThat(r.firstDifference().columnIndex()).isEqualTo(1);
        assertThat(r.firstDifference().valueA()).isEqualTo("id");
        assertThat(r.firstDifference().valueB()).isEqualTo("ID");

        List<Column> two = List.of(Column.of("id"), Column.of("name"));
        ComparisonResult fewer = DigestComparison.compare(digest(base()),
            digest(RULES, two, List.<Object[]>of(new Object[] {1L, "n1"}), 10, true), false);
        assertThat(fewer.kind()).isEqualTo(MismatchKind.COLUMNS);
        assertThat(fewer.firstDifference().columnIndex()).isEqualTo(3);
        assertThat(fewer.firstDifference().valueB()).isNull();
    }

    @Test
    void partialResults() {
        List<Object[]> rows = base();
        ResultDigest prefixA = digest(rows.subList(0, 2), 10, false);
        ResultDigest prefixB = digest(rows.subList(0, 2), 10, false);
        ResultDigest fullB = digest(rows, 10, true);

        ComparisonResult unordered = DigestComparison.compare(prefixA, prefixB, false);
        assertThat(unordered.verdict()).isEqualTo(Verdict.SKIPPED);
        assertThat(unordered.reason()).isEqualTo(ComparisonResult.PARTIAL);

        ComparisonResult ordered = DigestComparison.compare(prefixA, prefixB, true);
        assertThat(ordered.verdict()).isEqualTo(Verdict.MATCH);
        assertThat(ordered.completeA()).isFalse();

        // B read to its end with exactly the prefix: the prefix matches.
        assertThat(DigestComparison.compare(prefixA, digest(rows.subList(0, 2), 10, true), true).matched()).isTrue();

        // Prefixes of different lengths cannot be compared by hash; the kept rows agree.
        assertThat(DigestComparison.compare(prefixA, digest(rows.subList(0, 3), 10, false), true).verdict())
            .isEqualTo(Verdict.SKIPPED);

        // ...but a kept row that differs is a mismatch even then.
        List<Object[]> changed = base();
        changed.set(1, new Object[] {2L, "other", 20L});
        ComparisonResult differs = DigestComparison.compare(prefixA, digest(changed.subList(0, 3), 10, false), true);
        assertThat(differs.kind()).isEqualTo(MismatchKind.VALUE);
        assertThat(differs.firstDifference().rowA()).isEqualTo(2);

        ComparisonResult prefixDiffers = DigestComparison.compare(prefixA, digest(changed.subList(0, 2), 10, false), true);
        assertThat(prefixDiffers.kind()).isEqualTo(MismatchKind.VALUE);

        // A read to its end with 2 rows while B has read 5: B has more rows, whatever the order.
        ComparisonResult count = DigestComparison.compare(digest(rows.subList(0, 2), 10, true),
            digest(rows, 10, false), false);
        assertThat(count.kind()).isEqualTo(MismatchKind.ROW_COUNT);
        assertThat(DigestComparison.compare(fullB, prefixA, false).verdict()).isEqualTo(Verdict.SKIPPED);
    }

    @Test
    void theRulesThatShapedTheColumnAreNamed() throws Exception {
        List<Column> cols = List.of(Column.of("id"), new Column("code", java.sql.Types.CHAR, "bpchar"));
        RowDigest a = new RowDigest(RULES, cols, 5);
        RowDigest b = new RowDigest(RULES, cols, 5);
        a.addValues(1, "ab        ");
        b.addValues(1L, "abc");
        a.markComplete();
        b.markComplete();
        ComparisonResult r = DigestComparison.compare(a.snapshot(), b.snapshot(), true);
        assertThat(r.firstDifference().column()).isEqualTo("code");
        assertThat(r.firstDifference().rulesApplied()).containsExactly("char-trim");
        assertThat(r.summary()).contains("'ab' vs 'abc' [char-trim]");
    }

    @Test
    void aLostTrailingSpaceInVarcharIsAMismatchNamingColumnAndValues() throws Exception {
        List<Column> cols = List.of(Column.of("id"), new Column("code", java.sql.Types.VARCHAR, "varchar"));
        RowDigest a = new RowDigest(RULES, cols, 5);
        RowDigest b = new RowDigest(RULES, cols, 5);
        a.addValues(1, "abc ");
        b.addValues(1, "abc");
        a.markComplete();
        b.markComplete();
        ComparisonResult r = DigestComparison.compare(a.snapshot(), b.snapshot(), true);
        assertThat(r.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(r.firstDifference().column()).isEqualTo("code");
        assertThat(r.firstDifference().valueA()).isEqualTo("abc ");
        assertThat(r.firstDifference().valueB()).isEqualTo("abc");
        assertThat(r.summary()).contains("'abc ' vs 'abc'").doesNotContain("[char-trim]");
    }

    @Test
    void digestsUnderDifferentRulesAreNotCompared() {
        ResultDigest a = digest(base());
        ResultDigest b = digest(NormalizationRules.exact(), COLS, base(), 10, true);
        assertThatThrownBy(() -> DigestComparison.compare(a, b, true)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("different rules");
    }
}
