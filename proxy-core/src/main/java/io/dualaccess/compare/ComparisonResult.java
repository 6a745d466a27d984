package io.dualaccess.compare;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * How two digests of one read compared: {@code match}, {@code mismatch} (with its kind and, as far
 * as the kept rows tell, where) or {@code skipped} (with the reason). Immutable. Sides are named A
 * and B, the databases, whichever side was authoritative (as in the comparison log).
 *
 * @param verdict match, mismatch or skipped
 * @param kind what differs, for a mismatch; null otherwise
 * @param reason why the comparison was skipped ({@link #PARTIAL}); null otherwise
 * @param ordered whether rows were compared in order (the query had ORDER BY) or as a multiset
 * @param rowsA rows digested on A
 * @param rowsB rows digested on B
 * @param completeA whether A's result was read to its end
 * @param completeB whether B's result was read to its end
 * @param firstDifference the first difference found in the kept rows, or null (none, or beyond them)
 * @param onlyInA kept rows of A that B lacks (counting duplicates), when the kept rows are the whole
 *                results; else empty
 * @param onlyInB kept rows of B that A lacks, likewise
 * @param beyondKeptRows whether the results differ but the difference lies beyond the kept rows
 *                       ({@code beyond_kept_rows}): the kind is known, the row is not
 * @param rules the rules in force, with their parameters
 * @param orderKeys for an ordered comparison, the ORDER BY keys (labels) rows tied on compared as a
 *                  multiset within; empty when rows compared in strict order (or unordered)
 * @param strictOrder why an ordered comparison compared ties in strict order (an ORDER BY key that
 *                    is no result column), or null
 */
public record ComparisonResult(Verdict verdict, MismatchKind kind, String reason, boolean ordered,
                               long rowsA, long rowsB, boolean completeA, boolean completeB,
                               Difference firstDifference, List<KeptRow> onlyInA, List<KeptRow> onlyInB,
                               boolean beyondKeptRows, List<String> rules, List<String> orderKeys,
                               String strictOrder) {

    /** The reason of a skipped comparison: an unordered result was not read to its end on a side. */
    public static final String PARTIAL = "partial";
    /** How reports name a difference that lies beyond the kept rows. */
    public static final String BEYOND_KEPT_ROWS = "beyond_kept_rows";

    private static final int SHOWN_CHARS = 200;

    public ComparisonResult {
        onlyInA = onlyInA == null ? List.of() : List.copyOf(onlyInA);
        onlyInB = onlyInB == null ? List.of() : List.copyOf(onlyInB);
        rules = List.copyOf(rules);
        orderKeys = orderKeys == null ? List.of() : List.copyOf(orderKeys);
    }

    /** How a comparison ended; {@link #value()} is the spelling of the comparison log. */
    public enum Verdict {
        /** The results agree under the rules (for a partial ordered read: on the prefix read). */
        MATCH,
        /** The results differ. */
        MISMATCH,
        /** The results could not be compared; {@code reason} says why. */
        SKIPPED;

        /** Lower case, as logged. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What differs; {@link #value()} is the spelling of reports ({@code row_count}). */
    public enum MismatchKind {
        /** Different column counts or labels. */
        COLUMNS,
        /** Different numbers of rows. */
        ROW_COUNT,
        /** The same number of rows, different values. */
        VALUE,
        /** The same rows in a different order, where the order matters. */
        ORDER;

        /** Lower case, as reported. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A kept row.
     *
     * @param row its position in its result, from 1
     * @param values its canonical values
     */
    public record KeptRow(long row, List<Object> values) {
    }

    /**
     * Where two results differ.
     *
     * @param rowA the row's position in A, from 1; 0 when the row is in B only (or for column differences)
     * @param rowB the row's position in B, from 1; 0 when the row is in A only
     * @param column the label of the first differing column (A's); null when a whole row is on one side only
     * @param columnIndex that column's position among the compared columns, from 1; 0 with no column
     * @param valueA A's canonical value (for a {@code columns} mismatch: A's label)
     * @param valueB B's canonical value (for a {@code columns} mismatch: B's label)
     * @param rowValuesA A's whole row, or null
     * @param rowValuesB B's whole row, or null
     * @param rulesApplied the rules that shaped this column's values, on either side
     */
    public record Difference(long rowA, long rowB, String column, int columnIndex, Object valueA, Object valueB,
                             List<Object> rowValuesA, List<Object> rowValuesB, List<String> rulesApplied) {
    }

    /**
     * This mismatch with the rows a re-read found past the kept rows ({@link DifferenceFinder}); it
     * stays {@link #beyondKeptRows()}.
     */
    public ComparisonResult located(DifferenceFinder.Found found) {
        return new ComparisonResult(verdict, kind, reason, ordered, rowsA, rowsB, completeA, completeB, found.first(),
            found.onlyInA(), found.onlyInB(), beyondKeptRows, rules, orderKeys, strictOrder);
    }

    /** Whether the results matched. */
    public boolean matched() {
        return verdict == Verdict.MATCH;
    }

    /** One line for logs and test failures. */
    public String summary() {
        StringBuilder s = new StringBuilder(verdict.value());
        if (kind != null) {
            s.append(' ').append(kind.value());
        }
        if (reason != null) {
            s.append(" (").append(reason).append(')');
        }
        s.append(ordered ? ", ordered" : ", unordered");
        if (!orderKeys.isEmpty()) {
            s.append(" by ").append(String.join(", ", orderKeys)).append(" (ties as multisets)");
        } else if (strictOrder != null) {
            s.append(" strictly (").append(strictOrder).append(')');
        }
        s.append(": A ").append(rowsA).append(" rows").append(completeA ? "" : " (partial)");
        s.append(", B ").append(rowsB).append(" rows").append(completeB ? "" : " (partial)");
        Difference d = firstDifference;
        if (d != null) {
            s.append("; ");
            if (kind == MismatchKind.COLUMNS) {
                s.append("column ").append(d.columnIndex()).append(": ").append(show(d.valueA())).append(" vs ")
                    .append(show(d.valueB()));
            } else if (d.column() == null) {
                s.append(d.rowA() > 0
                    ? "row " + d.rowA() + " of A is not in B: " + show(d.rowValuesA())
                    : "row " + d.rowB() + " of B is not in A: " + show(d.rowValuesB()));
            } else {
                s.append("row ").append(d.rowA()).append(" of A vs row ").append(d.rowB()).append(" of B, column ")
                    .append(d.column()).append(" (").append(d.columnIndex()).append("): ").append(show(d.valueA()))
                    .append(" vs ").append(show(d.valueB()));
                if (!d.rulesApplied().isEmpty()) {
                    s.append(" [").append(String.join(", ", d.rulesApplied())).append(']');
                }
            }
        }
        if (beyondKeptRows) {
            s.append("; ").append(BEYOND_KEPT_ROWS);
        }
        if (!onlyInA.isEmpty() || !onlyInB.isEmpty()) {
            s.append("; only in A: ").append(onlyInA.size()).append(" rows, only in B: ").append(onlyInB.size())
                .append(" rows");
        }
        if (verdict == Verdict.MISMATCH) {
            s.append("; rules: ").append(String.join(", ", rules));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    /** A canonical value as reports show it: NULL apart from '' and numbers apart from text. */
    public static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String s) {
            String t = s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "..." : s;
            return "'" + t.replace("'", "''") + "'";
        }
        if (v instanceof BigDecimal d) {
            return d.abs().compareTo(BigDecimal.valueOf(1, -40)) < 0 && d.scale() < 40 ? d.toPlainString() : d.toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? ", " : "").append(show(l.get(i)));
            }
            return b.append(']').toString();
        }
        return v.toString();
    }
}
