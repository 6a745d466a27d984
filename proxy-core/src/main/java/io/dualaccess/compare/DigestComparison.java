package io.dualaccess.compare;

import io.dualaccess.compare.ComparisonResult.Difference;
import io.dualaccess.compare.ComparisonResult.KeptRow;
import io.dualaccess.compare.ComparisonResult.MismatchKind;
import io.dualaccess.compare.ComparisonResult.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the digests of one read on A and on B.
 *
 * <p>Columns first: the same number, with equal labels (case-insensitively under
 * {@code labels-case}). Then rows: a query with ORDER BY compares in order (row counts and ordered
 * hashes), one without as a multiset (row counts and multiset hashes). On a mismatch the kept rows
 * say where: for ordered results the first position where they differ; when the kept rows are the
 * whole results, the rows present on one side only (as multisets: a duplicated row counts), and for
 * unordered results the first row of A that B lacks paired with B's most similar row, naming the
 * first differing column. When the kept rows cannot tell, the result says {@code beyond_kept_rows}.
 *
 * <p>Partially read results (the application closed the result set early): a side that was read to
 * its end with fewer rows than the other side read is a {@code row_count} mismatch. Otherwise an
 * unordered comparison is {@code skipped} ({@code partial}); an ordered one compares the prefix,
 * which needs both digests to cover the same number of rows: the shadow side should read at most as
 * many rows as the authoritative side did.
 */
public final class DigestComparison {

    private DigestComparison() {
    }

    /**
     * @param a the digest of the read on A
     * @param b the digest of the read on B
     * @param ordered whether the query orders its rows (ORDER BY)
     * @throws IllegalArgumentException when the digests were made under different rules
     */
    public static ComparisonResult compare(ResultDigest a, ResultDigest b, boolean ordered) {
        if (!a.rules().equals(b.rules())) {
            throw new IllegalArgumentException("digests made under different rules: " + a.rules() + " vs " + b.rules());
        }
        Report r = new Report(a, b, ordered);
        Difference columns = columnDifference(a, b);
        if (columns != null) {
            return r.mismatch(MismatchKind.COLUMNS, columns, false, null, null);
        }
        long na = a.rowCount();
        long nb = b.rowCount();
        boolean bothComplete = a.complete() && b.complete();
        // A side read to its end has exactly its row count; the other side read more, or ended short.
        boolean countsDiffer = (bothComplete && na != nb) || (a.complete() && nb > na) || (b.complete() && na > nb);
        if (!countsDiffer && !bothComplete) {
            if (!ordered) {
                return r.skipped(ComparisonResult.PARTIAL);
            }
            if (na != nb) {
                // Prefixes of different lengths: the hashes cannot be compared, the kept rows still can.
                Difference d = positional(a, b);
                return d == null ? r.skipped(ComparisonResult.PARTIAL) : r.mismatch(MismatchKind.VALUE, d, false, null, null);
            }
        }
        boolean same = ordered ? a.sameOrderedHash(b) : a.sameMultisetHash(b);
        if (!countsDiffer && same) {
            return r.match();
        }
        MismatchKind kind = countsDiffer ? MismatchKind.ROW_COUNT
            : ordered && a.sameMultisetHash(b) ? MismatchKind.ORDER : MismatchKind.VALUE;
        return locate(r, a, b, ordered, kind);
    }

    private static ComparisonResult locate(Report r, ResultDigest a, ResultDigest b, boolean ordered,
                                           MismatchKind kind) {
        // The kept rows are the whole results only when every digested row was kept on both sides;
        // otherwise a row missing from one sample may well be further down the other result.
        boolean whole = a.allRowsKept() && b.allRowsKept();
        List<KeptRow> onlyA = new ArrayList<>();
        List<KeptRow> onlyB = new ArrayList<>();
        if (whole && kind != MismatchKind.ORDER) {
            oneSided(a.keptRows(), b.keptRows(), onlyA);
            oneSided(b.keptRows(), a.keptRows(), onlyB);
        }
        Difference first;
        if (ordered) {
            if (kind == MismatchKind.ROW_COUNT && whole && (onlyA.isEmpty() != onlyB.isEmpty())) {
                // Rows only missing, or only added: name the first such row rather than the shifted
                // positions after it.
                first = onlyA.isEmpty() ? wholeRow(onlyB.get(0), false) : wholeRow(onlyA.get(0), true);
            } else {
                first = positional(a, b);
                if (first == null && whole) {
                    // One result is a prefix of the other: the first extra row differs.
                    int n = Math.min(a.keptRows().size(), b.keptRows().size());
                    first = a.keptRows().size() > n ? wholeRow(new KeptRow(n + 1, a.keptRows().get(n)), true)
                        : b.keptRows().size() > n ? wholeRow(new KeptRow(n + 1, b.keptRows().get(n)), false) : null;
                }
            }
        } else {
            first = whole ? paired(a, b, onlyA, onlyB) : null;
        }
        return r.mismatch(kind, first, first == null, onlyA, onlyB);
    }

