package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dualaccess.shadow.in-transaction=paired}: a read after a write in the same transaction is
 * replayed on the shadow side's connection of that transaction, which holds the same uncommitted
 * rows, so it compares {@code match}; a planted difference is a {@code mismatch}; a read that fails
 * on B leaves B's transaction whole (it still commits the mirrored writes). With the default
 * {@code skip} the same reads are {@code skipped}, reason {@code in-transaction}.
 */
class InTransactionReadsTest {

    @TempDir
    Path dir;

    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    private DualAccessDataSource shadow(TestDb a, TestDb b, String mode) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW)
            .set("dualaccess.shadow.in-transaction", mode)
            .set("dualaccess.shadow.in-transaction.sample-rate", "1")
            .set("dualaccess.shadow.in-transaction.budget", "5s")
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // Each read's own line, in the order compared: one line per statement.
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void readsAfterAWriteCompareInsideThePairedTransaction(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "itx_" + ProcessHandle.current().pid() + "_" + engine.ordinal();
        String onlyA = t + "_a";
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t, "create table " + t + " (id int primary key, qty int)",
                "insert into " + t + " values (1, 10)");
        }
        a.run("drop table if exists " + onlyA, "create table " + onlyA + " (id int)");
        try (DualAccessDataSource ds = shadow(a, b, "paired"); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?)")) {
                ps.setInt(1, 2);
                ps.setInt(2, 20);
                ps.executeUpdate();
            }
            // Sees the uncommitted row 2 on A; the replay sees it too, inside B's transaction.
            assertThat(count(c, "select count(*) from " + t)).isEqualTo(2);
            try (PreparedStatement ps = c.prepareStatement("select id, qty from " + t + " where id >= ? order by id")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getInt(2);
                    }
                }
            }
            // B lacks this table: the replay fails, and B's transaction stays usable (a savepoint on PostgreSQL).
            assertThat(count(c, "select count(*) from " + onlyA)).isZero();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update " + t + " set qty = qty + 1 where id = 2");
            }
            assertThat(count(c, "select sum(qty) from " + t)).isEqualTo(31);
            c.commit();

            List<String> events = events(6);
            assertThat(events).filteredOn(e -> e.contains("\"kind\":\"read\"")).extracting(e -> e.replaceAll(".*\"outcome\":\"([a-z_]+)\".*", "$1"))
                .containsExactly("match", "match", "b_error", "match");
            assertThat(events).filteredOn(e -> e.contains("\"kind\":\"read\"") && e.contains("\"outcome\":\"match\""))
                .allSatisfy(e -> assertThat(e).contains("\"reason\":\"paired\""));
            assertThat(events).filteredOn(e -> e.contains("\"kind\":\"write\"")).hasSize(2)
                .allSatisfy(e -> assertThat(e).contains("\"outcome\":\"match\""));

            // A planted difference on B: the count inside the transaction differs.
            b.run("insert into " + t + " values (9, 90)");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update " + t + " set qty = 0 where id = 1");
            }
            assertThat(count(c, "select count(*) from " + t)).isEqualTo(2);
            c.rollback();
            List<String> after = events(8);
            assertThat(after.get(after.size() - 1)).contains("\"outcome\":\"mismatch\"");
        }
        assertThat(b.rows("select id, qty from " + t + " where id < 9 order by id")).isEqualTo(a.rows("select id, qty from " + t + " order by id"));
        assertThat(Files.exists(dir.resolve("journal.jsonl")) ? Files.readAllLines(dir.resolve("journal.jsonl")) : List.of()).isEmpty();

        // The default: skipped.
        Files.deleteIfExists(dir.resolve("comparisons.jsonl"));
        try (DualAccessDataSource ds = shadow(a, b, "skip"); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update " + t + " set qty = qty where id = 1");
            }
            count(c, "select count(*) from " + t);
            c.commit();
            assertThat(events(2)).filteredOn(e -> e.contains("\"kind\":\"read\"")).singleElement()
                .satisfies(e -> assertThat(e).contains("\"outcome\":\"skipped\"", "\"reason\":\"in-transaction\""));
        }
        // A batched write (as Hibernate flushes with hibernate.jdbc.batch_size) counts as a write too:
        // a read after it sees rows no other connection can, so it is not replayed elsewhere.
        Files.deleteIfExists(dir.resolve("comparisons.jsonl"));
        try (DualAccessDataSource ds = shadow(a, b, "skip"); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?)")) {
                for (int id = 50; id < 53; id++) {
                    ps.setInt(1, id);
                    ps.setInt(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            count(c, "select count(*) from " + t + " where id >= 50");
            c.rollback();
            assertThat(events(2)).filteredOn(e -> e.contains("\"kind\":\"read\"")).singleElement()
                .satisfies(e -> assertThat(e).contains("\"outcome\":\"skipped\"", "\"reason\":\"in-transaction\""));
        }
        for (TestDb db : List.of(a, b)) {
            db.run("drop table " + t);
        }
        a.run("drop table " + onlyA);
    }
}
