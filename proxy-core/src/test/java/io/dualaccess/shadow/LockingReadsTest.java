package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.sql.LockingClause;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locking reads ({@code FOR UPDATE}, {@code FOR SHARE}, {@code LOCK IN SHARE MODE}, …) are replayed
 * on B without their clause: they compare like any read (a planted difference is a mismatch), the
 * read-only replay no longer fails on PostgreSQL, and B's rows are never locked by a replay.
 */
class LockingReadsTest {

    @TempDir
    Path dir;

    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    private static int drain(Statement s, String sql) throws Exception {
        int n = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void lockingReadsCompareOnBWithoutLockingIt(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "lr_" + ProcessHandle.current().pid() + "_" + engine.ordinal();
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t, "create table " + t + " (id int primary key, stock int)",
                "insert into " + t + " values (1, 10), (2, 20), (3, 30)");
        }
        List<String> reads = new ArrayList<>(List.of(
            "select id, stock from " + t + " where id = 1 for update",
            "select id, stock from " + t + " where id <= 2 order by id for update nowait",
            "select id, stock from " + t + " for update skip locked"));
        if (engine == Engine.POSTGRESQL) {
            reads.add("select id, stock from " + t + " where id = 2 for share");
            reads.add("select id, stock from " + t + " where id = 3 for no key update");
            reads.add("select s.id, s.stock from " + t + " s where s.id = 3 for update of s");
        } else {
            reads.add("select id, stock from " + t + " where id = 3 lock in share mode");
        }
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : reads) {
                c.setAutoCommit(false);
                assertThat(drain(s, sql)).isPositive();
                // While the application holds A's lock, B's row is free: the replay took no lock there.
                assertThat(events(reads.indexOf(sql) + 1)).hasSize(reads.indexOf(sql) + 1);
                try (Connection direct = b.connect(); Statement u = direct.createStatement()) {
                    u.execute(engine == Engine.POSTGRESQL ? "set lock_timeout = '2s'" : "set innodb_lock_wait_timeout = 2");
                    assertThat(u.executeUpdate("update " + t + " set stock = stock where id in (1, 2, 3)")).isEqualTo(3);
                }
                c.commit();
                c.setAutoCommit(true);
            }
            List<String> events = events(reads.size());
            assertThat(events).hasSize(reads.size()).allSatisfy(e -> assertThat(e).contains("\"outcome\":\"match\""));

            // A planted difference on B is a mismatch naming the row.
            b.run("update " + t + " set stock = 11 where id = 1");
            c.setAutoCommit(false);
            drain(s, "select id, stock from " + t + " where id = 1 for update");
            c.commit();
            List<String> after = events(reads.size() + 1);
            assertThat(after).hasSize(reads.size() + 1);
            assertThat(after.get(reads.size())).contains("\"outcome\":\"mismatch\"", "for update");
            assertThat(after.get(reads.size()).toLowerCase()).contains("\"column\":\"stock\"");
        }
        for (TestDb db : List.of(a, b)) {
            db.run("drop table " + t);
        }
    }

    @Test
    void onlyTheTrailingClauseIsRemoved() {
        assertThat(LockingClause.strip("select * from t where id = ? FOR UPDATE")).isEqualTo("select * from t where id = ?");
        assertThat(LockingClause.strip("select * from t for update of t nowait;")).isEqualTo("select * from t");
        assertThat(LockingClause.strip("select * from t limit 5 For No Key Update skip locked")).isEqualTo("select * from t limit 5");
        assertThat(LockingClause.strip("select * from t\n  LOCK IN SHARE MODE")).isEqualTo("select * from t");
        assertThat(LockingClause.strip("select * from t for share wait 5")).isEqualTo("select * from t");
        assertThat(LockingClause.strip("select * from t where note = 'for update'")).isEqualTo("select * from t where note = 'for update'");
        assertThat(LockingClause.strip("select * from t")).isEqualTo("select * from t");
    }
}
