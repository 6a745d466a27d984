package io.dualaccess.benchmarks.tpcc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * The mode {@code by-hand}: the application mirrors its own writes to B with plain JDBC, in
 * dualaccess's order and with what dualaccess's mirror needs of B's driver and nothing of its own
 * bookkeeping. B's connection comes from a HikariCP pool configured as dualaccess's pool for B
 * (READ COMMITTED, the statement timeout as a session setting, {@code cancelSignalTimeout=1}); it is
 * borrowed at the transaction's first write, with autocommit off and a network timeout, each write
 * runs on B right after A's (a statement text prepared once per transaction and bound again), B
 * commits after A, and the connection goes back at the end. {@code dual-write − by-hand} is then
 * what dualaccess itself costs beyond the inherent work of mirroring (B's round trips and driver).
 * One per terminal (not thread-safe).
 */
final class HandMirror {

    private static final Executor DIRECT = Runnable::run;
    private static final int MAX = 8;

    private final HikariDataSource pool;
    private Connection b;
    private final String[] sqls = new String[MAX];
    private final PreparedStatement[] prepared = new PreparedStatement[MAX];
    private int size;

    HandMirror(HikariDataSource pool) {
        this.pool = pool;
    }

    /** B's pool as dualaccess configures its own. */
    static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tpcc-by-hand-b");
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(0);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setConnectionInitSql("SET statement_timeout = 5000");
        hc.addDataSourceProperty("cancelSignalTimeout", "1");
        return new HikariDataSource(hc);
    }

    /** Runs on B the write A just ran: its text and its parameters, bound by their type. */
    void write(String sql, Object... params) throws SQLException {
        if (b == null) {
            b = pool.getConnection();
            b.setNetworkTimeout(DIRECT, 5000);
            b.setAutoCommit(false);
        }
        PreparedStatement ps = null;
        for (int i = 0; i < size; i++) {
            if (sqls[i].equals(sql)) {
                ps = prepared[i];
                ps.clearParameters();
            }
        }
        if (ps == null) {
            ps = b.prepareStatement(sql);
            sqls[size] = sql;
            prepared[size++] = ps;
        }
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof java.math.BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else if (p instanceof java.sql.Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
        ps.executeUpdate();
    }

    /** After A committed: B commits, and its connection goes back. */
    void commit() throws SQLException {
        if (b != null) {
            try {
                b.commit();
            } finally {
                release();
            }
        }
    }

    /** After A rolled back. */
    void rollback() throws SQLException {
        if (b != null) {
            try {
                b.rollback();
            } finally {
                release();
            }
        }
    }

    private void release() throws SQLException {
        for (int i = 0; i < size; i++) {
            prepared[i].close();
            prepared[i] = null;
            sqls[i] = null;
        }
        size = 0;
        Connection c = b;
        b = null;
        c.close();
    }
}
