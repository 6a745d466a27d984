package io.dualaccess.compare;

import io.dualaccess.compare.ComparisonResult.Difference;
import io.dualaccess.compare.ComparisonResult.KeptRow;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Finds the rows that differ when the digests say two results differ but the kept rows do not say
 * where ({@code beyond_kept_rows}): the read is run again on both sides and walked here, holding a
 * bounded number of rows.
 *
 * <p>Ordered results are walked in step, a tie group at a time: the first position (or tie group)
 * where they part is the difference, with both rows. Unordered results take two passes: the first
 * sums row hashes into {@value #BUCKETS} buckets by the row's key (its primary key or GROUP BY
 * columns; the whole row when it has none), the second keeps the rows of the first few buckets
 * that differ, which then compare as multisets. A row on one side and a row with the same key on
 * the other are one changed row, named by its column; without a key, the most similar rows pair up
 * as with the kept rows. Nothing is found when a tie group or the rows of the differing buckets
 * exceed {@value #MAX_ROWS} (the difference then stays {@code beyond_kept_rows}).
 */
public final class DifferenceFinder {

    /** Buckets of the unordered first pass (a power of two). */
    public static final int BUCKETS = 1024;
    /** Rows held per side: a tie group, or the rows of the differing buckets. */
    public static final int MAX_ROWS = 1000;
    /** Differing buckets whose rows the second pass keeps. */
    static final int MAX_BUCKETS = 4;

    private DifferenceFinder() {
    }

    /**
     * What was found: the first difference and the rows on one side only (among the rows looked at).
     *
     * @param first the first difference, as {@link ComparisonResult#firstDifference()}
     * @param onlyInA rows of A that B lacks among those compared
     * @param onlyInB rows of B that A lacks among those compared
     */
    public record Found(Difference first, List<KeptRow> onlyInA, List<KeptRow> onlyInB) {
    }

    /**
     * Walks two ordered results in step.
     *
     * @param da A's digest (labels, rules applied, tie keys)
     * @param db B's digest
     * @param limit the most rows to walk per side (the prefix the application read), or Long.MAX_VALUE
     * @return what differs, or null when nothing was found within the bounds
     */
    public static Found ordered(ResultDigest da, ResultDigest db, CanonicalRows a, CanonicalRows b, long limit)
        throws SQLException {
        int[] keys = da.tieKeys();
        List<Object> ra = next(a, limit);
        List<Object> rb = next(b, limit);
        while (true) {
            if (ra == null && rb == null) {
                return null;
            }
            if (ra == null || rb == null) {
                KeptRow row = ra != null ? new KeptRow(a.position(), ra) : new KeptRow(b.position(), rb);
                return new Found(DigestComparison.wholeRow(row, ra != null), ra != null ? List.of(row) : List.of(),
                    ra != null ? List.of() : List.of(row));
            }
            if (keys == null || !DigestComparison.sameKey(keys, ra, rb)) {
                if (!ra.equals(rb)) {
                    Difference d = DigestComparison.columnDifference(da, db, new KeptRow(a.position(), ra),
                        new KeptRow(b.position(), rb));
                    return new Found(d, List.of(), List.of());
                }
                ra = next(a, limit);
                rb = next(b, limit);
                continue;
            }
            // A tie group on each side: the rows sharing the first row's key.
            long startA = a.position();
            long startB = b.position();
            List<List<Object>> ga = new ArrayList<>();
            List<List<Object>> gb = new ArrayList<>();
            List<Object> first = ra;
            while (ra != null && DigestComparison.sameKey(keys, first, ra)) {
                ga.add(ra);
                if (ga.size() > MAX_ROWS) {
                    return null;
                }
                ra = next(a, limit);
            }
            while (rb != null && DigestComparison.sameKey(keys, first, rb)) {
                gb.add(rb);
                if (gb.size() > MAX_ROWS) {
                    return null;
                }
                rb = next(b, limit);
            }
            List<KeptRow> onlyA = new ArrayList<>();
            List<KeptRow> onlyB = new ArrayList<>();
            DigestComparison.oneSided(ga, gb, onlyA, (int) (startA - 1));
            DigestComparison.oneSided(gb, ga, onlyB, (int) (startB - 1));
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                return new Found(DigestComparison.paired(da, db, onlyA, onlyB), onlyA, onlyB);
            }
        }
    }

    private static List<Object> next(CanonicalRows rows, long limit) throws SQLException {
        return rows.position() >= limit ? null : rows.next();
    }

    /**
     * The first pass over an unordered result: per bucket of the row's key, a sum of row hashes.
     *
     * @param keys the key columns (0-based, among the compared ones), or null to bucket by the whole row
     */
    public static long[] buckets(CanonicalRows rows, int[] keys) throws SQLException {
        long[] sums = new long[BUCKETS];
        for (List<Object> row = rows.next(); row != null; row = rows.next()) {
            sums[bucket(row, keys)] += RowHasher.fmix64(row.hashCode() * 0x9e3779b97f4a7c15L + 1);
        }
        return sums;
    }

    /** The buckets whose sums differ, at most {@link #MAX_BUCKETS}. */
    public static int[] differing(long[] a, long[] b) {
        int[] out = new int[MAX_BUCKETS];
        int n = 0;
        for (int i = 0; i < BUCKETS && n < MAX_BUCKETS; i++) {
            if (a[i] != b[i]) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The second pass: the rows of the given buckets, with their positions; null past {@link #MAX_ROWS}. */
    public static List<KeptRow> collect(CanonicalRows rows, int[] keys, int[] buckets) throws SQLException {
        List<KeptRow> out = new ArrayList<>();
        for (List<Object> row = rows.next(); row != null; row = rows.next()) {
            int bucket = bucket(row, keys);
            for (int wanted : buckets) {
                if (wanted == bucket) {
                    out.add(new KeptRow(rows.position(), row));
                    if (out.size() > MAX_ROWS) {
                        return null;
                    }
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Compares the rows the second pass kept as multisets: a row of A and a row of B with the same
     * key are one changed row; other rows are on one side only.
     *
     * @param keys the key columns, or null
     * @return what differs, or null when those rows agree
     */
    public static Found unordered(ResultDigest da, ResultDigest db, List<KeptRow> rowsA, List<KeptRow> rowsB, int[] keys) {
        List<List<Object>> va = rowsA.stream().map(KeptRow::values).toList();
        List<List<Object>> vb = rowsB.stream().map(KeptRow::values).toList();
        List<KeptRow> onlyA = positioned(va, vb, rowsA);
        List<KeptRow> onlyB = positioned(vb, va, rowsB);
        if (onlyA.isEmpty() && onlyB.isEmpty()) {
            return null;
        }
        if (keys != null) {
            for (KeptRow x : onlyA) {
                for (KeptRow y : onlyB) {
                    if (DigestComparison.sameKey(keys, x.values(), y.values())) {
                        return new Found(DigestComparison.columnDifference(da, db, x, y), onlyA, onlyB);
                    }
                }
            }
            KeptRow row = onlyA.isEmpty() ? onlyB.get(0) : onlyA.get(0);
            return new Found(DigestComparison.wholeRow(row, !onlyA.isEmpty()), onlyA, onlyB);
        }
        return new Found(DigestComparison.paired(da, db, onlyA, onlyB), onlyA, onlyB);
    }

    /** Rows of {@code from} that {@code other} lacks, with the positions {@code rows} gives them. */
    private static List<KeptRow> positioned(List<List<Object>> from, List<List<Object>> other, List<KeptRow> rows) {
        List<KeptRow> local = new ArrayList<>();
        DigestComparison.oneSided(from, other, local, 0);
        List<KeptRow> out = new ArrayList<>(local.size());
        for (KeptRow k : local) {
            out.add(rows.get((int) k.row() - 1));
        }
        return out;
    }

    private static int bucket(List<Object> row, int[] keys) {
        int h;
        if (keys == null) {
            h = row.hashCode();
        } else {
            h = 1;
            for (int k : keys) {
                h = 31 * h + Objects.hashCode(row.get(k));
            }
        }
        return (int) (RowHasher.fmix64(h) & (BUCKETS - 1));
    }
}
