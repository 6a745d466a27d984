package io.dualaccess.shadow;

import io.dualaccess.results.ResultRows;
import io.dualaccess.compare.CanonicalRows;
import io.dualaccess.compare.ComparisonResult;
import io.dualaccess.compare.ComparisonResult.Difference;
import io.dualaccess.compare.ComparisonResult.KeptRow;
import io.dualaccess.compare.ComparisonResult.MismatchKind;
import io.dualaccess.compare.DifferenceFinder;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.ResultShape;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a read mismatch's {@code diff} says, with content: the row's key (its table's primary key, or
 * for an aggregate its GROUP BY columns), the rows present on one side only (key columns, then
 * values, masked per {@code dualaccess.log.values}), and, when the difference lies past the kept
 * rows, the row found by reading the result again on both sides ({@link DifferenceFinder}). Runs on
 * a shadow worker, only for mismatches.
 */
final class DiffContent {

    /** Rows on one side only shown per side; the counts say how many there were. */
    static final int SHOWN_ROWS = 5;
    /** Tables whose primary key is remembered. */
    private static final int MAX_TABLES = 1_000;

    private final ShadowReads reads;
    /** A (the database), whose catalog names the primary keys. */
    private final ConnectionSource sideA;
    private final ValueRenderer renderer;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    DiffContent(ShadowReads reads, ConnectionSource sideA, ValueRenderer renderer) {
        this.reads = reads;
        this.sideA = sideA;
        this.renderer = renderer;
    }

