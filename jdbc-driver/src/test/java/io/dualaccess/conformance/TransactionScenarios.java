package io.dualaccess.conformance;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/** Transactions: commit, rollback, savepoints, isolation levels, read-only. */
final class TransactionScenarios {

    private static final int[] LEVELS = {
        Connection.TRANSACTION_NONE,
        Connection.TRANSACTION_READ_UNCOMMITTED,
        Connection.TRANSACTION_READ_COMMITTED,
        Connection.TRANSACTION_REPEATABLE_READ,
        Connection.TRANSACTION_SERIALIZABLE,
    };

    private TransactionScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("commit_and_rollback", TransactionScenarios::commitAndRollback),
            Scenario.of("savepoints", TransactionScenarios::savepoints),
            Scenario.of("isolation_levels", TransactionScenarios::isolationLevels),
            Scenario.of("read_only", TransactionScenarios::readOnly));
    }

    private static void insert(Transcript t, Connection c, String table, int id) {
        t.attempt("insert " + id, () -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("insert into " + table + " values (" + id + ")");
            }
        });
    }

    /** Autocommit off and on, commit, rollback, and what each does in the wrong mode. */
    static void commitAndRollback(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_tx");
        Sql.exec(c, "create table cf_tx (id int primary key)");
        t.attempt("getAutoCommit initially", c::getAutoCommit);
        t.attemptRun("commit in autocommit mode", c::commit);
        t.attemptRun("rollback in autocommit mode", c::rollback);
        t.attemptRun("setAutoCommit(false)", () -> c.setAutoCommit(false));
        t.attempt("getAutoCommit", c::getAutoCommit);
        insert(t, c, "cf_tx", 1);
        t.attemptRun("rollback", c::rollback);
        t.table(c, "cf_tx");
        insert(t, c, "cf_tx", 2);
        t.attemptRun("commit", c::commit);
        t.table(c, "cf_tx");
        insert(t, c, "cf_tx", 3);
        // The JDBC spec: switching autocommit on commits the running transaction.
        t.attemptRun("setAutoCommit(true) commits", () -> c.setAutoCommit(true));
        t.table(c, "cf_tx");
        t.attemptRun("setAutoCommit(false)", () -> c.setAutoCommit(false));
        t.attemptRun("setAutoCommit(false) again", () -> c.setAutoCommit(false));
        insert(t, c, "cf_tx", 4);
        insert(t, c, "cf_tx", 5);
        t.attemptRun("rollback two inserts", c::rollback);
        t.attemptRun("rollback with nothing to roll back", c::rollback);
        t.attemptRun("commit with nothing to commit", c::commit);
        t.table(c, "cf_tx");
        t.attemptRun("setAutoCommit(true)", () -> c.setAutoCommit(true));
        insert(t, c, "cf_tx", 6);
        t.table(c, "cf_tx");
        t.attempt("getHoldability", c::getHoldability);
        t.attemptRun("setHoldability(CLOSE_CURSORS_AT_COMMIT)",
            () -> c.setHoldability(java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT));
        t.attempt("getHoldability", c::getHoldability);
        Sql.dropTables(c, "cf_tx");
    }

    /** Unnamed and named savepoints, rolling back to one, releasing, and using a released one. */
    static void savepoints(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_sp");
        Sql.exec(c, "create table cf_sp (id int primary key)");
        t.attempt("supportsSavepoints", () -> c.getMetaData().supportsSavepoints());
        t.attempt("setSavepoint in autocommit mode", () -> c.setSavepoint());
        c.setAutoCommit(false);
        try {
            insert(t, c, "cf_sp", 1);
            Savepoint first = t.attempt("setSavepoint()", () -> c.setSavepoint());
            if (first != null) {
                t.attempt("unnamed getSavepointId", first::getSavepointId);
                t.attempt("unnamed getSavepointName", first::getSavepointName);
            }
            insert(t, c, "cf_sp", 2);
            Savepoint second = t.attempt("setSavepoint(sp_two)", () -> c.setSavepoint("sp_two"));
            if (second != null) {
                t.attempt("named getSavepointName", second::getSavepointName);
                t.attempt("named getSavepointId", second::getSavepointId);
            }
            insert(t, c, "cf_sp", 3);
            t.attemptRun("rollback(sp_two)", () -> c.rollback(second));
            t.table(c, "cf_sp");
            insert(t, c, "cf_sp", 4);
            t.attemptRun("releaseSavepoint(sp_two)", () -> c.releaseSavepoint(second));
            t.attemptRun("rollback(first)", () -> c.rollback(first));
            t.table(c, "cf_sp");
            t.attemptRun("releaseSavepoint(first)", () -> c.releaseSavepoint(first));
            t.attemptRun("rollback to a released savepoint", () -> c.rollback(first));
            t.attemptRun("rollback(null)", () -> c.rollback((Savepoint) null));
            t.attemptRun("commit", c::commit);
            t.table(c, "cf_sp");
            Savepoint third = t.attempt("setSavepoint(sp_three) in a new transaction", () -> c.setSavepoint("sp_three"));
            insert(t, c, "cf_sp", 5);
            t.attemptRun("commit", c::commit);
            t.attemptRun("rollback to a savepoint of a committed transaction", () -> c.rollback(third));
            t.attemptRun("rollback", c::rollback);
            t.table(c, "cf_sp");
        } finally {
            c.setAutoCommit(true);
        }
        Sql.dropTables(c, "cf_sp");
    }

    /** Every isolation level: what the engine supports, setting it, reading it back, inside a transaction. */
    static void isolationLevels(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_iso");
        Sql.exec(c, "create table cf_iso (id int primary key)");
        DatabaseMetaData md = c.getMetaData();
        t.attempt("getDefaultTransactionIsolation", md::getDefaultTransactionIsolation);
        t.attempt("supportsTransactions", md::supportsTransactions);
        t.attempt("getTransactionIsolation initially", c::getTransactionIsolation);
        int id = 0;
        for (int level : LEVELS) {
            t.attempt("supportsTransactionIsolationLevel(" + level + ")", () -> md.supportsTransactionIsolationLevel(level));
            t.attemptRun("setTransactionIsolation(" + level + ")", () -> c.setTransactionIsolation(level));
            t.attempt("getTransactionIsolation", c::getTransactionIsolation);
            c.setAutoCommit(false);
            try {
                insert(t, c, "cf_iso", ++id);
                t.attempt("getTransactionIsolation inside a transaction", c::getTransactionIsolation);
                t.attemptRun("commit", c::commit);
            } finally {
                c.setAutoCommit(true);
            }
        }
        t.attemptRun("setTransactionIsolation(3), not a level", () -> c.setTransactionIsolation(3));
        t.attempt("getTransactionIsolation", c::getTransactionIsolation);
        c.setAutoCommit(false);
        try {
            insert(t, c, "cf_iso", 100);
            t.attemptRun("setTransactionIsolation(SERIALIZABLE) in the middle of a transaction",
                () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            t.attempt("getTransactionIsolation", c::getTransactionIsolation);
            t.attemptRun("rollback", c::rollback);
        } finally {
            c.setAutoCommit(true);
        }
        t.attemptRun("setTransactionIsolation(READ_COMMITTED)",
            () -> c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED));
        t.table(c, "cf_iso");
        Sql.dropTables(c, "cf_iso");
    }

    /** {@code setReadOnly}, a write under it (whatever the engine makes of it), inside and outside a transaction. */
    static void readOnly(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_ro");
        Sql.exec(c, "create table cf_ro (id int primary key)");
        t.attempt("isReadOnly initially", c::isReadOnly);
        t.attemptRun("setReadOnly(true)", () -> c.setReadOnly(true));
        t.attempt("isReadOnly", c::isReadOnly);
        insert(t, c, "cf_ro", 1);
        t.attempt("select under read-only", () -> Sql.scalar(c, "select count(*) from cf_ro"));
        c.setAutoCommit(false);
        try {
            insert(t, c, "cf_ro", 2);
            t.attemptRun("rollback", c::rollback);
            t.attempt("select in a read-only transaction", () -> Sql.scalar(c, "select count(*) from cf_ro"));
            t.attemptRun("setReadOnly(false) in the middle of a transaction", () -> c.setReadOnly(false));
            t.attempt("isReadOnly", c::isReadOnly);
            t.attemptRun("rollback", c::rollback);
        } finally {
            c.setAutoCommit(true);
        }
        t.attemptRun("setReadOnly(false)", () -> c.setReadOnly(false));
        t.attempt("isReadOnly", c::isReadOnly);
        insert(t, c, "cf_ro", 3);
        t.table(c, "cf_ro");
        Sql.dropTables(c, "cf_ro");
    }
}
