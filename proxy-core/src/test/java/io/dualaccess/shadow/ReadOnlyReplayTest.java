package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replayed read never writes B, however it is replayed: in auto-commit on B's read pool, whose
 * sessions the server keeps read-only (PostgreSQL, MariaDB), or in a rolled-back transaction (H2).
 * A read that calls a function which writes is refused on B (or its write rolled back), also after a
 * read turned the session's access mode back to read-write; and a result past one fetch is compared
 * with its exact row count.
 */
public class ReadOnlyReplayTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    /** H2's function: writes a row into the table its name says, on the calling session. */
    public static int bump(Connection session, String table) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.executeUpdate("insert into " + table + " values (1)");
        }
        return 1;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aReplayedReadThatWouldWriteIsRefusedOnB(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String n = "ror_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + n + " (id int)", writingFunction(engine, n));
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = shadowRead(a, b, log); Connection app = ds.getConnection()) {
            assertThat(read(app, bump(engine, n))).isEqualTo(1);
            String event = Waits.lines(log, 1).get(0);
            if (engine == Engine.H2) {
                // H2 has no read-only session: the replay's transaction is rolled back, its write with it,
                // on B's read pool, whose connections stay in that transaction (no auto-commit).
                assertThat(event).contains("\"outcome\":\"match\"");
                assertThat(ds.runtime().bReadPool().getHikariPoolMXBean().getTotalConnections()).isPositive();
                try (Connection kept = ds.runtime().bReadPool().getConnection()) {
                    assertThat(kept.getAutoCommit()).isFalse();
                }
            } else {
                assertThat(event).contains("\"outcome\":\"b_error\"").containsPattern("(?i)read[- ]only")
                    .doesNotContain("\"outcome\":\"match\"");
            }
        }
        assertThat(a.rows("select count(*) from " + n)).containsExactly("1");
        assertThat(b.rows("select count(*) from " + n)).as("nothing the replay did stays in B").containsExactly("0");
        dropAll(engine, a, b, n);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void aReadThatTurnsTheSessionReadWriteDoesNotLetALaterReplayWrite(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String n = "ror_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        String flip = engine == Engine.POSTGRESQL
            ? "create function " + n + "_flip() returns int language plpgsql as $$ begin"
                + " perform set_config('default_transaction_read_only', 'off', false); return 1; end $$"
            : "create function " + n + "_flip() returns int begin set session tx_read_only = 0; return 1; end";
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + n + " (id int)", writingFunction(engine, n), flip);
        }
        Path log = dir.resolve("comparisons.jsonl");
        // One worker and one connection in each of B's pools: the second replay runs on the session the first changed.
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.log.aggregate", "none")
                .set("dualaccess.shadow.threads", "1")
                .set("dualaccess.b.pool.max-size", "1")
                .build();
             Connection app = ds.getConnection()) {
            assertThat(read(app, "select " + n + "_flip() as x")).isEqualTo(1);
            assertThat(Waits.lines(log, 1).get(0)).contains("\"outcome\":\"match\"");
            assertThat(read(app, bump(engine, n))).isEqualTo(1);
            assertThat(Waits.lines(log, 2).get(1)).contains("\"outcome\":\"b_error\"").containsPattern("(?i)read[- ]only");
        }
        assertThat(b.rows("select count(*) from " + n)).as("nothing the replay did stays in B").containsExactly("0");
        for (TestDb db : List.of(a, b)) {
            db.run("drop function " + n + "_flip" + (engine == Engine.POSTGRESQL ? "()" : ""));
        }
        dropAll(engine, a, b, n);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aResultPastOneFetchOnBIsComparedWithItsExactRowCount(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "ror_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        a.run("create table " + t + " (id int primary key)", "insert into " + t + " values (1), (2), (3)");
        b.run("create table " + t + " (id int primary key)");
        try (Connection c = b.connect(); var ps = c.prepareStatement("insert into " + t + " values (?)")) {
            for (int i = 1; i <= ShadowReads.FETCH_SIZE + 500; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = shadowRead(a, b, log); Connection app = ds.getConnection();
             Statement s = app.createStatement()) {
            int rows = 0;
            try (ResultSet rs = s.executeQuery("select id from " + t)) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(3);
            String event = Waits.lines(log, 1).get(0);
            assertThat(event).contains("\"outcome\":\"mismatch\"", "\"rows_a\":3", "\"rows_b\":" + (ShadowReads.FETCH_SIZE + 500));
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    private static DualAccessDataSource shadowRead(TestDb a, TestDb b, Path log) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW_READ)
            .set("dualaccess.log.file", log.toString())
            // each read's own outcome: one line per statement
            .set("dualaccess.log.aggregate", "none")
            .build();
    }

    /** A function {@code <n>_bump()} that inserts a row into table {@code n} and returns 1. */
    private static String writingFunction(Engine engine, String n) {
        return engine.pick(
            "create alias " + n + "_bump for \"" + ReadOnlyReplayTest.class.getName() + ".bump\"",
            "create function " + n + "_bump() returns int language sql as $$ insert into " + n + " values (1); select 1 $$",
            "create function " + n + "_bump() returns int modifies sql data begin insert into " + n + " values (1); return 1; end");
    }

    /** The read that calls {@code <n>_bump}: H2's Java function is told its table. */
    private static String bump(Engine engine, String n) {
        return "select " + n + "_bump(" + (engine == Engine.H2 ? "'" + n + "'" : "") + ") as x";
    }

    private static int read(Connection app, String sql) throws SQLException {
        try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static void dropAll(Engine engine, TestDb a, TestDb b, String n) throws SQLException {
        for (TestDb db : List.of(a, b)) {
            db.run(engine == Engine.H2 ? "drop alias " + n + "_bump" : "drop function " + n + "_bump" + (engine == Engine.POSTGRESQL ? "()" : ""),
                "drop table " + n);
        }
    }
}