    /**
     * The diff of a mismatch (or transient), A's digest and B's as compared.
     *
     * @param limit the rows the application read of an ordered prefix, or Long.MAX_VALUE
     * @param locate whether to re-read both sides for a difference past the kept rows (mismatches only)
     */
    Map<String, Object> diff(ReadCapture c, ComparisonResult r, ResultDigest da, ResultDigest db, long limit,
                             boolean locate) {
        int[] keys = r.kind() == MismatchKind.COLUMNS ? null : da.columns(keyNames(c));
        boolean reRead = false;
        if (locate && r.kind() != MismatchKind.COLUMNS && r.firstDifference() == null && r.beyondKeptRows()) {
            DifferenceFinder.Found found = find(c, r, da, db, keys, limit);
            if (found != null) {
                r = r.located(found);
                reRead = true;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", r.kind() == null ? null : r.kind().value());
        d.put("ordered", r.ordered());
        if (r.ordered()) {
            // Rows tied on the ORDER BY keys compare as a multiset; say when they could not.
            d.put("order_keys", List.copyOf(r.orderKeys()));
            d.put("ties", r.orderKeys().isEmpty() ? "strict" : "multiset");
            if (r.strictOrder() != null) {
                d.put("ties_reason", r.strictOrder());
            }
        }
        d.put("rows_a", r.rowsA());
        d.put("rows_b", r.rowsB());
        if (keys != null) {
            d.put("key_columns", names(da, keys));
        }
        Difference f = r.firstDifference();
        if (f != null) {
            d.put("row_a", f.rowA());
            d.put("row_b", f.rowB());
            List<Object> row = f.rowValuesA() != null ? f.rowValuesA() : f.rowValuesB();
            if (keys != null && row != null) {
                d.put("key", key(da, keys, row));
            }
            d.put("column", f.column());
            d.put("value_a", renderer == ValueRenderer.NONE ? null : renderer.value(f.valueA()));
            d.put("value_b", renderer == ValueRenderer.NONE ? null : renderer.value(f.valueB()));
            d.put("rules_applied", List.copyOf(f.rulesApplied()));
        }
        d.put("only_in_a", r.onlyInA().size());
        d.put("only_in_b", r.onlyInB().size());
        if (!r.onlyInA().isEmpty()) {
            d.put("rows_only_in_a", rows(da, keys, r.onlyInA()));
        }
        if (!r.onlyInB().isEmpty()) {
            d.put("rows_only_in_b", rows(da, keys, r.onlyInB()));
        }
        d.put("beyond_kept_rows", r.beyondKeptRows());
        if (reRead) {
            d.put("re_read", true);
        }
        d.put("rules", List.copyOf(r.rules()));
        return d;
    }

    /** The key of the read's rows: GROUP BY columns for an aggregate, else the primary key of its one table. */
    private List<String> keyNames(ReadCapture c) {
        ResultShape shape = c.info().shape();
        if (!shape.groupKeys().isEmpty()) {
            return shape.groupKeys();
        }
        List<String> tables = c.info().tables();
        if (tables.size() != 1) {
            return List.of();
        }
        String table = tables.get(0);
        List<String> known = primaryKeys.get(table);
        if (known != null) {
            return known;
        }
        List<String> pk;
        try {
            pk = primaryKey(table);
        } catch (SQLException | RuntimeException e) {
            return List.of();
        }
        if (primaryKeys.size() < MAX_TABLES) {
            primaryKeys.put(table, pk);
        }
        return pk;
    }

    private List<String> primaryKey(String table) throws SQLException {
        String schema = null;
        String name = table;
        int dot = table.lastIndexOf('.');
        if (dot > 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        try (Connection conn = sideA.open()) {
            DatabaseMetaData md = conn.getMetaData();
            String inSchema = schema != null ? schema : conn.getSchema();
            // Catalogs store names in their own case (H2 upper, PostgreSQL lower, MariaDB as created).
            for (String n : List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                for (String s : inSchema == null ? new String[] {null}
                    : new String[] {inSchema, inSchema.toUpperCase(Locale.ROOT), inSchema.toLowerCase(Locale.ROOT)}) {
                    TreeMap<Short, String> columns = new TreeMap<>();
                    try (ResultSet rs = md.getPrimaryKeys(conn.getCatalog(), s, n)) {
                        while (rs.next()) {
                            columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                        }
                    }
                    if (!columns.isEmpty()) {
                        return List.copyOf(columns.values());
                    }
                }
            }
        }
        return List.of();
    }

    private DifferenceFinder.Found find(ReadCapture c, ComparisonResult r, ResultDigest da, ResultDigest db, int[] keys,
                                        long limit) {
        try {
            // Each side re-reads as it ran the read: the shadow side its translation (ShadowReads.onA/onB).
            if (r.ordered()) {
                return reads.onA(c, ra -> reads.onB(c,
                    rb -> DifferenceFinder.ordered(da, db, new CanonicalRows(ResultRows.of(ra), da.rules()),
                        new CanonicalRows(ResultRows.of(rb), db.rules()), limit)));
            }
            long[] ba = reads.onA(c, rs -> DifferenceFinder.buckets(new CanonicalRows(ResultRows.of(rs), da.rules()), keys));
            long[] bb = reads.onB(c, rs -> DifferenceFinder.buckets(new CanonicalRows(ResultRows.of(rs), db.rules()), keys));
            int[] differing = DifferenceFinder.differing(ba, bb);
            if (differing.length == 0) {
                return null;
            }
            List<KeptRow> ra = reads.onA(c,
                rs -> DifferenceFinder.collect(new CanonicalRows(ResultRows.of(rs), da.rules()), keys, differing));
            List<KeptRow> rb = reads.onB(c,
                rs -> DifferenceFinder.collect(new CanonicalRows(ResultRows.of(rs), db.rules()), keys, differing));
            return ra == null || rb == null ? null : DifferenceFinder.unordered(da, db, ra, rb, keys);
        } catch (SQLException | RuntimeException e) {
            // The diff keeps what the digests said.
            return null;
        }
    }

    private static List<String> names(ResultDigest d, int[] columns) {
        List<String> out = new ArrayList<>(columns.length);
        for (int k : columns) {
            out.add(d.labels().get(k));
        }
        return out;
    }

    private Map<String, Object> key(ResultDigest d, int[] keys, List<Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k : keys) {
            out.put(d.labels().get(k), shown(row.get(k)));
        }
        return out;
    }

    private Object shown(Object v) {
        return renderer == ValueRenderer.NONE ? null : renderer.value(v);
    }

    /** Rows on one side only: position, key columns, then the other values (none under {@code none}). */
    private List<Object> rows(ResultDigest d, int[] keys, List<KeptRow> rows) {
        List<Object> out = new ArrayList<>();
        for (KeptRow row : rows.subList(0, Math.min(SHOWN_ROWS, rows.size()))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", row.row());
            if (renderer != ValueRenderer.NONE) {
                if (keys != null) {
                    r.put("key", key(d, keys, row.values()));
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int j = 0; j < row.values().size(); j++) {
                    if (!contains(keys, j)) {
                        values.put(d.labels().get(j), shown(row.values().get(j)));
                    }
                }
                r.put("values", values);
            }
            out.add(r);
        }
        return out;
    }

    private static boolean contains(int[] keys, int j) {
        if (keys == null) {
            return false;
        }
        for (int k : keys) {
            if (k == j) {
                return true;
            }
        }
        return false;
    }
}
