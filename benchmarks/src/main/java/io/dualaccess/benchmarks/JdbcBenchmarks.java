package io.dualaccess.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The workloads. Each operation borrows a connection from the pool and returns it, as a request
 * of an application does, so the pool's own calls through the proxy (auto-commit reset, warning
 * clearing) are part of the cost. Every value read goes to the {@link Blackhole}; each method
 * returns its row or update count, which JMH consumes and the tests check.
 *
 * <p>Defaults are for 2-core machines; {@code benchmarks/run.sh} passes its own settings.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JdbcBenchmarks {

    static final String STATEMENT_CYCLE_SQL = "SELECT grp FROM item WHERE id = ?";
    static final String POINT_SELECT_SQL = "SELECT id, grp, name, amount, price, updated FROM item WHERE id = ?";
    static final String RANGE_SELECT_SQL =
        "SELECT id, grp, name, amount, price, updated FROM item WHERE id BETWEEN ? AND ? ORDER BY id";
    static final String INSERT_SQL = "INSERT INTO event (id, item_id, kind, amount) VALUES (?, ?, ?, ?)";
    static final String UPDATE_SQL = "UPDATE item SET amount = amount + 1 WHERE id = ?";
    static final int BATCH = 100;

    /** The smallest full statement: prepare, bind one int, execute, read one int, close. */
    @Benchmark
    public int statementCycle(JdbcState s, Cursor c, Blackhole bh) throws SQLException {
        int rows = 0;
        try (Connection conn = s.dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(STATEMENT_CYCLE_SQL)) {
            ps.setInt(1, c.nextId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bh.consume(rs.getInt(1));
                    rows++;
                }
            }
        }
        return rows;
    }

    /** One row by primary key, every column read. */
    @Benchmark
    public int pointSelect(JdbcState s, Cursor c, Blackhole bh) throws SQLException {
        int rows = 0;
        try (Connection conn = s.dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(POINT_SELECT_SQL)) {
            ps.setInt(1, c.nextId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readRow(rs, bh);
                    rows++;
                }
            }
        }
        return rows;
    }

    /** 1,000 consecutive rows by primary key range, every column of every row read. */
    @Benchmark
    public int select1000Rows(JdbcState s, Cursor c, Blackhole bh) throws SQLException {
        int rows = 0;
        int from = c.nextRangeStart();
        try (Connection conn = s.dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(RANGE_SELECT_SQL)) {
            ps.setInt(1, from);
            ps.setInt(2, from + Fixture.RANGE - 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readRow(rs, bh);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static void readRow(ResultSet rs, Blackhole bh) throws SQLException {
        bh.consume(rs.getInt(1));
        bh.consume(rs.getInt(2));
        bh.consume(rs.getString(3));
        bh.consume(rs.getLong(4));
        bh.consume(rs.getDouble(5));
        bh.consume(rs.getTimestamp(6));
    }

    /** One insert in auto-commit mode. */
    @Benchmark
    public int insert(JdbcState s, Cursor c) throws SQLException {
        long id = s.fixture.nextEventIds(1);
        try (Connection conn = s.dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(INSERT_SQL)) {
            bindEvent(ps, id, c.nextId());
            return ps.executeUpdate();
        }
    }

    /** One update inside an explicit transaction: auto-commit off, update, commit (the pool restores auto-commit). */
    @Benchmark
    public int updateInTransaction(JdbcState s, Cursor c) throws SQLException {
        try (Connection conn = s.dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(UPDATE_SQL)) {
                ps.setInt(1, c.nextId());
                int updated = ps.executeUpdate();
                conn.commit();
                return updated;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /** 100 inserts sent as one JDBC batch, auto-commit mode. */
    @Benchmark
    public int batch100Inserts(JdbcState s, Cursor c) throws SQLException {
        long first = s.fixture.nextEventIds(BATCH);
        int inserted = 0;
        try (Connection conn = s.dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(INSERT_SQL)) {
            for (int i = 0; i < BATCH; i++) {
                bindEvent(ps, first + i, c.nextId());
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                inserted += count;
            }
        }
        return inserted;
    }

    private static void bindEvent(PreparedStatement ps, long id, int itemId) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, itemId);
        ps.setString(3, "deposit");
        ps.setLong(4, itemId * 3L);
    }
}
