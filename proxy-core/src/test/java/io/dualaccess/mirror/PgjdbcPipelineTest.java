package io.dualaccess.mirror;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the mirror's pipeline ({@code dualaccess.mirror.pipeline}) relies on in PostgreSQL's driver
 * (the version in the poms), against the real server: a prepared text of several statements
 * separated by {@code ;}, with {@code ?} parameters in any of them numbered across the whole text,
 * runs in one round trip and answers one update count per statement through
 * {@code execute}/{@code getMoreResults}; a failing statement fails the whole call with its own error
 * and nothing about the statements before it, and leaves the transaction aborted until it is rolled
 * back (to a savepoint taken in the same text, which undoes the statements before it too).
 */
class PgjdbcPipelineTest {

    /** This class's tag for its round trips: another test's connections are not counted. */
    private static final String TAG = "pgjdbc-pipeline-" + System.nanoTime();

    private static final String PIPELINE = "insert into %1$s (id, v) values (?, ?)\n;\nupdate %1$s set v = v + ? where id <= ?"
        + "\n;\ndelete from %1$s where id = ?";

    private static Connection connect(TestDb db) throws SQLException {
        return DriverManager.getConnection(db.url() + (db.url().contains("?") ? "&" : "?") + RoundTrips.urlParameter(TAG),
            db.user(), db.password());
    }

    private static List<Long> counts(PreparedStatement ps) throws SQLException {
        List<Long> out = new ArrayList<>();
        boolean rows = ps.execute();
        while (rows || ps.getLargeUpdateCount() != -1) {
            assertThat(rows).as("no statement of the pipeline answers rows").isFalse();
            out.add(ps.getLargeUpdateCount());
            rows = ps.getMoreResults();
        }
        return out;
    }

    @Test
    void aJoinedTextRunsInOneRoundTripWithOneUpdateCountPerStatement() throws Exception {
        TestDb b = Engine.POSTGRESQL.b();
        String t = "pgpipe_" + ProcessHandle.current().pid() + "_1";
        b.run("drop table if exists " + t, "create table " + t + " (id int primary key, v int)");
        try (Connection c = connect(b)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(PIPELINE.formatted(t))) {
                // Past the driver's prepareThreshold (5): the same answers with server-side named statements.
                for (int round = 1; round <= 8; round++) {
                    ps.setInt(1, round);
                    ps.setInt(2, 10);
                    ps.setInt(3, 1);
                    ps.setInt(4, 100);
                    ps.setInt(5, 999);
                    long before = RoundTrips.flushes(TAG);
                    assertThat(counts(ps)).as("round " + round).containsExactly(1L, (long) round, 0L);
                    assertThat(RoundTrips.flushes(TAG) - before).as("round trips of round " + round).isEqualTo(1);
                }
            }
            c.commit();
        }
        // row r: 10, then +1 in rounds r..8
        assertThat(b.rows("select count(*), sum(v) from " + t)).containsExactly("8|" + (8 * 10 + 8 * 9 / 2));
    }

    @Test
    void aFailingStatementFailsTheCallAndAbortsTheTransactionUntilItsSavepointIsRolledBack() throws Exception {
        TestDb b = Engine.POSTGRESQL.b();
        String t = "pgpipe_" + ProcessHandle.current().pid() + "_2";
        b.run("drop table if exists " + t, "create table " + t + " (id int primary key, v int)",
            "insert into " + t + " values (1, 1), (2, 2)");
        String text = PipelineText.SAVEPOINT + PipelineText.SEPARATOR
            + "update " + t + " set v = ? where id = ?" + PipelineText.SEPARATOR
            + "insert into " + t + " (id, v) values (?, ?)" + PipelineText.SEPARATOR
            + "update " + t + " set v = ? where id = ?" + PipelineText.SEPARATOR + PipelineText.RELEASE;
        try (Connection c = connect(b)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update " + t + " set v = 20 where id = 2");
            }
            try (PreparedStatement ps = c.prepareStatement(text)) {
                ps.setInt(1, 100);
                ps.setInt(2, 1);
                ps.setInt(3, 1); // the second statement's key exists: it fails
                ps.setInt(4, 7);
                ps.setInt(5, 200);
                ps.setInt(6, 2);
                long before = RoundTrips.flushes(TAG);
                assertThatThrownBy(ps::execute).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
                assertThat(RoundTrips.flushes(TAG) - before).isEqualTo(1);
                assertThat(ps.getUpdateCount()).as("nothing about the statements before it").isEqualTo(-1);
            }
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("select 1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
                s.execute(PipelineText.ROLLBACK_TO + PipelineText.SEPARATOR + PipelineText.RELEASE);
            }
            c.commit();
        }
        // The first statement was undone with the savepoint; what came before the pipeline stays.
        assertThat(b.rows("select id, v from " + t + " order by id")).containsExactly("1|1", "2|20");
    }
}
