package io.dualaccess.route;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changing the phase while the application runs: per-table overrides, changes pinned per
 * transaction, moving the authoritative side on an open connection and back, and one change
 * reaching another runtime through the control table in B.
 */
class PhaseControlTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    private static String name(String what) {
        return "pc_" + what + "_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
    }

    private DualAccessDataSource.Builder builder(TestDb a, TestDb b, Phase phase) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(phase)
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
    }

    private static void both(TestDb a, TestDb b, String... sql) throws SQLException {
        a.run(sql);
        b.run(sql);
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(what, condition);
    }

    private static List<ComparisonEvent> listen(DualAccessDataSource ds) {
        List<ComparisonEvent> events = new CopyOnWriteArrayList<>();
        ds.runtime().events().addListener(events::add);
        return events;
    }

    private static long count(List<ComparisonEvent> events, String kind, String table) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.tables().equals(List.of(table))).count();
    }

    private static void readAll(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static String urlTail(TestDb db) {
        return db.url().substring(db.url().lastIndexOf('/') + 1).split(";")[0].split("\\?")[0];
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void perTableOverridesChangeWhatIsMirroredAndShadowed(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String on = name("on");
        String off = name("off");
        both(a, b, "create table " + on + " (id int primary key, v varchar(20))", "create table " + off + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW).set("dualaccess.tables.phase", off + ":off").build()) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                List<ComparisonEvent> events = listen(ds);
                s.executeUpdate("insert into " + on + " values (1, 'x')");
                s.executeUpdate("insert into " + off + " values (1, 'x')");
                readAll(c, "select id from " + on);
                readAll(c, "select id from " + off);
                await("the read of " + on + " compared", () -> count(events, "read", on) == 1);
                assertThat(b.rows("select id from " + on)).containsExactly("1");
                assertThat(b.rows("select id from " + off)).as("off for this table: not mirrored").isEmpty();
                assertThat(count(events, "read", off)).as("off for this table: not shadowed").isZero();
                assertThat(count(events, "write", off)).isZero();

                ds.phaseControl().clearTable(off, "test");
                ds.phaseControl().setTable(on, Phase.DUAL_WRITE, "test");
                assertThat(ds.phaseControl().current().toString()).isEqualTo("shadow [" + on + ": dual-write]");

                // The same open connection follows at its next statement (autocommit).
                s.executeUpdate("insert into " + on + " values (2, 'y')");
                s.executeUpdate("insert into " + off + " values (2, 'y')");
                readAll(c, "select id from " + on);
                readAll(c, "select id from " + off);
                await("the read of " + off + " compared", () -> count(events, "read", off) == 1);
                assertThat(count(events, "read", on)).as("dual-write for this table: reads no longer shadowed").isEqualTo(1);
                assertThat(b.rows("select id from " + on + " order by id")).containsExactly("1", "2");
                assertThat(b.rows("select id from " + off)).as("override cleared: mirrored again").containsExactly("2");
                assertThat(events).filteredOn(e -> e.kind().equals("phase")).hasSize(2)
                    .allSatisfy(e -> assertThat(e.change()).containsEntry("scope", "table").containsEntry("actor", "test"));
            }
        }
        both(a, b, "drop table " + on, "drop table " + off);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aChangeInsideATransactionAppliesAfterCommitOrRollback(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = name("tx");
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.OFF).build(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            PreparedStatement early;
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " values (1, 'tx1')");
                early = c.prepareStatement("insert into " + t + " values (?, 'early')");
                ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
                s.executeUpdate("insert into " + t + " values (2, 'tx1')");
                c.commit();
                assertThat(b.rows("select id from " + t)).as("the transaction began in off: nothing mirrored").isEmpty();

                s.executeUpdate("insert into " + t + " values (3, 'tx2')");
                c.commit();
                assertThat(b.rows("select id from " + t)).as("the next transaction is mirrored").containsExactly("3");

                s.executeUpdate("insert into " + t + " values (4, 'tx3')");
                ds.phaseControl().setGlobal(Phase.OFF, "test");
                s.executeUpdate("insert into " + t + " values (5, 'tx3')");
                c.rollback();
                s.executeUpdate("insert into " + t + " values (6, 'tx4')");
                c.commit();
                assertThat(b.rows("select id from " + t)).as("rolled back on both; then off").containsExactly("3");

                ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
                // Prepared in off, so its parameters were never captured: it runs on A, and is journaled.
                early.setInt(1, 7);
                assertThat(early.executeUpdate()).isEqualTo(1);
                c.commit();
                early.close();
            }
        }
        assertThat(a.rows("select id from " + t + " order by id")).containsExactly("1", "2", "3", "6", "7");
        assertThat(b.rows("select id from " + t)).containsExactly("3");
        assertThat(Files.readAllLines(dir.resolve("journal.jsonl")))
            .anySatisfy(l -> assertThat(l).contains("prepared_before_phase_change").contains("values (?, 'early')"));
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void switchingToLiveOnAnOpenConnectionMovesItToBAndARollbackMovesItBack(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = name("live");
        both(a, b, "create table " + t + " (id " + engine.identity() + ", v varchar(20))");
        // A's generator is ahead of its rows: B's must move past A's keys, not its row count.
        a.run("insert into " + t + " (v) values ('gone')", "delete from " + t);
        String q = "select id, v from " + t + " order by id";
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW).build(); Connection c = ds.getConnection()) {
            List<ComparisonEvent> events = listen(ds);
            Statement before = c.createStatement();
            before.executeUpdate("insert into " + t + " (v) values ('shadow-1')");
            before.executeUpdate("insert into " + t + " (v) values ('shadow-2')");
            assertThat(c.getMetaData().getURL()).contains(urlTail(a));

            ds.phaseControl().setGlobal(Phase.LIVE, "alice");

            assertThat(c.getMetaData().getURL()).as("the open connection now answers from B").contains(urlTail(b));
            long liveKey;
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (v) values (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "live");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    liveKey = keys.getLong(1);
                }
            }
            assertThat(liveKey).as("B's generator moved past A's largest key").isGreaterThan(3);
            assertThat(a.rows("select v from " + t + " where id = " + liveKey)).as("A receives the mirror").containsExactly("live");
            // Made before the move: prepared again on B, and mirrored to A like any write in live.
            assertThat(before.executeUpdate("insert into " + t + " (v) values ('made-in-shadow')")).isEqualTo(1);
            assertThat(b.rows("select v from " + t + " where v = 'made-in-shadow'")).hasSize(1);

            ds.phaseControl().setGlobal(Phase.SHADOW, "bob");

            assertThat(c.getMetaData().getURL()).as("rolled back: A answers again").contains(urlTail(a));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " (v) values ('back')");
            }
            assertThat(a.rows(q)).as("A's generator moved past B's keys: no collision").hasSize(5).isEqualTo(b.rows(q));
            assertThat(a.rows("select v from " + t + " order by id"))
                .containsExactly("shadow-1", "shadow-2", "live", "made-in-shadow", "back");

            List<ComparisonEvent> phases = events.stream().filter(e -> e.kind().equals("phase")).toList();
            assertThat(phases).hasSize(2);
            assertThat(phases.get(0).change()).containsEntry("from", "shadow").containsEntry("to", "live")
                .containsEntry("actor", "alice").containsEntry("to_writes", "b-mirror-a");
            assertThat((List<?>) phases.get(0).change().get("sequences")).anySatisfy(s -> assertThat(s.toString()).contains(t));
            assertThat(phases.get(1).change()).containsEntry("from", "live").containsEntry("to", "shadow").containsEntry("actor", "bob");
            before.close();
        }
        assertThat(Files.readAllLines(dir.resolve("comparisons.jsonl")))
            .anySatisfy(l -> assertThat(l).contains("\"kind\":\"phase\"").contains("\"from\":\"shadow\"").contains("\"to\":\"live\""));
        both(a, b, "drop table " + t);
    }

    /**
     * In autocommit a statement is often prepared just before a phase change and executed just
     * after it: the application must not notice the move. Its parameters, settings and pending
     * batch are given to a statement prepared again on the new side.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void statementsPreparedBeforeTheMoveRunOnTheNewSideWithWhatTheApplicationSet(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = name("moved");
        both(a, b, "create table " + t + " (id " + engine.identity() + ", v varchar(20), n int)");
        a.run("insert into " + t + " (v, n) values ('old', 0)");
        b.run("insert into " + t + " (id, v, n) values (1, 'old', 0)");
        String rows = "select id, v, n from " + t + " order by id";
        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW).build(); Connection c = ds.getConnection()) {
            PreparedStatement insert = c.prepareStatement("insert into " + t + " (v, n) values (?, ?)", Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, "moved");
            insert.setInt(2, 7);
            insert.setQueryTimeout(30);
            PreparedStatement batch = c.prepareStatement("insert into " + t + " (v, n) values (?, ?)");
            batch.setString(1, "batch-1");
            batch.setInt(2, 1);
            batch.addBatch();
            batch.setString(1, "batch-2");
            batch.setInt(2, 2);
            batch.addBatch();
            PreparedStatement read = c.prepareStatement("select v from " + t + " where n >= ? order by n");
            read.setInt(1, 0);
            read.setMaxRows(2);
            Statement plain = c.createStatement();
            plain.addBatch("update " + t + " set n = n + 100 where n = 0");
            PreparedStatement closed = c.prepareStatement("select v from " + t);
            closed.close();
            b.run("update " + t + " set v = 'old-on-b' where n = 0"); // tells the sides apart for the read

            ds.phaseControl().setGlobal(Phase.LIVE, "alice");

            assertThat(insert.executeUpdate()).isEqualTo(1);
            long key;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                key = keys.getLong(1);
            }
            assertThat(key).as("B generated it, past A's keys").isGreaterThan(1);
            assertThat(insert.getQueryTimeout()).as("settings carried to the new statement").isEqualTo(30);
            assertThat(batch.executeBatch()).containsExactly(1, 1);
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("answered by B").isEqualTo("old-on-b");
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).as("max rows carried over").isFalse();
            }
            assertThat(plain.executeBatch()).containsExactly(1);
            assertThatThrownBy(closed::executeQuery).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("dualaccess"));

            // The moved statement stays usable: bound again, it runs on B and is mirrored to A.
            insert.setString(1, "again");
            insert.setInt(2, 8);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            insert.close();
            batch.close();
            read.close();
            plain.close();
        }
        a.run("update " + t + " set v = 'old-on-b' where n = 100");
        assertThat(a.rows(rows)).as("A received every write as the mirror of B").isEqualTo(b.rows(rows));
        assertThat(b.rows("select v from " + t + " order by n")).containsExactly("batch-1", "batch-2", "moved", "again", "old-on-b");
        both(a, b, "drop table " + t);
    }

    /** A statement whose parameters dualaccess did not record (phase off) cannot follow, and says why. */
    @Test
    void aStatementMadeInOffRefusesToRunAfterAMoveAndSaysWhy() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = name("off");
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource ds = builder(a, b, Phase.OFF).build(); Connection c = ds.getConnection()) {
            PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?)");
            ps.setInt(1, 1);
            ps.setString(2, "x");
            ds.phaseControl().setGlobal(Phase.LIVE, "alice");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                .hasMessageContaining("created before the phase moved to live")
                .hasMessageContaining("parameters were not recorded")
                .hasMessageContaining("Create the statement again")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
            try (PreparedStatement again = c.prepareStatement("insert into " + t + " values (?, ?)")) {
                again.setInt(1, 1);
                again.setString(2, "x");
                assertThat(again.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(b.rows("select v from " + t)).containsExactly("x");
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aChangeThroughOneRuntimeReachesAnotherThroughTheControlTable(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = name("fleet");
        String control = name("ctl");
        both(a, b, "create table " + t + " (id int primary key, v varchar(20))");
        try (DualAccessDataSource one = fleet(a, b, control); DualAccessDataSource two = fleet(a, b, control);
             Connection c1 = one.getConnection(); Connection c2 = two.getConnection()) {
            List<PhaseChange> seenByTwo = new CopyOnWriteArrayList<>();
            two.phaseControl().addListener(seenByTwo::add);

            one.phaseControl().setGlobal(Phase.DUAL_WRITE, "alice");
            assertThat(one.phaseControl().current().phase()).as("applied locally at once").isEqualTo(Phase.DUAL_WRITE);
            await("the other runtime to poll dual-write", () -> two.phaseControl().current().phase() == Phase.DUAL_WRITE);
            // Listeners hear of a change just after it is applied.
            await("the other runtime's listeners to hear of it", () -> !seenByTwo.isEmpty());
            assertThat(seenByTwo).singleElement().satisfies(ch -> {
                assertThat(ch.source()).isEqualTo("control-table");
                assertThat(ch.actor()).isEqualTo("alice");
            });
            try (Statement s = c2.createStatement()) {
                s.executeUpdate("insert into " + t + " values (1, 'via two')");
            }
            assertThat(b.rows("select v from " + t)).containsExactly("via two");

            two.phaseControl().setTable(t, Phase.OFF, "bob");
            await("the first runtime to poll the override", () -> one.phaseControl().current().tables().containsKey(t));
            try (Statement s = c1.createStatement()) {
                s.executeUpdate("insert into " + t + " values (2, 'via one')");
            }
            assertThat(b.rows("select v from " + t)).as("the table's override reached the first runtime").containsExactly("via two");
            assertThat(one.phaseControl().status().lastPoll()).isNotNull();
            assertThat(one.phaseControl().status().problem()).isNull();
        } finally {
            b.run("drop table if exists " + control);
        }
        // A new runtime reads the fleet's phase before its first connection, whatever its file says.
        b.run("drop table if exists " + control);
        try (DualAccessDataSource late = fleet(a, b, control)) {
            late.phaseControl().setGlobal(Phase.DUAL_WRITE, "carol");
        }
        try (DualAccessDataSource fresh = fleet(a, b, control); Connection c = fresh.getConnection(); Statement s = c.createStatement()) {
            assertThat(fresh.phaseControl().current().phase()).isEqualTo(Phase.DUAL_WRITE);
            s.executeUpdate("insert into " + t + " values (3, 'fresh')");
        }
        assertThat(b.rows("select id from " + t + " order by id")).containsExactly("1", "3");
        b.run("drop table if exists " + control);
        both(a, b, "drop table " + t);
    }

    private DualAccessDataSource fleet(TestDb a, TestDb b, String control) throws Exception {
        return builder(a, b, Phase.OFF)
            .set("dualaccess.control.table", control)
            .set("dualaccess.control.poll", "100ms")
            .build();
    }

    @Test
    void anUnreachableControlTableKeepsThePhaseAndWritesTheChangeLater() throws Exception {
        TestDb a = Engine.H2.a();
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b("jdbc:postgresql://127.0.0.1:1/nowhere", "x", "y")
                .phase(Phase.OFF)
                .set("dualaccess.control.poll", "100ms")
                .set("dualaccess.b.statement-timeout", "300ms")
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("select 1");
            assertThatThrownBy(() -> ds.phaseControl().refresh()).isInstanceOf(SQLException.class);
            assertThat(ds.phaseControl().current().phase()).isEqualTo(Phase.OFF);
            assertThat(ds.phaseControl().status().problem()).contains("cannot read control table dualaccess_control");

            ds.phaseControl().setGlobalReads(Reads.A_SHADOW_B, "ops");
            assertThat(ds.phaseControl().current().phase()).as("applied here although B is down").isEqualTo(Phase.SHADOW_READ);
            assertThat(ds.phaseControl().status().pendingWrites()).isEqualTo(1);
            s.execute("select 1");
        }
    }

    @Test
    void overridesThatWouldSplitATransactionAcrossSidesAreRefused() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        assertThatThrownBy(() -> builder(a, b, Phase.SHADOW).set("dualaccess.tables.phase", "orders:live").build().getConnection())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.tables.phase")
            .hasMessageContaining("table orders would be answered by B");
        assertThatThrownBy(() -> builder(a, b, Phase.SHADOW).set("dualaccess.tables.phase", "orders").build())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.tables.phase = 'orders'")
            .hasMessageContaining("table:value");
        assertThatThrownBy(() -> builder(a, b, Phase.SHADOW).set("dualaccess.tables.reads", "orders:sideways").build())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("table orders: 'sideways' is not valid, expected one of a, a-shadow-b, b-shadow-a, b");
        assertThatThrownBy(() -> builder(a, b, Phase.SHADOW).set("dualaccess.control.poll", "soon").build())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.control.poll = 'soon'")
            .hasMessageContaining("or off");

        try (DualAccessDataSource ds = builder(a, b, Phase.SHADOW).set("dualaccess.tables.phase", "Audit_Log:off").build()) {
            PhaseControl control = ds.phaseControl();
            assertThat(control.current().tables()).containsKey("audit_log");
            assertThatThrownBy(() -> control.setTable("orders", Phase.LIVE, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table orders would be answered by B");
            assertThatThrownBy(() -> control.setGlobal(Phase.LIVE, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table audit_log would be answered by A");
            assertThat(control.current().toString()).isEqualTo("shadow [audit_log: off]");
            assertThat(control.current().version()).isZero();
        }
    }
}
