package io.dualaccess.keyset;

import io.dualaccess.compare.Column;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.compare.ValueNormalizer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table without a key on one side, walked as a multiset of whole rows: each row is normalised
 * (the same {@link NormalizationRules} as shadow reads and verify) and falls into one of
 * {@code buckets} hash partitions by its canonical content, so the same row lands in the same
 * bucket on A and on B. One scan folds every bucket into a {@link RowDigest} (count and 128-bit
 * multiset hash: memory is one digest per bucket); a second scan collects only the rows of the
 * buckets that differ, counted per distinct row, so a row held twice on A and once on B is one
 * missing copy.
 */
public final class WholeRows {

    /** Most buckets a table is cut into: past it buckets grow beyond the chunk size. */
    public static final int MAX_BUCKETS = 4096;
    private static final int FETCH = 1000;

    private final Side side;
    private final NormalizationRules rules;
    private final List<Column> columns;
    private final int buckets;
    private final ValueNormalizer normalizer;

    /**
     * @param side the side to scan
     * @param labels the pair's column labels (A's names, so ignored columns are named once)
     * @param rules how values are normalised and which columns are ignored
     * @param buckets hash partitions (the same on both sides)
     */
    public WholeRows(Side side, List<String> labels, NormalizationRules rules, int buckets) {
        this.side = side;
        this.rules = rules;
        this.buckets = buckets;
        this.normalizer = new ValueNormalizer(rules);
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            TableColumn c = side.columns().get(i);
            cols.add(new Column(labels.get(i), c.sqlType(), c.typeName()));
        }
        this.columns = List.copyOf(cols);
    }

    /** Buckets for a table of {@code rows} rows: about {@code chunkSize} rows each, at most {@link #MAX_BUCKETS}. */
    public static int buckets(long rows, int chunkSize) {
        return (int) Math.max(1, Math.min(MAX_BUCKETS, (rows + chunkSize - 1) / chunkSize));
    }

    /** The number of rows of the side's table. */
    public long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(side.countQuery())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One distinct row of a scan: how many copies the side holds, and the values of one as read. */
    public static final class Copies {
        private long count;
        private final Object[] row;

        Copies(Object[] row) {
            this.row = row;
        }

        /** Copies of the row on this side. */
        public long count() {
            return count;
        }

        /** The row's values as the side's driver read them (for copying, deleting, reporting). */
        public Object[] row() {
            return row.clone();
        }
    }

    /** A row read by a scan: raw values and canonical ones. */
    @FunctionalInterface
    private interface RowSink {
        void accept(Object[] raw, List<Object> canonical, int bucket) throws SQLException;
    }

    /** Scans the table once: per bucket, the digest of its rows (null for a bucket with none). */
    public ResultDigest[] digests(Connection c) throws SQLException {
        RowDigest[] digests = new RowDigest[buckets];
        scan(c, (raw, canonical, bucket) -> {
            RowDigest d = digests[bucket];
            if (d == null) {
                d = new RowDigest(rules, columns, 0);
                digests[bucket] = d;
            }
            d.add(canonical.toArray());
        });
        ResultDigest[] out = new ResultDigest[buckets];
        for (int i = 0; i < buckets; i++) {
            out[i] = digests[i] == null ? null : digests[i].snapshot();
        }
        return out;
    }

    /**
     * Scans the table once, keeping the rows of the given buckets: each distinct row (by canonical
     * content) with its number of copies.
     */
    public Map<List<Object>, Copies> rows(Connection c, BitSet wanted) throws SQLException {
        Map<List<Object>, Copies> out = new HashMap<>();
        scan(c, (raw, canonical, bucket) -> {
            if (wanted.get(bucket)) {
                out.computeIfAbsent(canonical, k -> new Copies(raw)).count++;
            }
        });
        return out;
    }

    /** The buckets whose digests differ (row count or multiset hash). */
    public static BitSet differing(ResultDigest[] a, ResultDigest[] b) {
        BitSet out = new BitSet(a.length);
        for (int i = 0; i < a.length; i++) {
            long ca = a[i] == null ? 0 : a[i].rowCount();
            long cb = b[i] == null ? 0 : b[i].rowCount();
            if (ca != cb || ca > 0 && !a[i].multisetHash().equals(b[i].multisetHash())) {
                out.set(i);
            }
        }
        return out;
    }

    private void scan(Connection c, RowSink sink) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (auto) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        }
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery(side.scanQuery())) {
                while (rs.next()) {
                    Object[] raw = side.readRow(rs);
                    List<Object> canonical = canonical(raw);
                    sink.accept(raw, canonical, bucket(canonical));
                }
            }
        } finally {
            try {
                c.rollback();
            } finally {
                if (auto) {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private List<Object> canonical(Object[] raw) throws SQLException {
        Object[] out = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            Column col = columns.get(i);
            out[i] = rules.ignores(col.label()) ? null : normalizer.normalize(raw[i], col.sqlType(), col.typeName());
        }
        return Arrays.asList(out);
    }

    /** The bucket of a canonical row: its content hash, mixed (MurmurHash3's finaliser), modulo the buckets. */
    int bucket(List<Object> canonical) {
        long h = canonical.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) buckets);
    }
}
