package io.dualaccess.repair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ValueNormalizer;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.keyset.CopyStage;
import io.dualaccess.keyset.Keys;
import io.dualaccess.keyset.Side;
import io.dualaccess.keyset.TableColumn;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.verify.Difference;
import io.dualaccess.verify.DifferenceSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes B equal to A for given keys: inserts what B lacks, updates what differs, deletes what A
 * does not have. Keys are repaired a batch at a time per table (up to {@value #BATCH} keys: one
 * read of A's rows and one of B's, then B's inserts, updates and deletes as batches), in a pair
 * of transactions under the same locks as the backfill: A's rows are read with a shared lock (a
 * mirrored write to them waits, then reaches B after the repair), B's with an exclusive one; B
 * commits, then A. The rows are compared again first, so a key that agrees by now is left alone.
 * With {@code dryRun} nothing is written: each action is printed and rolled back.
 *
 * <p>After each batch, the rows written are read again on both sides: a row repair could not make
 * equal (B's column rounds or truncates the value, a trigger on B changes it) is reported with
 * the reason ({@link #unequal()}), never counted as fixed.
 *
 * <p>Keys come from verify (as a {@link DifferenceSink}), from a key file, or from the divergence
 * journal's tables ({@link #journalTables}), which verify then walks.
 */
public final class Repair implements DifferenceSink, AutoCloseable {

    /** Keys repaired per batch: one round trip per side for the reads, one per kind of write. */
    static final int BATCH = 2000;
    /** Fewer keys than this go by statements: COPY's extra round trips pay off from a few rows on. */
    private static final int MIN_COPY = 8;
    private final Map<String, CopyStage> stages = new HashMap<>();

    private final ConnectionSource aSource;
    private final ConnectionSource bSource;
    private final boolean dryRun;
    private final PrintWriter out;
    private final ValueNormalizer normalizer;
    private final NormalizationRules rules;
    private Connection a;
    private Connection b;
    private long inserted;
    private long updated;
    private long deleted;
    private long unchanged;
    private TablePair pendingPair;
    private final List<List<Object>> pending = new ArrayList<>();
    private final List<Unequal> unequal = new ArrayList<>();

    /**
     * @param a opens connections to A
     * @param b opens connections to B
     * @param rules the rules that decide whether rows already agree
     * @param dryRun print what would be done, change nothing
     * @param out where each action is printed (one line per key), or null
     */
    public Repair(ConnectionSource a, ConnectionSource b, NormalizationRules rules, boolean dryRun, PrintWriter out) {
        this.aSource = Objects.requireNonNull(a, "a");
        this.bSource = Objects.requireNonNull(b, "b");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.normalizer = new ValueNormalizer(rules);
        this.dryRun = dryRun;
        this.out = out;
    }

    /** What repair did (or, in a dry run, would do). */
    public record Counts(long inserted, long updated, long deleted, long unchanged) {
        /** Rows written (or that would be). */
        public long changes() {
            return inserted + updated + deleted;
        }
    }

    /**
     * A row repair wrote but could not make equal: read again, B still differs from A.
     *
     * @param table the table
     * @param key the row's key
     * @param columns the columns that still differ (empty when the row itself is missing or extra)
     * @param reason why, as far as the values tell (B's type rounds or truncates, ...)
     */
    public record Unequal(String table, List<Object> key, List<String> columns, String reason) {
    }

    /** The counts so far (keys still waiting in a batch are repaired first). */
    public Counts counts() {
        try {
            flush();
        } catch (SQLException e) {
            throw new IllegalStateException("repair: the last batch failed: " + e.getMessage(), e);
        }
        return new Counts(inserted, updated, deleted, unchanged);
    }

    /** The rows written that B still holds differently from A after the re-check. */
    public List<Unequal> unequal() {
        return List.copyOf(unequal);
    }

    @Override
    public void accept(TablePair pair, Difference d) throws SQLException {
        if (!pair.keyed()) {
            // queued keys of another table first, so changes stay in the order verify found them
            flush();
            repairWholeRow(pair, d);
            return;
        }
        add(pair, d.key());
    }

    @Override
    public void tableDone(TablePair pair) throws SQLException {
        flush();
    }

    /** A table without a key: one copy of a whole row (see {@link WholeRowRepair}). */
    private void repairWholeRow(TablePair pair, Difference d) throws SQLException {
        open();
        try {
            String action = WholeRowRepair.repair(a, b, pair, d, dryRun);
            if (dryRun) {
                b.rollback();
            } else {
                b.commit();
            }
            a.commit();
            count(action);
            if (out != null && action != null) {
                out.println((dryRun ? "would " : "") + action + " " + pair.table() + " row " + Keys.encode(d.key()));
                out.flush();
            }
        } catch (SQLException e) {
            rollbackQuietly(b, e);
            rollbackQuietly(a, e);
            throw e;
        }
    }

    /** Repairs one key of a table now. */
    public void repair(TablePair pair, List<Object> key) throws SQLException {
        add(pair, key);
        flush();
    }

    /** Queues a key for repair; the batch runs when it is full, when another table's key comes, or at {@link #flush()}. */
    public void add(TablePair pair, List<Object> key) throws SQLException {
        if (pendingPair != null && !pendingPair.table().equals(pair.table())) {
            flush();
        }
        pendingPair = pair;
        pending.add(key);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    /** Repairs every queued key. */
    public void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<List<Object>> keys = new ArrayList<>(pending);
        TablePair pair = pendingPair;
        pending.clear();
        repairBatch(pair, keys);
    }

    private void repairBatch(TablePair pair, List<List<Object>> keys) throws SQLException {
        open();
        Side sa = pair.a();
        Side sb = pair.b();
        CopyStage stage = dryRun || keys.size() < MIN_COPY ? null : stage(pair);
        Map<String, List<Object>> unique = new LinkedHashMap<>();
        for (List<Object> k : keys) {
            unique.putIfAbsent(keyText(k), k);
        }
        List<List<Object>> written = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        try {
            Map<String, Object[]> rowsA = readAll(a, sa, unique.values(), sa.dialect().shareLock());
            Map<String, Object[]> rowsB = readAll(b, sb, unique.values(), " FOR UPDATE");
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            List<List<Object>> deletes = new ArrayList<>();
            for (Map.Entry<String, List<Object>> e : unique.entrySet()) {
                Object[] ra = rowsA.get(e.getKey());
                Object[] rb = rowsB.get(e.getKey());
                List<Object> key = e.getValue();
                String action = null;
                List<String> columns = List.of();
                if (ra != null && rb == null) {
                    action = "insert";
                    inserts.add(ra);
                } else if (ra == null && rb != null) {
                    action = "delete";
                    deletes.add(key);
                } else if (ra != null) {
                    columns = differing(pair, sa, sb, ra, rb);
                    if (!columns.isEmpty()) {
                        action = "update";
                        if (sb.update() != null) {
                            updates.add(ra);
                        }
                    }
                }
                actions.add(action);
                if (action != null) {
                    written.add(key);
                    lines.add((dryRun ? "would " : "") + action + " " + pair.table() + " " + Keys.encode(key)
                        + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")"));
                }
            }
            if (!dryRun && stage != null && copied(stage, inserts, updates)) {
                inserts.clear();
                updates.clear();
            }
            if (!dryRun) {
                insertAll(sb, inserts);
                try (PreparedStatement ps = updates.isEmpty() ? null : b.prepareStatement(sb.update())) {
                    for (Object[] row : updates) {
                        sb.bindUpdate(ps, row);
                        ps.addBatch();
                    }
                    if (ps != null) {
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = deletes.isEmpty() ? null : b.prepareStatement(sb.delete())) {
                    for (List<Object> key : deletes) {
                        sb.bindKey(ps, 1, key);
                        ps.addBatch();
                    }
                    if (ps != null) {
                        ps.executeBatch();
                    }
                }
            }
            if (dryRun) {
                b.rollback();
            } else {
                b.commit();
            }
            a.commit();
        } catch (SQLException e) {
            rollbackQuietly(b, e);
            rollbackQuietly(a, e);
            if (!written.isEmpty() && unique.size() > 1) {
                // One row B refuses must not stop the others: the batch again, a key at a time.
                for (List<Object> k : unique.values()) {
                    repairBatch(pair, List.of(k));
                }
                return;
            }
            if (written.isEmpty()) {
                throw e;
            }
            List<Object> k = unique.values().iterator().next();
            refused(pair, k, e);
            return;
        }
        for (String action : actions) {
            count(action);
        }
        if (out != null && !lines.isEmpty()) {
            for (String l : lines) {
                out.println(l);
            }
            out.flush();
        }
        if (!dryRun && !written.isEmpty()) {
            recheck(pair, written);
        }
    }

    /** The COPY stage of a table on B (PostgreSQL), made once per table; null elsewhere. */
    private CopyStage stage(TablePair pair) throws SQLException {
        if (!stages.containsKey(pair.table())) {
            stages.put(pair.table(), CopyStage.of(b, pair.b())); // commits B's (empty) transaction
        }
        return stages.get(pair.table());
    }

    /**
     * B's inserts and updates of a batch through the COPY stage: the rows in one COPY, inserted where
     * absent, then the updates in another, applied by key. False (nothing written) when a value has
     * no COPY text: the statements then do it.
     */
    private static boolean copied(CopyStage stage, List<Object[]> inserts, List<Object[]> updates) throws SQLException {
        try {
            if (!inserts.isEmpty()) {
                stage.stage(inserts);
                stage.insertStaged();
                if (!updates.isEmpty()) {
                    stage.clear();
                }
            }
            if (!updates.isEmpty()) {
                stage.stage(updates);
                stage.updateStaged();
            }
            return true; // the stage empties at commit
        } catch (CopyStage.Unsupported e) {
            if (!inserts.isEmpty()) {
                stage.clear();
            }
            return false;
        }
    }

    /** A key whose write B refused (a value too long, out of range, a constraint of B's own): reported, not counted. */
    private void refused(TablePair pair, List<Object> key, SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        Unequal u = new Unequal(pair.table(), key, List.of(), "B refused the write: " + cause.getMessage());
        unequal.add(u);
        if (out != null) {
            out.println("unequal " + pair.table() + " " + Keys.encode(key) + ": " + u.reason());
            out.flush();
        }
    }

    /** B's inserts: several rows per statement where the engine takes them, else a JDBC batch. */
    private void insertAll(Side sb, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int per = sb.rowsPerInsert();
        if (per == 1) {
            try (PreparedStatement ps = b.prepareStatement(sb.insertIfAbsent())) {
                for (Object[] row : rows) {
                    sb.bindInsertIfAbsent(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return;
        }
        for (int from = 0; from < rows.size(); from += per) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + per));
            try (PreparedStatement ps = b.prepareStatement(sb.insertIfAbsent(part.size()))) {
                sb.bindInsertIfAbsent(ps, part);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Reads the written rows again on both sides: those still differing (read twice, so a write
     * passing between them is not blamed) are reported with what the values say about why.
     */
    private void recheck(TablePair pair, List<List<Object>> keys) throws SQLException {
        List<List<Object>> suspects = keys;
        Map<String, Object[]> rowsA = Map.of();
        Map<String, Object[]> rowsB = Map.of();
        for (int round = 0; round < 2 && !suspects.isEmpty(); round++) {
            rowsA = readAll(a, pair.a(), suspects, "");
            rowsB = readAll(b, pair.b(), suspects, "");
            a.commit();
            b.commit();
            List<List<Object>> still = new ArrayList<>();
            for (List<Object> k : suspects) {
                String t = keyText(k);
                Object[] ra = rowsA.get(t);
                Object[] rb = rowsB.get(t);
                if ((ra == null) != (rb == null) || ra != null && !differing(pair, pair.a(), pair.b(), ra, rb).isEmpty()) {
                    still.add(k);
                }
            }
            suspects = still;
        }
        for (List<Object> k : suspects) {
            String t = keyText(k);
            Object[] ra = rowsA.get(t);
            Object[] rb = rowsB.get(t);
            Unequal u;
            if (ra == null || rb == null) {
                u = new Unequal(pair.table(), k, List.of(), ra == null ? "the row is still on B (B refused the delete, or it came back)"
                    : "the row is still missing on B (B refused the insert, or it was deleted again)");
            } else {
                List<String> cols = differing(pair, pair.a(), pair.b(), ra, rb);
                List<String> why = new ArrayList<>();
                for (String c : cols) {
                    int i = pair.labels().indexOf(c);
                    why.add(c + ": " + Unrepairable.reason(ra[i], rb[i], pair.b().columns().get(i)));
                }
                u = new Unequal(pair.table(), k, cols, String.join("; ", why));
            }
            unequal.add(u);
            // What could not be made equal is not fixed: it leaves the counts of what was.
            if (ra == null) {
                deleted--;
            } else if (rb == null) {
                inserted--;
            } else {
                updated--;
            }
            if (out != null) {
                out.println("unequal " + pair.table() + " " + Keys.encode(k)
                    + (u.columns().isEmpty() ? "" : " (" + String.join(", ", u.columns()) + ")") + ": " + u.reason());
                out.flush();
            }
        }
    }

    private Map<String, Object[]> readAll(Connection c, Side side, Collection<List<Object>> keys, String lock)
            throws SQLException {
        Map<String, Object[]> rows = new HashMap<>();
        List<List<Object>> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<List<Object>> part = all.subList(from, Math.min(all.size(), from + BATCH));
            try (PreparedStatement ps = c.prepareStatement(side.byKeysQuery(part.size(), lock))) {
                side.bindKeys(ps, part);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = side.readRow(rs);
                        rows.put(keyText(side.keyOf(row)), row);
                    }
                }
            }
        }
        return rows;
    }

    /** A key as text that is the same whichever side or reader produced it (1 = 1L = 1.0). */
    static String keyText(List<Object> key) {
        StringBuilder b = new StringBuilder();
        for (Object v : key) {
            if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                b.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            } else if (v instanceof byte[] bytes) {
                b.append(HexFormat.of().formatHex(bytes));
            } else {
                b.append(v);
            }
            b.append('\u0001');
        }
        return b.toString();
    }

    private void count(String action) {
        if (action == null) {
            unchanged++;
        } else {
            switch (action) {
                case "insert" -> inserted++;
                case "update" -> updated++;
                default -> deleted++;
            }
        }
    }

    private List<String> differing(TablePair pair, Side sa, Side sb, Object[] ra, Object[] rb) throws SQLException {
        List<String> labels = pair.labels();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ra.length; i++) {
            if (rules.ignores(labels.get(i))) {
                continue;
            }
            TableColumn ca = sa.columns().get(i);
            TableColumn cb = sb.columns().get(i);
            Object va = normalizer.normalize(ra[i], ca.sqlType(), ca.typeName());
            Object vb = normalizer.normalize(rb[i], cb.sqlType(), cb.typeName());
            if (!Objects.equals(va, vb)) {
                out.add(labels.get(i));
            }
        }
        return out;
    }

    private void open() throws SQLException {
        if (a == null) {
            a = aSource.open();
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        if (b == null) {
            b = bSource.open();
            b.setAutoCommit(false);
            b.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        try {
            flush();
        } catch (SQLException e) {
            first = e;
        }
        for (Connection c : new Connection[] {a, b}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        a = null;
        b = null;
        stages.clear();
        if (first != null) {
            throw first;
        }
    }

    /**
     * The tables named in a divergence journal ({@code dualaccess.journal.file}), in first-seen
     * order: the tables a verify with repair should walk to make B whole after a divergence.
     *
     * @throws IOException when the journal cannot be read or a line is not JSON (naming the line)
     */
    public static List<String> journalTables(Path journal) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        // Transactions whose process ended between A's commit and B's, not yet reported by a restart.
        for (List<String> tables : DivergenceJournal.unfinished(journal)) {
            out.addAll(tables);
        }
        JsonFactory json = new JsonFactory();
        // With dualaccess.journal.max-size the journal is several files (<file>.N ... <file>.1, <file>).
        List<Path> files = DivergenceJournal.files(journal);
        for (Path file : files.isEmpty() ? List.of(journal) : files) {
            tablesOf(file, json, out);
        }
        return new ArrayList<>(out);
    }

    private static void tablesOf(Path journal, JsonFactory json, Set<String> out) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try (JsonParser p = json.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new IOException("not a JSON object");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken t = p.nextToken();
                        if (field.equals("tables") && t == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                out.add(p.getText());
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } catch (IOException e) {
                    throw new IOException(journal + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
