package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements the application made before mirroring began (phase {@code off} or {@code shadow-read})
 * and runs after the phase moved to {@code dual-write}: a statement whose parameters dualaccess
 * recorded is mirrored like one made afterwards (single executions and batches, with the keys the
 * authoritative side generated carried to B); one whose parameters were never recorded (made in
 * {@code off}) cannot be, and each of its writes, every element of a batch, is {@code skipped} with
 * reason {@code prepared_before_phase_change} and journaled. Nothing is lost silently.
 */
class MadeBeforeMirroringTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return List.of(Arguments.of(Engine.H2, Engine.H2), Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB));
    }

    private String table() {
        return "mbm_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource.Builder builder(TestDb a, TestDb b, Phase phase) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(phase)
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
    }

    private List<String> journal() throws Exception {
        Path j = dir.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    /** The comparison log's write events (the log is flushed when the data source closes). */
    private List<String> writes() throws Exception {
        Path j = dir.resolve("comparisons.jsonl");
        return Files.exists(j) ? Files.readAllLines(j).stream().filter(l -> l.contains("\"kind\":\"write\"")).toList() : List.of();
    }

    private static void both(TestDb a, TestDb b, String... sql) throws SQLException {
        a.run(sql);
        b.run(sql);
    }

    /** A table whose key A generates, with A's generator ahead of B's: a key B made itself would differ from A's. */
    private static String keyedTable(Engine ea, Engine eb, TestDb a, TestDb b, String t) throws SQLException {
        a.run("create table " + t + " (id " + ea.identity() + ", v varchar(20))");
        b.run("create table " + t + " (id " + eb.identity() + ", v varchar(20))");
        a.run("insert into " + t + " (v) values ('gone')", "insert into " + t + " (v) values ('gone')", "delete from " + t);
        return "insert into " + t + " (v) values (?)";
    }

    /** What getGeneratedKeys() answers after an execute: "rows: n", or the exception's class. */
    private static String keysAnswer(Statement s) {
        try (ResultSet k = s.getGeneratedKeys()) {
            if (k == null) {
                return "null";
            }
            int n = 0;
            while (k.next()) {
                n++;
            }
            return "rows: " + n;
        } catch (SQLException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The same, from A's driver alone, for a statement prepared without asking for keys. */
    private static String rawKeysAnswer(TestDb a, String insert) throws SQLException {
        try (Connection raw = a.connect(); PreparedStatement ps = raw.prepareStatement(insert)) {
            raw.setAutoCommit(false);
            ps.setString(1, "raw");
            ps.executeUpdate();
            String answer = keysAnswer(ps);
            raw.rollback();
            return answer;
        }
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aBatchPreparedInShadowReadIsMirroredWhenItRunsInDualWrite(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW_READ).build(); Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, v) values (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "before");
                ps.addBatch();
                ps.setInt(1, 2);
                ps.setString(2, "before");
                ps.addBatch();
                ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
                ps.setInt(1, 3);
                ps.setString(2, "after");
                ps.addBatch();
                assertThat(ps.executeBatch()).hasSize(3);
                // A second batch of the same statement, all of it added in dual-write.
                ps.setInt(1, 4);
                ps.setString(2, "second");
                ps.addBatch();
                assertThat(ps.executeBatch()).hasSize(1);
            }
            // A batch in a transaction, prepared before the change too.
            try (PreparedStatement ps = c.prepareStatement("update " + t + " set v = ? where id = ?")) {
                ds.phaseControl().setGlobal(Phase.SHADOW_READ, "test");
                ps.setString(1, "tx");
                ps.setInt(2, 1);
                ps.addBatch();
                ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
                c.setAutoCommit(false);
                ps.setString(1, "tx");
                ps.setInt(2, 4);
                ps.addBatch();
                ps.executeBatch();
                c.commit();
                c.setAutoCommit(true);
            }
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(a.rows(q)).hasSize(4);
        assertThat(b.rows(q)).as("every element of the batches reached B").isEqualTo(a.rows(q));
        assertThat(journal()).isEmpty();
        // A batch that matched is one event with the batch's update counts.
        assertThat(writes()).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"outcome\":\"match\""));
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aBatchPreparedInOffIsSkippedAndJournaledElementByElement(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.OFF).build(); Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, v) values (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "off");
                    ps.addBatch();
                }
                ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
                assertThat(ps.executeBatch()).hasSize(3);
                ps.setInt(1, 4);
                ps.setString(2, "single");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(a.rows("select id from " + t + " order by id")).containsExactly("1", "2", "3", "4");
        assertThat(b.rows("select id from " + t)).as("its parameters were never recorded: not mirrored").isEmpty();
        assertThat(writes()).as("one event per element of the batch, and one for the single execute").hasSize(4)
            .allSatisfy(l -> assertThat(l).contains("\"outcome\":\"skipped\"").contains("\"reason\":\"prepared_before_phase_change\""));
        assertThat(journal()).as("every write B lacks is journaled, with the tables for verify").hasSize(4)
            .allSatisfy(l -> assertThat(l).contains("prepared_before_phase_change").contains(t));
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aBatchOfPlainSqlAddedInOffIsMirroredWhenItRunsInDualWrite(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.OFF).build(); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.addBatch("insert into " + t + " (id, v) values (1, 'off')");
            s.addBatch("insert into " + t + " (id, v) values (2, 'off')");
            ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
            s.addBatch("insert into " + t + " (id, v) values (3, 'dual-write')");
            assertThat(s.executeBatch()).containsExactly(1, 1, 1);
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(b.rows(q)).as("a plain batch needs no parameters: its texts are recorded in every phase").isEqualTo(a.rows(q))
            .hasSize(3);
        assertThat(journal()).isEmpty();
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aKeyedInsertPreparedInShadowReadCarriesAsKeysWhenItRunsInDualWrite(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        String insert = keyedTable(ea, eb, a, b, t);
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW_READ).build(); Connection c = ds.getConnection()) {
            PreparedStatement plain = c.prepareStatement(insert);
            PreparedStatement keyed = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS);
            PreparedStatement batch = c.prepareStatement(insert);
            ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");

            plain.setString(1, "plain");
            assertThat(plain.executeUpdate()).isEqualTo(1);
            plain.setString(1, "plain-again");
            assertThat(plain.executeUpdate()).isEqualTo(1);
            assertThat(keysAnswer(plain)).as("what the driver answers a statement that did not ask for keys")
                .isEqualTo(rawKeysAnswer(a, insert));

            keyed.setString(1, "keyed");
            assertThat(keyed.executeUpdate()).isEqualTo(1);
            long key;
            try (ResultSet k = keyed.getGeneratedKeys()) {
                assertThat(k.next()).isTrue();
                key = k.getLong(1);
                assertThat(k.next()).isFalse();
            }
            assertThat(a.rows("select v from " + t + " where id = " + key)).containsExactly("keyed");

            c.setAutoCommit(false);
            batch.setString(1, "batch-1");
            batch.addBatch();
            batch.setString(1, "batch-2");
            batch.addBatch();
            assertThat(batch.executeBatch()).hasSize(2);
            plain.setString(1, "in-tx");
            plain.executeUpdate();
            c.commit();
            c.setAutoCommit(true);
            plain.close();
            keyed.close();
            batch.close();
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(a.rows(q)).hasSize(6);
        assertThat(b.rows(q)).as("B holds A's keys").isEqualTo(a.rows(q));
        assertThat(journal()).isEmpty();
        assertThat(writes()).as("two plain, the keyed one, the batch, the one in the transaction").hasSize(5)
            .allSatisfy(l -> assertThat(l).contains("\"outcome\":\"match\""));
        both(a, b, "drop table " + t);
    }

    /**
     * {@code prepareStatement(sql, resultSetType, resultSetConcurrency[, holdability])} has no form that
     * also asks the driver for generated keys: a key-generating INSERT prepared so (in dual-write, or
     * in shadow-read and prepared again when mirroring begins) cannot carry A's key. It must not be
     * mirrored without it (B would make a key of its own, silently different from A's): it is
     * {@code skipped:keys_unaligned} and journaled, and the application sees what its driver answers.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aKeyedInsertPreparedWithAResultSetTypeIsJournaledNotMirroredWithBsOwnKey(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        String insert = keyedTable(ea, eb, a, b, t);
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW_READ).build(); Connection c = ds.getConnection()) {
            PreparedStatement early = c.prepareStatement(insert, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
            try (PreparedStatement now = c.prepareStatement(insert, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                     c.getHoldability())) {
                now.setString(1, "typed-now");
                assertThat(now.executeUpdate()).isEqualTo(1);
                assertThat(now.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            }
            early.setString(1, "typed-early");
            assertThat(early.executeUpdate()).isEqualTo(1);
            early.close();
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(a.rows("select v from " + t + " order by id")).containsExactly("typed-now", "typed-early");
        // MariaDB's driver answers the key without being asked: there it is carried like any other.
        assertThat(a.rows(q)).as("B holds a row with A's key or not at all, never with a key of its own")
            .containsAll(b.rows(q));
        assertThat(journal()).as("every row B lacks is journaled").hasSize(2 - b.rows(q).size())
            .allSatisfy(l -> assertThat(l).contains("keys_unaligned"));
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aSingleInsertPreparedInShadowReadIsMirroredAndOneMadeInOffIsJournaled(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.OFF).build(); Connection c = ds.getConnection()) {
            PreparedStatement inOff = c.prepareStatement("insert into " + t + " (id, v) values (?, 'off')");
            ds.phaseControl().setGlobal(Phase.SHADOW_READ, "test");
            PreparedStatement inShadowRead = c.prepareStatement("insert into " + t + " (id, v) values (?, 'shadow-read')");
            ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
            inOff.setInt(1, 1);
            assertThat(inOff.executeUpdate()).isEqualTo(1);
            inShadowRead.setInt(1, 2);
            assertThat(inShadowRead.executeUpdate()).isEqualTo(1);
            inOff.close();
            inShadowRead.close();
        }
        assertThat(a.rows("select id from " + t + " order by id")).containsExactly("1", "2");
        assertThat(b.rows("select id from " + t + " order by id")).containsExactly("2");
        assertThat(journal()).singleElement().satisfies(l -> assertThat(l).contains("prepared_before_phase_change")
            .contains("'off'").contains("\"a_count\":1"));
        both(a, b, "drop table " + t);
    }
}
