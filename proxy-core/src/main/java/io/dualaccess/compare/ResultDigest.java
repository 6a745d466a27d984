package io.dualaccess.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable snapshot of a {@link RowDigest}: what crosses from the thread that read a result to
 * the comparison. Holds no JDBC object.
 */
public final class ResultDigest {

    private final NormalizationRules rules;
    private final List<String> labels;
    private final long rowCount;
    private final boolean complete;
    private final long ordered1;
    private final long ordered2;
    private final long multiset1;
    private final long multiset2;
    private final int keepRows;
    private final List<List<Object>> keptRows;
    private final int[] columnRules;
    private final int[] tieKeys;
    private final List<String> tieLabels;
    private final String strictOrderReason;

    ResultDigest(NormalizationRules rules, List<String> labels, long rowCount, boolean complete, long ordered1,
                 long ordered2, long multiset1, long multiset2, int keepRows, List<List<Object>> keptRows,
                 int[] columnRules) {
        this(rules, labels, rowCount, complete, ordered1, ordered2, multiset1, multiset2, keepRows, keptRows,
            columnRules, null, List.of(), null);
    }

    ResultDigest(NormalizationRules rules, List<String> labels, long rowCount, boolean complete, long ordered1,
                 long ordered2, long multiset1, long multiset2, int keepRows, List<List<Object>> keptRows,
                 int[] columnRules, int[] tieKeys, List<String> tieLabels, String strictOrderReason) {
        this.tieKeys = tieKeys;
        this.tieLabels = tieLabels;
        this.strictOrderReason = strictOrderReason;
        this.rules = rules;
        this.labels = labels;
        this.rowCount = rowCount;
        this.complete = complete;
        this.ordered1 = ordered1;
        this.ordered2 = ordered2;
        this.multiset1 = multiset1;
        this.multiset2 = multiset2;
        this.keepRows = keepRows;
        this.keptRows = List.copyOf(keptRows);
        this.columnRules = columnRules;
    }

    // Canonical values are immutable and the array is never written again, so a view suffices.
    static List<Object> row(Object[] values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * The labels of the ORDER BY keys rows tied on compare as a multiset within (see
     * {@link RowDigest#tiesBy}); empty when rows compare in strict order.
     */
    public List<String> orderKeys() {
        return tieLabels;
    }

    /** Why an ordered read compares ties in strict order (a key that is no result column), or null. */
    public String strictOrderReason() {
        return strictOrderReason;
    }

    /**
     * Compared columns (0-based) named by labels (case-insensitively) or {@code #n} (the n-th compared
     * column): each must name exactly one. Null when one does not, or no names are given.
     */
    public int[] columns(List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        int[] out = new int[names.size()];
        for (int k = 0; k < out.length; k++) {
            String name = names.get(k);
            int found = -1;
            if (name.startsWith("#")) {
                try {
                    int n = Integer.parseInt(name.substring(1));
                    found = n >= 1 && n <= labels.size() ? n - 1 : -1;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                for (int j = 0; j < labels.size(); j++) {
                    if (labels.get(j) != null && labels.get(j).equalsIgnoreCase(name)) {
                        if (found >= 0) {
                            return null;
                        }
                        found = j;
                    }
                }
            }
            if (found < 0) {
                return null;
            }
            out[k] = found;
        }
        return out;
    }

    /** The compared columns (0-based) rows tie on, or null when there are none. */
    public int[] tieColumns() {
        return tieKeys == null ? null : tieKeys.clone();
    }

    /** The ORDER BY keys as compared columns (0-based), or null for strict order. */
    int[] tieKeys() {
        return tieKeys;
    }

    /** The rules the rows were normalised by. */
    public NormalizationRules rules() {
        return rules;
    }

    /** Labels of the compared columns. */
    public List<String> labels() {
        return labels;
    }

    /** Rows digested. */
    public long rowCount() {
        return rowCount;
    }

    /** Whether the result was read to its end (else the digest covers a prefix of it). */
    public boolean complete() {
        return complete;
    }

    /** The most rows kept ({@code keep-rows}). */
    public int keepRows() {
        return keepRows;
    }

    /** The first rows, canonical values (nulls allowed), at most {@link #keepRows()}. */
    public List<List<Object>> keptRows() {
        return keptRows;
    }

    /** Whether every digested row is kept, so the kept rows are the whole (read) result. */
    public boolean allRowsKept() {
        return keptRows.size() == rowCount;
    }

    /**
     * The order-sensitive hash, 32 hex digits: rows chained in order, or with ORDER BY keys, tie
     * groups chained in order (each group's rows as a multiset). For a result not read to its end,
     * the last tie group is left out (the other side's prefix may hold other rows of that tie).
     */
    public String orderedHash() {
        return hex(ordered1, ordered2);
    }

    /** The order-insensitive (multiset) hash, 32 hex digits. */
    public String multisetHash() {
        return hex(multiset1, multiset2);
    }

    boolean sameOrderedHash(ResultDigest o) {
        return ordered1 == o.ordered1 && ordered2 == o.ordered2;
    }

    boolean sameMultisetHash(ResultDigest o) {
        return multiset1 == o.multiset1 && multiset2 == o.multiset2;
    }

    /** The rules that shaped values of a compared column (0-based), as read so far. */
    public List<String> rulesApplied(int column) {
        return Rule.names(columnRules[column]);
    }

    int columnRuleBits(int column) {
        return column < columnRules.length ? columnRules[column] : 0;
    }

    private static String hex(long a, long b) {
        return String.format("%016x%016x", a, b);
    }

    /**
     * The same digest under other column labels (same number of columns), else this one: a read
     * translated for the other engine is compared by position under A's labels, since engines
     * label expressions differently ({@code count} and {@code count(p.id)}) and a renamed column
     * is the same column.
     */
    public ResultDigest labeled(List<String> others) {
        if (others == null || others.size() != labels.size() || others.equals(labels)) {
            return this;
        }
        List<String> relabeled = List.copyOf(others);
        // The tie groups stay what they were (they shaped the ordered hash); only their names change.
        List<String> ties = tieLabels;
        if (tieKeys != null) {
            List<String> names = new ArrayList<>(tieKeys.length);
            for (int k : tieKeys) {
                names.add(relabeled.get(k));
            }
            ties = List.copyOf(names);
        }
        return new ResultDigest(rules, relabeled, rowCount, complete, ordered1, ordered2, multiset1, multiset2,
            keepRows, keptRows, columnRules, tieKeys, ties, strictOrderReason);
    }

    @Override
    public String toString() {
        return "ResultDigest{" + rowCount + " rows" + (complete ? "" : " (partial)") + ", columns " + labels
            + ", ordered " + orderedHash() + ", multiset " + multisetHash() + ", kept " + keptRows.size() + "}";
    }
}
