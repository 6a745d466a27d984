package io.dualaccess.compare;

import io.dualaccess.compare.ComparisonResult.MismatchKind;
import io.dualaccess.compare.ComparisonResult.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows tied on the ORDER BY keys may come in any order on either engine: within a tie group they
 * compare as a multiset, the groups in order; an ORDER BY that cannot be resolved compares strictly
 * and says so.
 */
class TieGroupTest {

    private static final NormalizationRules RULES = NormalizationRules.defaults();
    private static final List<Column> COLS = List.of(Column.of("grp"), Column.of("name"), Column.of("qty"));

    private static List<Object[]> rows(Object[]... r) {
        return new ArrayList<>(List.of(r));
    }

    private static ResultDigest digest(List<Object[]> rows, int keep, List<String> keys, String strict, boolean complete)
        throws Exception {
        RowDigest d = new RowDigest(RULES, COLS, keep).tiesBy(keys, strict);
        for (Object[] r : rows) {
            d.addValues(r);
        }
        if (complete) {
            d.markComplete();
        }
        return d.snapshot();
    }

    private static ComparisonResult compare(List<Object[]> a, List<Object[]> b, int keep, List<String> keys) throws Exception {
        return DigestComparison.compare(digest(a, keep, keys, null, true), digest(b, keep, keys, null, true), true);
    }

    private static List<Object[]> groups() {
        return rows(new Object[] {1, "a", 10}, new Object[] {1, "b", 20}, new Object[] {1, "c", 30},
            new Object[] {2, "d", 40}, new Object[] {2, "e", 50}, new Object[] {3, "f", 60});
    }

    /** The same groups with each group's rows in another order. */
    private static List<Object[]> shuffledWithinGroups() {
        return rows(new Object[] {1, "c", 30}, new Object[] {1, "a", 10}, new Object[] {1, "b", 20},
            new Object[] {2, "e", 50}, new Object[] {2, "d", 40}, new Object[] {3, "f", 60});
    }

    @Test
    void tiesInAnotherOrderMatchWhetherKeptOrOnlyHashed() throws Exception {
        for (int keep : new int[] {0, 2, 20}) {
            for (List<String> keys : List.of(List.of("grp"), List.of("#1"), List.of("GRP"))) {
                ComparisonResult r = compare(groups(), shuffledWithinGroups(), keep, keys);
                assertThat(r.verdict()).as("keep %d, keys %s", keep, keys).isEqualTo(Verdict.MATCH);
                assertThat(r.orderKeys()).containsExactly("grp");
            }
        }
    }

    @Test
    void groupsInAnotherOrderAreStillAnOrderMismatch() throws Exception {
        List<Object[]> swapped = groups();
        Collections.swap(swapped, 3, 5); // group 3 now comes between the rows of group 2
        ComparisonResult r = compare(groups(), swapped, 20, List.of("grp"));
        assertThat(r.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(r.kind()).isEqualTo(MismatchKind.ORDER);
        assertThat(r.firstDifference().rowA()).isEqualTo(4);
        assertThat(r.firstDifference().column()).isEqualTo("grp");
        assertThat(r.firstDifference().valueA()).isEqualTo(2L);
        assertThat(r.firstDifference().valueB()).isEqualTo(3L);
    }

    @Test
    void aChangedValueInsideATieGroupIsNamedWithItsRow() throws Exception {
        List<Object[]> b = shuffledWithinGroups();
        b.set(4, new Object[] {2, "d", 41}); // B's row d (its 5th) has qty 41, A's row d (its 4th) has 40
        ComparisonResult r = compare(groups(), b, 20, List.of("grp"));
        assertThat(r.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(r.kind()).isEqualTo(MismatchKind.VALUE);
        assertThat(r.firstDifference().rowA()).isEqualTo(4);
        assertThat(r.firstDifference().rowB()).isEqualTo(5);
        assertThat(r.firstDifference().column()).isEqualTo("qty");
        assertThat(r.firstDifference().valueA()).isEqualTo(40L);
        assertThat(r.firstDifference().valueB()).isEqualTo(41L);
        assertThat(r.summary()).contains("by grp (ties as multisets)");
    }

    @Test
    void anUnresolvableKeyComparesStrictlyAndSaysWhy() throws Exception {
        ResultDigest a = digest(groups(), 20, List.of(), "order key lower(name) is not a result column", true);
        ResultDigest b = digest(shuffledWithinGroups(), 20, List.of(), "order key lower(name) is not a result column", true);
        ComparisonResult r = DigestComparison.compare(a, b, true);
        assertThat(r.kind()).isEqualTo(MismatchKind.ORDER);
        assertThat(r.orderKeys()).isEmpty();
        assertThat(r.strictOrder()).isEqualTo("order key lower(name) is not a result column");
        // A key that is not among the result's columns cannot tell ties either.
        ResultDigest c = digest(groups(), 20, List.of("id"), null, true);
        assertThat(c.orderKeys()).isEmpty();
        assertThat(c.strictOrderReason()).isEqualTo("order key id is not a compared result column");
    }

    @Test
    void aPrefixThatCutsATieGroupComparesTheWholeGroupsBeforeIt() throws Exception {
        // The application read 4 rows: group 1 whole and one row of group 2 (B's prefix holds another row of it).
        ResultDigest a = digest(groups().subList(0, 4), 20, List.of("grp"), null, false);
        ResultDigest b = digest(shuffledWithinGroups().subList(0, 4), 20, List.of("grp"), null, false);
        assertThat(DigestComparison.compare(a, b, true).verdict()).isEqualTo(Verdict.MATCH);
        List<Object[]> changed = shuffledWithinGroups().subList(0, 4);
        changed.set(0, new Object[] {1, "c", 31});
        ResultDigest b2 = digest(changed, 20, List.of("grp"), null, false);
        ComparisonResult r = DigestComparison.compare(a, b2, true);
        assertThat(r.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(r.firstDifference().column()).isEqualTo("qty");
        assertThat(r.firstDifference().valueA()).isEqualTo(30L);
        assertThat(r.firstDifference().valueB()).isEqualTo(31L);
    }
}
