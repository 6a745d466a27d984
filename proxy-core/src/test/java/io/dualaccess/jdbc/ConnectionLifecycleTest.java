package io.dualaccess.jdbc;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.FaultyDriver;
import io.dualaccess.testing.FaultyDriver.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application connection's lifecycle and failure paths (issue 14, findings 1 to 4), on H2
 * behind {@link FaultyDriver}, which fails chosen calls on purpose and counts physical connections.
 */
class ConnectionLifecycleTest {

    @TempDir
    Path dir;

    private Faults a;
    private Faults b;
    private DualAccessDataSource ds;

    @BeforeEach
    void databases() throws SQLException {
        a = FaultyDriver.h2("a");
        b = FaultyDriver.h2("b");
        for (Faults f : List.of(a, b)) {
            try (Connection c = f.direct(); Statement s = c.createStatement()) {
                s.execute("create table t (id int primary key, v varchar(20))");
                s.execute("create schema s2");
                s.execute("create table s2.t (id int primary key, v varchar(20))");
            }
        }
    }

    @AfterEach
    void close() {
        a.clear();
        b.clear();
        if (ds != null) {
            ds.close();
        }
    }

    private DualAccessDataSource dataSource(Phase phase) throws SQLException {
        ds = DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), "sa", "")
            .phase(phase)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
        return ds;
    }

    private int bActive() {
        return ds.runtime().bPool().getHikariPoolMXBean().getActiveConnections();
    }

    private static List<String> rows(Faults f, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = f.direct(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    // ---- finding 1: use after close ---------------------------------------------------------------------

    @Test
    void aClosedConnectionStaysClosedAndOpensNothingAfterAPhaseChange() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        Connection c = ds.getConnection();
        c.close();
        assertThat(c.isClosed()).isTrue();
        // The change itself opens connections (it aligns sequences): count from after it.
        ds.phaseControl().setGlobal(Phase.LIVE, "test");
        int bOpened = b.opened();
        int aOpened = a.opened();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.prepareStatement("select 1")).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(c::getMetaData).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThat(c.isClosed()).isTrue();
        assertThat(b.opened()).as("no connection to B opened after close").isEqualTo(bOpened);
        assertThat(a.opened()).as("no connection to A opened after close").isEqualTo(aOpened);
        assertThat(a.open()).isZero();
        assertThatCode(c::close).as("double close is harmless").doesNotThrowAnyException();
    }

    @Test
    void closeClosesOpenStatementsBeforeTheConnection() throws Exception {
        dataSource(Phase.OFF);
        Connection c = ds.getConnection();
        Statement s1 = c.createStatement();
        PreparedStatement s2 = c.prepareStatement("select 1");
        a.forgetCalls();
        c.close();
        assertThat(s1.isClosed()).isTrue();
        assertThat(s2.isClosed()).isTrue();
        List<String> calls = a.calls();
        assertThat(calls).containsSubsequence("Statement.close", "Connection.close");
        assertThat(calls).containsSubsequence("PreparedStatement.close", "Connection.close");
    }

    @Test
    void aCloseThatFailsStillMarksTheConnectionClosed() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        Connection c = ds.getConnection();
        a.fail("Connection.close", 0, 1);
        assertThatThrownBy(c::close).isInstanceOf(SQLException.class);
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).hasMessageContaining("closed");
    }

    // ---- finding 2: a side move failing midway --------------------------------------------------------

    @Test
    void aSideMoveThatFailsMidwayClosesWhatItOpenedEveryTime() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            ds.phaseControl().setGlobal(Phase.LIVE, "test");
            b.fail("Connection.setTransactionIsolation");
            int before = b.open();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
                    .hasMessageContaining("injected failure");
            }
            assertThat(b.open()).as("every connection the failed moves opened is closed").isEqualTo(before);
            b.clear();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into t values (1, 'moved')");
            }
        }
        assertThat(rows(b, "select v from t")).containsExactly("moved");
    }

    // ---- finding 3: commit, rollback, abort -------------------------------------------------------------

    @Test
    void whenACommitFailsBsTransactionIsRolledBackAndReleased() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into t values (1, 'x')");
            }
            assertThat(bActive()).as("B's connection is held by the transaction").isEqualTo(1);
            a.fail("Connection.commit", 0, 1);
            assertThatThrownBy(c::commit).hasMessageContaining("injected failure");
            assertThat(bActive()).as("B's connection went back to its pool").isZero();
            assertThat(rows(b, "select v from t")).as("B kept nothing A did not commit").isEmpty();
            c.rollback();
        }
    }

    @Test
    void whenARollbackFailsBsTransactionIsStillReleased() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into t values (1, 'x')");
            }
            a.fail("Connection.rollback", 0, 1);
            assertThatThrownBy(c::rollback).hasMessageContaining("injected failure");
            assertThat(bActive()).isZero();
            assertThat(rows(b, "select v from t")).isEmpty();
        }
    }

    @Test
    void abortReleasesBsConnection() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into t values (1, 'x')");
        }
        assertThat(bActive()).isEqualTo(1);
        c.abort(Runnable::run);
        assertThat(bActive()).as("abort released B's connection").isZero();
        assertThat(c.isClosed()).isTrue();
        assertThat(rows(b, "select v from t")).isEmpty();
        assertThat(a.open()).isZero();
    }

    @Test
    void aShortTransactionWhoseAutocommitRestoreFailsDoesNotLeakB() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            // The first setAutoCommit starts dualaccess's short transaction; the second, after A's commit, fails.
            a.fail("Connection.setAutoCommit", 1, 1);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("insert into t values (1, 'x')")).hasMessageContaining("injected failure");
            }
            assertThat(bActive()).as("B's connection went back to its pool").isZero();
            assertThat(rows(a, "select v from t")).containsExactly("x");
            assertThat(rows(b, "select v from t")).as("A committed, so B commits too").containsExactly("x");
        }
    }

    // ---- finding 4: connection state replayed on paired and moved connections -----------------------------

    @Test
    void theSchemaTheApplicationSetIsWhereTheMirrorWrites() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setSchema("S2");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into t values (1, 'in s2')");
            }
        }
        assertThat(rows(a, "select v from s2.t")).containsExactly("in s2");
        assertThat(rows(b, "select v from s2.t")).as("mirrored into B's s2").containsExactly("in s2");
        assertThat(rows(b, "select v from public.t")).isEmpty();
    }

    @Test
    void stateTheApplicationSetFollowsAMoveToB() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setSchema("S2");
            c.setReadOnly(false);
            c.setHoldability(java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT);
            ds.phaseControl().setGlobal(Phase.LIVE, "test");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into t values (2, 'moved to b')");
            }
            assertThat(c.getSchema()).isEqualToIgnoringCase("s2");
            assertThat(c.getHoldability()).isEqualTo(java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT);
        }
        assertThat(rows(b, "select v from s2.t")).containsExactly("moved to b");
        assertThat(rows(a, "select v from s2.t")).as("mirrored back into A's s2").containsExactly("moved to b");
    }
}
