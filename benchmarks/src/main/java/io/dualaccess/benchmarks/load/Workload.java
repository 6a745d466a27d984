package io.dualaccess.benchmarks.load;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.SplittableRandom;

/**
 * The mixed OLTP workload: 60 % point selects by key, 15 % range selects of {@value #RANGE} rows,
 * 15 % updates by key in a transaction, 10 % inserts with a generated key. Each operation borrows a
 * connection from the pool and gives it back, as a request would. Every operation also checks what
 * it got (one row, {@value #RANGE} rows, one updated row, a key): a wrong answer counts as an
 * error just like an exception, since the application must see exactly what A answers.
 */
final class Workload {

    /** Rows read by a range select. */
    static final int RANGE = 20;

    static final String POINT_SQL = "SELECT id, grp, name, amount, updated FROM load_item WHERE id = ?";
    static final String RANGE_SQL = "SELECT id, grp, name, amount, updated FROM load_item WHERE id BETWEEN ? AND ? ORDER BY id";
    static final String UPDATE_SQL = "UPDATE load_item SET amount = amount + 1, updated = ? WHERE id = ?";
    static final String INSERT_SQL = "INSERT INTO load_item (grp, name, amount, updated) VALUES (?, ?, ?, ?)";

    private static final long EPOCH_MILLIS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    /** The operations, with their share of the mix. */
    enum Op {
        POINT_SELECT("point select", 60),
        RANGE_SELECT("range select (" + RANGE + " rows)", 15),
        UPDATE_IN_TX("update in a transaction", 15),
        INSERT("insert, generated key", 10);

        final String label;
        final int percent;

        Op(String label, int percent) {
            this.label = label;
            this.percent = percent;
        }

        /** The operation for a draw in [0, 100). */
        static Op pick(int draw) {
            int upTo = 0;
            for (Op op : values()) {
                upTo += op.percent;
                if (draw < upTo) {
                    return op;
                }
            }
            return INSERT;
        }

        boolean write() {
            return this == UPDATE_IN_TX || this == INSERT;
        }
    }

    /** A wrong answer: the application saw something A would not have answered. */
    static final class WrongAnswer extends SQLException {
        private static final long serialVersionUID = 1L;

        WrongAnswer(String message) {
            super(message);
        }
    }

    private final int rows;
    private long sink;

    /** @param rows rows initially in the table (ids 1..rows); selects and updates stay within them */
    Workload(int rows) {
        this.rows = rows;
    }

    /** Runs one operation through the pool. */
    void run(Op op, DataSource ds, SplittableRandom rnd) throws SQLException {
        try (Connection c = ds.getConnection()) {
            switch (op) {
                case POINT_SELECT -> pointSelect(c, 1 + rnd.nextInt(rows));
                case RANGE_SELECT -> rangeSelect(c, 1 + rnd.nextInt(rows - RANGE + 1));
                case UPDATE_IN_TX -> updateInTransaction(c, 1 + rnd.nextInt(rows), rnd.nextInt(1_000_000));
                case INSERT -> insert(c, rnd.nextInt(100), rnd.nextInt(1_000_000));
                default -> throw new IllegalStateException(op.name());
            }
        }
    }

    void pointSelect(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
            ps.setLong(1, id);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink += rs.getLong(4) + rs.getString(3).length();
                    n++;
                }
            }
            expect(n, 1, "point select of id " + id);
        }
    }

    void rangeSelect(Connection c, long from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RANGE_SQL)) {
            ps.setLong(1, from);
            ps.setLong(2, from + RANGE - 1);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink += rs.getLong(4) + rs.getString(3).length();
                    n++;
                }
            }
            expect(n, RANGE, "range select from id " + from);
        }
    }

    void updateInTransaction(Connection c, long id, int seconds) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(UPDATE_SQL)) {
            ps.setTimestamp(1, new Timestamp(EPOCH_MILLIS + seconds * 1000L));
            ps.setLong(2, id);
            int n = ps.executeUpdate();
            c.commit();
            expect(n, 1, "update of id " + id);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    long insert(Connection c, int grp, int seconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_SQL, Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, grp);
            ps.setString(2, "load-" + seconds);
            ps.setLong(3, seconds % 1000);
            ps.setTimestamp(4, new Timestamp(EPOCH_MILLIS + seconds * 1000L));
            expect(ps.executeUpdate(), 1, "insert");
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new WrongAnswer("insert returned no generated key");
                }
                long key = keys.getLong(1);
                if (key <= rows) {
                    throw new WrongAnswer("insert returned key " + key + ", inside the initial rows 1.." + rows);
                }
                return key;
            }
        }
    }

    private static void expect(int got, int wanted, String what) throws WrongAnswer {
        if (got != wanted) {
            throw new WrongAnswer(what + " gave " + got + " row(s), expected " + wanted);
        }
    }

    /** Keeps the JIT from discarding what the selects read. */
    long sink() {
        return sink;
    }
}
