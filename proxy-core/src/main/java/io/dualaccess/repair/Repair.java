package io.dualaccess.repair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ValueNormalizer;
import io.dualaccess.keyset.ConnectionSource;
import io.dualaccess.keyset.Keys;
import io.dualaccess.keyset.Side;
import io.dualaccess.keyset.TableColumn;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.verify.Difference;
import io.dualaccess.verify.DifferenceSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Makes B equal to A for given keys: inserts what B lacks, updates what differs, deletes what A
 * does not have. Each key is repaired in its own pair of transactions, under the same locks as the
 * backfill: A's row is read with a shared lock (a mirrored write to it waits, then reaches B after
 * the repair), B's row with an exclusive one; B commits, then A. The rows are compared again first,
 * so a key that agrees by now is left alone. With {@code dryRun} nothing is written: each action is
 * printed and rolled back.
 *
 * <p>Keys come from verify (as a {@link DifferenceSink}), from a key file, or from the divergence
 * journal's tables ({@link #journalTables}), which verify then walks.
 */
public final class Repair implements DifferenceSink, AutoCloseable {

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

    /** The counts so far. */
    public Counts counts() {
        return new Counts(inserted, updated, deleted, unchanged);
    }

    @Override
    public void accept(TablePair pair, Difference d) throws SQLException {
        if (!pair.keyed()) {
            repairWholeRow(pair, d);
            return;
        }
        repair(pair, d.key());
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

    /** Repairs one key of a table. */
    public void repair(TablePair pair, List<Object> key) throws SQLException {
        open();
        Side sa = pair.a();
        Side sb = pair.b();
        try {
            Object[] ra = read(a, sa, key, sa.dialect().shareLock());
            Object[] rb = read(b, sb, key, " FOR UPDATE");
            String action;
            List<String> columns = List.of();
            if (ra == null && rb == null) {
                action = null;
            } else if (rb == null) {
                action = "insert";
                if (!dryRun) {
                    try (PreparedStatement ps = b.prepareStatement(sb.insertIfAbsent())) {
                        sb.bindInsertIfAbsent(ps, ra);
                        ps.executeUpdate();
                    }
                }
            } else if (ra == null) {
                action = "delete";
                if (!dryRun) {
                    try (PreparedStatement ps = b.prepareStatement(sb.delete())) {
                        sb.bindKey(ps, 1, key);
                        ps.executeUpdate();
                    }
                }
            } else {
                columns = differing(pair, sa, sb, ra, rb);
                if (columns.isEmpty()) {
                    action = null;
                } else {
                    action = "update";
                    if (!dryRun && sb.update() != null) {
                        try (PreparedStatement ps = b.prepareStatement(sb.update())) {
                            sb.bindUpdate(ps, ra);
                            ps.executeUpdate();
                        }
                    }
                }
            }
            if (dryRun) {
                b.rollback();
            } else {
                b.commit();
            }
            a.commit();
            count(action);
            if (out != null && action != null) {
                out.println((dryRun ? "would " : "") + action + " " + pair.table() + " " + Keys.encode(key)
                    + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")"));
                out.flush();
            }
        } catch (SQLException e) {
            rollbackQuietly(b, e);
            rollbackQuietly(a, e);
            throw e;
        }
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

    private static Object[] read(Connection c, Side side, List<Object> key, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(side.byKeyQuery(lock))) {
            side.bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? side.readRow(rs) : null;
            }
        }
    }

    private void open() throws SQLException {
        if (a == null) {
            a = aSource.connect();
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        if (b == null) {
            b = bSource.connect();
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
        JsonFactory json = new JsonFactory();
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
        return new ArrayList<>(out);
    }
}
