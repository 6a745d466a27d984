package io.dualaccess.backfill;

import io.dualaccess.keyset.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's state in B, in three tables every worker of a run shares:
 * <ul>
 * <li>{@value #RUN}: one row per run and table, locked while the first worker plans it;</li>
 * <li>{@value #CHUNK}: the planned key ranges; a worker leases one by locking its row
 *     ({@code FOR UPDATE SKIP LOCKED}) in a transaction it keeps open while it copies the range,
 *     so a worker that dies (killed, machine lost) releases its lease when B closes its session;</li>
 * <li>{@value #PROGRESS}: per chunk, the last key copied and the row counts, written in the same
 *     B transaction as the rows, so a checkpoint never claims rows B does not have.</li>
 * </ul>
 * Names are fixed so that every process finds them; keys are stored as {@link io.dualaccess.keyset.Keys} JSON.
 */
final class Checkpoints {

    static final String RUN = "dualaccess_backfill_run";
    static final String CHUNK = "dualaccess_backfill_chunk";
    static final String PROGRESS = "dualaccess_backfill_progress";

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS " + RUN + " (run_id VARCHAR(100) NOT NULL, table_name VARCHAR(300) NOT NULL,"
            + " planned SMALLINT NOT NULL, chunk_size INT NOT NULL, chunks INT NOT NULL, total_rows BIGINT NOT NULL,"
            + " created_at BIGINT NOT NULL, PRIMARY KEY (run_id, table_name))",
        "CREATE TABLE IF NOT EXISTS " + CHUNK + " (run_id VARCHAR(100) NOT NULL, table_name VARCHAR(300) NOT NULL,"
            + " chunk_no INT NOT NULL, lo_key VARCHAR(4000), hi_key VARCHAR(4000), done SMALLINT NOT NULL,"
            + " done_by VARCHAR(200), PRIMARY KEY (run_id, table_name, chunk_no))",
        "CREATE TABLE IF NOT EXISTS " + PROGRESS + " (run_id VARCHAR(100) NOT NULL, table_name VARCHAR(300) NOT NULL,"
            + " chunk_no INT NOT NULL, cursor_key VARCHAR(4000), rows_read BIGINT NOT NULL, rows_inserted BIGINT NOT NULL,"
            + " updated_at BIGINT NOT NULL, PRIMARY KEY (run_id, table_name, chunk_no))",
    };

    private Checkpoints() {
    }

    /** Creates the tables if missing; concurrent workers may race here, which is harmless. */
    static void create(Connection b) throws SQLException {
        boolean auto = b.getAutoCommit();
        b.setAutoCommit(true);
        try (Statement s = b.createStatement()) {
            for (String ddl : DDL) {
                try {
                    s.execute(ddl);
                } catch (SQLException e) {
                    // Two workers creating the same table at once: PostgreSQL may report the loser as a
                    // duplicate type; the table exists either way, which the next statement proves.
                    if (!Dialect.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        } finally {
            b.setAutoCommit(auto);
        }
    }

    /** A chunk of a plan: the keys after {@code lo} up to and including {@code hi} (null: unbounded). */
    record Chunk(int no, String lo, String hi) {
    }

    /** Per-chunk progress as stored. */
    record Progress(String cursor, long rowsRead, long rowsInserted) {
    }

    /** A table's state in a run. */
    record TableState(boolean planned, int chunks, int chunksDone, long totalRows, long rowsRead, long rowsInserted) {
    }

    static void insertRunIfAbsent(Connection b, String run, String table, int chunkSize) throws SQLException {
        try (PreparedStatement ps = b.prepareStatement("SELECT 1 FROM " + RUN + " WHERE run_id = ? AND table_name = ?")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    b.commit();
                    return;
                }
            }
        }
        try (PreparedStatement ps = b.prepareStatement("INSERT INTO " + RUN
            + " (run_id, table_name, planned, chunk_size, chunks, total_rows, created_at) VALUES (?, ?, 0, ?, 0, 0, ?)")) {
            ps.setString(1, run);
            ps.setString(2, table);
            ps.setInt(3, chunkSize);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
            b.commit();
        } catch (SQLException e) {
            b.rollback();
            if (!Dialect.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /** Locks the run's row for planning; true when it is already planned. */
    static boolean lockRun(Connection b, String run, String table) throws SQLException {
        try (PreparedStatement ps = b.prepareStatement("SELECT planned FROM " + RUN
            + " WHERE run_id = ? AND table_name = ? FOR UPDATE")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("backfill run " + run + " has no row for " + table + " in " + RUN);
                }
                return rs.getInt(1) != 0;
            }
        }
    }

    /** Stores a plan (in the caller's transaction, which holds the run's lock). */
    static void storePlan(Connection b, String run, String table, List<Chunk> chunks, long totalRows) throws SQLException {
        try (PreparedStatement c = b.prepareStatement("INSERT INTO " + CHUNK
                + " (run_id, table_name, chunk_no, lo_key, hi_key, done) VALUES (?, ?, ?, ?, ?, 0)");
             PreparedStatement p = b.prepareStatement("INSERT INTO " + PROGRESS
                 + " (run_id, table_name, chunk_no, cursor_key, rows_read, rows_inserted, updated_at) VALUES (?, ?, ?, NULL, 0, 0, ?)")) {
            int pending = 0;
            long now = System.currentTimeMillis();
            for (Chunk ch : chunks) {
                c.setString(1, run);
                c.setString(2, table);
                c.setInt(3, ch.no());
                c.setString(4, ch.lo());
                c.setString(5, ch.hi());
                c.addBatch();
                p.setString(1, run);
                p.setString(2, table);
                p.setInt(3, ch.no());
                p.setLong(4, now);
                p.addBatch();
                if (++pending == 500) {
                    c.executeBatch();
                    p.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                c.executeBatch();
                p.executeBatch();
            }
        }
        try (PreparedStatement ps = b.prepareStatement("UPDATE " + RUN
            + " SET planned = 1, chunks = ?, total_rows = ? WHERE run_id = ? AND table_name = ?")) {
            ps.setInt(1, chunks.size());
            ps.setLong(2, totalRows);
            ps.setString(3, run);
            ps.setString(4, table);
            ps.executeUpdate();
        }
    }

    /**
     * Leases the first chunk not done and not leased by another worker, in the lease connection's
     * open transaction; null when none is left. The lease lasts until that transaction ends.
     */
    static Chunk lease(Connection lease, Dialect dialect, String run, String table) throws SQLException {
        if (dialect == Dialect.H2 || dialect == Dialect.OTHER) {
            return leaseOneByOne(lease, dialect, run, table);
        }
        try (PreparedStatement ps = lease.prepareStatement("SELECT chunk_no, lo_key, hi_key FROM " + CHUNK
            + " WHERE run_id = ? AND table_name = ? AND done = 0 ORDER BY chunk_no" + dialect.limit(1)
            + dialect.updateSkipLocked())) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Chunk(rs.getInt(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    // H2 applies LIMIT before skipping locked rows, so "the first unlocked chunk" comes back empty
    // while another worker holds the first one: try the candidates one at a time instead.
    private static Chunk leaseOneByOne(Connection lease, Dialect dialect, String run, String table) throws SQLException {
        List<Integer> candidates = new ArrayList<>();
        try (PreparedStatement ps = lease.prepareStatement("SELECT chunk_no FROM " + CHUNK
            + " WHERE run_id = ? AND table_name = ? AND done = 0 ORDER BY chunk_no")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getInt(1));
                }
            }
        }
        try (PreparedStatement ps = lease.prepareStatement("SELECT chunk_no, lo_key, hi_key FROM " + CHUNK
            + " WHERE run_id = ? AND table_name = ? AND chunk_no = ? AND done = 0" + dialect.updateSkipLocked())) {
            for (int no : candidates) {
                ps.setString(1, run);
                ps.setString(2, table);
                ps.setInt(3, no);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Chunk(rs.getInt(1), rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        return null;
    }

    /** Marks a leased chunk done and ends the lease. */
    static void finish(Connection lease, String run, String table, int chunk, String worker) throws SQLException {
        try (PreparedStatement ps = lease.prepareStatement("UPDATE " + CHUNK
            + " SET done = 1, done_by = ? WHERE run_id = ? AND table_name = ? AND chunk_no = ?")) {
            ps.setString(1, worker);
            ps.setString(2, run);
            ps.setString(3, table);
            ps.setInt(4, chunk);
            ps.executeUpdate();
        }
        lease.commit();
    }

    static Progress progress(Connection b, String run, String table, int chunk) throws SQLException {
        try (PreparedStatement ps = b.prepareStatement("SELECT cursor_key, rows_read, rows_inserted FROM " + PROGRESS
            + " WHERE run_id = ? AND table_name = ? AND chunk_no = ?")) {
            ps.setString(1, run);
            ps.setString(2, table);
            ps.setInt(3, chunk);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Progress(rs.getString(1), rs.getLong(2), rs.getLong(3)) : new Progress(null, 0, 0);
            }
        }
    }

    /** Prepares the checkpoint update a page's B transaction runs after its rows. */
    static PreparedStatement prepareAdvance(Connection b) throws SQLException {
        return b.prepareStatement("UPDATE " + PROGRESS + " SET cursor_key = ?, rows_read = rows_read + ?,"
            + " rows_inserted = rows_inserted + ?, updated_at = ? WHERE run_id = ? AND table_name = ? AND chunk_no = ?");
    }

    static void advance(PreparedStatement ps, String run, String table, int chunk, String cursor, long read,
                        long inserted) throws SQLException {
        ps.setString(1, cursor);
        ps.setLong(2, read);
        ps.setLong(3, inserted);
        ps.setLong(4, System.currentTimeMillis());
        ps.setString(5, run);
        ps.setString(6, table);
        ps.setInt(7, chunk);
        if (ps.executeUpdate() != 1) {
            throw new SQLException("backfill checkpoint of " + table + " chunk " + chunk + " is missing from " + PROGRESS);
        }
    }

    /** Every table of a run, with its counts (null when the checkpoint tables do not exist). */
    static List<String> tables(Connection b, String run) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = b.prepareStatement("SELECT table_name FROM " + RUN + " WHERE run_id = ? ORDER BY table_name")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static TableState state(Connection b, String run, String table) throws SQLException {
        boolean planned;
        int chunks;
        long total;
        try (PreparedStatement ps = b.prepareStatement("SELECT planned, chunks, total_rows FROM " + RUN
            + " WHERE run_id = ? AND table_name = ?")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new TableState(false, 0, 0, 0, 0, 0);
                }
                planned = rs.getInt(1) != 0;
                chunks = rs.getInt(2);
                total = rs.getLong(3);
            }
        }
        int done;
        try (PreparedStatement ps = b.prepareStatement("SELECT COUNT(*) FROM " + CHUNK
            + " WHERE run_id = ? AND table_name = ? AND done = 1")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                done = rs.getInt(1);
            }
        }
        long read;
        long inserted;
        try (PreparedStatement ps = b.prepareStatement("SELECT COALESCE(SUM(rows_read), 0), COALESCE(SUM(rows_inserted), 0) FROM "
            + PROGRESS + " WHERE run_id = ? AND table_name = ?")) {
            ps.setString(1, run);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                read = rs.getLong(1);
                inserted = rs.getLong(2);
            }
        }
        return new TableState(planned, chunks, done, total, read, inserted);
    }

    /** Forgets a run (every table), so the next backfill with its id starts over. */
    static int reset(Connection b, String run) throws SQLException {
        int n = 0;
        for (String t : new String[] {PROGRESS, CHUNK, RUN}) {
            try (PreparedStatement ps = b.prepareStatement("DELETE FROM " + t + " WHERE run_id = ?")) {
                ps.setString(1, run);
                n += ps.executeUpdate();
            }
        }
        return n;
    }
}