    private static Difference columnDifference(ResultDigest a, ResultDigest b) {
        List<String> la = a.labels();
        List<String> lb = b.labels();
        boolean ignoreCase = a.rules().labelsCaseInsensitive();
        int n = Math.max(la.size(), lb.size());
        for (int i = 0; i < n; i++) {
            String x = i < la.size() ? la.get(i) : null;
            String y = i < lb.size() ? lb.get(i) : null;
            boolean equal = x != null && y != null
                && (x.equals(y) || ignoreCase && x.toLowerCase(Locale.ROOT).equals(y.toLowerCase(Locale.ROOT)));
            if (!equal) {
                return new Difference(0, 0, x != null ? x : y, i + 1, x, y, null, null, List.of());
            }
        }
        return null;
    }

    /** The first kept position where the rows differ, naming the first differing column; null if none. */
    private static Difference positional(ResultDigest a, ResultDigest b) {
        if (a.tieKeys() != null && Arrays.equals(a.tieKeys(), b.tieKeys())) {
            return tied(a, b);
        }
        List<List<Object>> ka = a.keptRows();
        List<List<Object>> kb = b.keptRows();
        int n = Math.min(ka.size(), kb.size());
        for (int i = 0; i < n; i++) {
            if (!ka.get(i).equals(kb.get(i))) {
                return columnDifference(a, b, new KeptRow(i + 1, ka.get(i)), new KeptRow(i + 1, kb.get(i)));
            }
        }
        return null;
    }

