package io.dualaccess.verify;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.keyset.WholeRows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verify of a table without a key: whole-row multisets compared bucket by bucket
 * ({@link WholeRows}). A differing bucket is collected on both sides and every distinct row whose
 * number of copies differs is a difference: {@code missing} (A holds more copies) or {@code extra}
 * (B holds more), one per copy, its "key" being the whole row. The differing buckets are collected
 * twice: a row that differed only in the first pass changed during the scan ({@code transient}).
 * A changed value shows as one missing and one extra row.
 */
final class WholeRowVerify {

    /** Rows held at once while collecting differing buckets (per side); more buckets take more scans. */
    static final long MAX_ROWS_HELD = 200_000;

    private final TablePair pair;
    private final Connection a;
    private final Connection b;
    private final NormalizationRules rules;
    private final int chunkSize;
    private final int listLimit;
    private final List<DifferenceSink> sinks;
    private final Runnable beforeRecheck;

    WholeRowVerify(TablePair pair, Connection a, Connection b, NormalizationRules rules, int chunkSize, int listLimit,
                   List<DifferenceSink> sinks, Runnable beforeRecheck) {
        this.pair = pair;
        this.a = a;
        this.b = b;
        this.rules = rules;
        this.chunkSize = chunkSize;
        this.listLimit = listLimit;
        this.sinks = sinks;
        this.beforeRecheck = beforeRecheck;
    }

    TableReport run() throws SQLException {
        List<String> labels = pair.labels();
        WholeRows probe = new WholeRows(pair.a(), labels, rules, 1);
        int buckets = WholeRows.buckets(Math.max(probe.count(a), new WholeRows(pair.b(), labels, rules, 1).count(b)), chunkSize);
        WholeRows onA = new WholeRows(pair.a(), labels, rules, buckets);
        WholeRows onB = new WholeRows(pair.b(), labels, rules, buckets);
        ResultDigest[] da = onA.digests(a);
        ResultDigest[] db = onB.digests(b);
        long rowsA = Arrays.stream(da).mapToLong(d -> d == null ? 0 : d.rowCount()).sum();
        long rowsB = Arrays.stream(db).mapToLong(d -> d == null ? 0 : d.rowCount()).sum();
        BitSet differing = WholeRows.differing(da, db);
        long missing = 0;
        long extra = 0;
        long transients = 0;
        List<Difference> listed = new ArrayList<>();
        // Differing buckets in groups small enough to hold: about chunkSize rows a bucket.
        int perGroup = (int) Math.max(1, MAX_ROWS_HELD / Math.max(1, chunkSize));
        for (int from = differing.nextSetBit(0); from >= 0; ) {
            BitSet group = new BitSet(buckets);
            int n = 0;
            int i = from;
            for (; i >= 0 && n < perGroup; i = differing.nextSetBit(i + 1), n++) {
                group.set(i);
            }
            from = i;
            Map<List<Object>, Surplus> first = surplus(onA, onB, group);
            if (first.isEmpty()) {
                continue;
            }
            beforeRecheck.run();
            Map<List<Object>, Surplus> second = surplus(onA, onB, group);
            for (Map.Entry<List<Object>, Surplus> e : first.entrySet()) {
                Surplus again = second.get(e.getKey());
                if (again == null || Long.signum(again.copies) != Long.signum(e.getValue().copies)) {
                    transients++;
                    continue;
                }
                long copies = Math.min(Math.abs(again.copies), Math.abs(e.getValue().copies));
                Difference.Kind kind = again.copies > 0 ? Difference.Kind.MISSING : Difference.Kind.EXTRA;
                for (long c = 0; c < copies; c++) {
                    Difference d = new Difference(pair.table(), kind, Arrays.asList(again.row), List.of());
                    if (kind == Difference.Kind.MISSING) {
                        missing++;
                    } else {
                        extra++;
                    }
                    if (listed.size() < listLimit) {
                        listed.add(d);
                    }
                    for (DifferenceSink sink : sinks) {
                        sink.accept(pair, d);
                    }
                }
            }
        }
        return new TableReport(pair.table(), rowsA, rowsB, buckets, differing.cardinality(), missing, extra, 0, transients,
            listed, pair.extraOnB(), pair.walk());
    }

    /** A distinct row whose copies differ: A's copies minus B's, and the values of one copy. */
    private record Surplus(long copies, Object[] row) {
    }

    private Map<List<Object>, Surplus> surplus(WholeRows onA, WholeRows onB, BitSet group) throws SQLException {
        Map<List<Object>, WholeRows.Copies> inA = onA.rows(a, group);
        Map<List<Object>, WholeRows.Copies> inB = onB.rows(b, group);
        Map<List<Object>, Surplus> out = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, WholeRows.Copies> e : inA.entrySet()) {
            WholeRows.Copies other = inB.get(e.getKey());
            long diff = e.getValue().count() - (other == null ? 0 : other.count());
            if (diff != 0) {
                out.put(e.getKey(), new Surplus(diff, diff > 0 ? e.getValue().row() : other.row()));
            }
        }
        for (Map.Entry<List<Object>, WholeRows.Copies> e : inB.entrySet()) {
            if (!inA.containsKey(e.getKey())) {
                out.put(e.getKey(), new Surplus(-e.getValue().count(), e.getValue().row()));
            }
        }
        return out;
    }
}