    /**
     * For rows ordered by keys with ties: walks the kept rows a tie group at a time. Groups must
     * start at the same position with the same key; within a group the rows compare as a multiset.
     * A group that the kept rows cut short (the result goes on past them) tells nothing.
     */
    private static Difference tied(ResultDigest a, ResultDigest b) {
        int[] keys = a.tieKeys();
        List<List<Object>> ka = a.keptRows();
        List<List<Object>> kb = b.keptRows();
        int n = Math.min(ka.size(), kb.size());
        int i = 0;
        while (i < n) {
            if (!sameKey(keys, ka.get(i), kb.get(i))) {
                return columnDifference(a, b, new KeptRow(i + 1, ka.get(i)), new KeptRow(i + 1, kb.get(i)));
            }
            int ea = groupEnd(keys, ka, i);
            int eb = groupEnd(keys, kb, i);
            if (ea == ka.size() && !a.allRowsKept() || eb == kb.size() && !b.allRowsKept()) {
                return null;
            }
            List<KeptRow> onlyA = new ArrayList<>();
            List<KeptRow> onlyB = new ArrayList<>();
            oneSided(ka.subList(i, ea), kb.subList(i, eb), onlyA, i);
            oneSided(kb.subList(i, eb), ka.subList(i, ea), onlyB, i);
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                return paired(a, b, onlyA, onlyB);
            }
            i = ea;
        }
        return null;
    }

    static boolean sameKey(int[] keys, List<Object> x, List<Object> y) {
        for (int k : keys) {
            if (!Objects.equals(x.get(k), y.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The end (exclusive) of the tie group that starts at {@code from}. */
    private static int groupEnd(int[] keys, List<List<Object>> rows, int from) {
        int e = from + 1;
        while (e < rows.size() && sameKey(keys, rows.get(from), rows.get(e))) {
            e++;
        }
        return e;
    }

    static Difference columnDifference(ResultDigest a, ResultDigest b, KeptRow ra, KeptRow rb) {
        List<Object> x = ra.values();
        List<Object> y = rb.values();
        for (int j = 0; j < x.size(); j++) {
            if (!Objects.equals(x.get(j), y.get(j))) {
                return new Difference(ra.row(), rb.row(), a.labels().get(j), j + 1, x.get(j), y.get(j), x, y,
                    Rule.names(a.columnRuleBits(j) | b.columnRuleBits(j)));
            }
        }
        return null;
    }

    static Difference wholeRow(KeptRow row, boolean inA) {
        return new Difference(inA ? row.row() : 0, inA ? 0 : row.row(), null, 0, null, null,
            inA ? row.values() : null, inA ? null : row.values(), List.of());
    }

    /** Rows of {@code from} not matched by a row of {@code other}, each row of other matching once. */
    private static void oneSided(List<List<Object>> from, List<List<Object>> other, List<KeptRow> out) {
        oneSided(from, other, out, 0);
    }

    /** As above; {@code offset} rows precede {@code from} in its result (positions are the result's). */
    static void oneSided(List<List<Object>> from, List<List<Object>> other, List<KeptRow> out, int offset) {
        Map<List<Object>, Integer> available = new HashMap<>();
        for (List<Object> row : other) {
            available.merge(row, 1, Integer::sum);
        }
        for (int i = 0; i < from.size(); i++) {
            List<Object> row = from.get(i);
            Integer left = available.get(row);
            if (left == null || left == 0) {
                out.add(new KeptRow(offset + i + 1, row));
            } else {
                available.put(row, left - 1);
            }
        }
    }

    /**
     * For unordered results: the first row of A that B lacks, against B's one-sided row that shares
     * the most values with it (the same row with a changed value, usually). A row with no such
     * partner is reported as missing from B; with nothing missing from B, the first extra row of B.
     */
    static Difference paired(ResultDigest a, ResultDigest b, List<KeptRow> onlyA, List<KeptRow> onlyB) {
        if (onlyA.isEmpty()) {
            return onlyB.isEmpty() ? null : wholeRow(onlyB.get(0), false);
        }
        KeptRow ra = onlyA.get(0);
        KeptRow best = null;
        int bestShared = -1;
        for (KeptRow rb : onlyB) {
            int shared = 0;
            for (int j = 0; j < ra.values().size(); j++) {
                shared += Objects.equals(ra.values().get(j), rb.values().get(j)) ? 1 : 0;
            }
            if (shared > bestShared) {
                best = rb;
                bestShared = shared;
            }
        }
        int width = ra.values().size();
        if (best == null || (bestShared == 0 && width > 1)) {
            return wholeRow(ra, true);
        }
        return columnDifference(a, b, ra, best);
    }

    // Everything a result repeats, so each outcome above is one line.
    private record Report(ResultDigest a, ResultDigest b, boolean ordered) {

        ComparisonResult match() {
            return new ComparisonResult(Verdict.MATCH, null, null, ordered, a.rowCount(), b.rowCount(), a.complete(),
                b.complete(), null, null, null, false, a.rules().describe(), orderKeys(), strictOrder());
        }

        ComparisonResult skipped(String reason) {
            return new ComparisonResult(Verdict.SKIPPED, null, reason, ordered, a.rowCount(), b.rowCount(),
                a.complete(), b.complete(), null, null, null, false, a.rules().describe(), orderKeys(), strictOrder());
        }

        ComparisonResult mismatch(MismatchKind kind, Difference first, boolean beyond, List<KeptRow> onlyA,
                                  List<KeptRow> onlyB) {
            return new ComparisonResult(Verdict.MISMATCH, kind, null, ordered, a.rowCount(), b.rowCount(),
                a.complete(), b.complete(), first, onlyA, onlyB, beyond, a.rules().describe(), orderKeys(),
                strictOrder());
        }

        private List<String> orderKeys() {
            return ordered ? a.orderKeys() : List.of();
        }

        private String strictOrder() {
            return ordered && a.orderKeys().isEmpty() ? a.strictOrderReason() : null;
        }
    }
}
