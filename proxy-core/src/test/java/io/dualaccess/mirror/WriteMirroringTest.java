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
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phase {@code dual-write} on real engines: after a workload through the proxy, B equals A row for
 * row; when B is down, missing a table or answering differently, the application notices nothing
 * and every affected write is in the journal.
 */
class WriteMirroringTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return List.of(
            Arguments.of(Engine.H2, Engine.H2),
            Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB),
            Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.MARIADB, Engine.POSTGRESQL),
            Arguments.of(Engine.H2, Engine.POSTGRESQL));
    }

    static List<Arguments> sameEngine() {
        return List.of(Arguments.of(Engine.H2, Engine.H2), Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB));
    }

    private String table() {
        return "mw_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource.Builder dualWrite(TestDb a, TestDb b) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // These tests read each write's own line (its parameters, update counts, reason):
            // one line per statement (AggregatedOutcomesTest covers the default, aggregated log).
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
    }

    private List<String> journal() throws Exception {
        Path j = dir.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    private List<String> events() throws Exception {
        Path j = dir.resolve("comparisons.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    private static void both(TestDb a, TestDb b, String... sql) throws SQLException {
        a.run(sql);
        b.run(sql);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void mixedWorkloadLeavesBEqualToA(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, name varchar(50), qty int, price decimal(10,2))");
        try (DualAccessDataSource ds = dualWrite(a, b).build()) {
            try (Connection c = ds.getConnection()) {
                try (Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("insert into " + t + " values (1, 'one', 1, 1.50)")).isEqualTo(1);
                    s.execute("insert into " + t + " values (2, 'two', 2, 2.00)");
                    assertThat(s.executeLargeUpdate("update " + t + " set qty = qty + 10 where id <= 2")).isEqualTo(2);
                }
                try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?, ?, ?)")) {
                    ps.setInt(1, 3);
                    ps.setString(2, "three");
                    ps.setInt(3, 3);
                    ps.setBigDecimal(4, new java.math.BigDecimal("3.33"));
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    ps.setInt(1, 4);
                    ps.setString(2, null);
                    ps.setNull(3, java.sql.Types.INTEGER);
                    ps.setObject(4, 4.25, java.sql.Types.DECIMAL, 2);
                    ps.execute();
                }
                // explicit transaction, committed
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into " + t + " values (5, 'five', 5, 5)");
                    s.executeUpdate("update " + t + " set name = 'FIVE' where id = 5");
                }
                c.commit();
                // rolled back
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into " + t + " values (6, 'six', 6, 6)");
                }
                c.rollback();
                // savepoint rolled back in the middle
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into " + t + " values (7, 'seven', 7, 7)");
                    Savepoint sp = c.setSavepoint();
                    s.executeUpdate("insert into " + t + " values (8, 'eight', 8, 8)");
                    s.executeUpdate("delete from " + t + " where id = 1");
                    c.rollback(sp);
                    s.executeUpdate("insert into " + t + " values (9, 'nine', 9, 9)");
                }
                c.commit();
                c.setAutoCommit(true);
                // batches
                try (Statement s = c.createStatement()) {
                    s.addBatch("insert into " + t + " values (10, 'ten', 10, 10)");
                    s.addBatch("insert into " + t + " values (11, 'eleven', 11, 11)");
                    s.addBatch("update " + t + " set qty = 0 where id = 10");
                    assertThat(s.executeBatch()).hasSize(3);
                }
                try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, name, qty, price) values (?, ?, ?, ?)")) {
                    for (int i = 20; i < 25; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "row" + i);
                        ps.setInt(3, i);
                        ps.setDouble(4, i / 4.0);
                        ps.addBatch();
                    }
                    assertThat(ps.executeBatch()).hasSize(5);
                }
                try (PreparedStatement ps = c.prepareStatement("delete from " + t + " where id = ?")) {
                    ps.setInt(1, 2);
                    assertThat(ps.executeLargeUpdate()).isEqualTo(1);
                }
            }
        }
        String q = "select id, name, qty, price from " + t + " order by id";
        assertThat(a.rows(q)).hasSize(13);
        assertThat(b.rows(q)).isEqualTo(a.rows(q));
        assertThat(journal()).as("nothing diverged").isEmpty();
        assertThat(events()).isNotEmpty().allMatch(l -> l.contains("\"outcome\":\"match\""));
        assertThat(events()).anyMatch(l -> l.contains("\"kind\":\"write\"") && l.contains("\"params\":[\"integer\",\"string(5)\",\"integer\",\"bigdecimal\"]"));
        both(a, b, "drop table " + t);
    }

    /**
     * A's sequence is ahead of B's (rows inserted and deleted on A only, a rolled-back insert): the
     * mirror must still store A's generated keys, whether or not the application asked for them.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void generatedKeysReachTheMirror(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run("create table " + t + " (id " + ea.identity() + ", name varchar(20))");
        b.run("create table " + t + " (id " + eb.identity() + ", name varchar(20))");
        a.run("insert into " + t + " (name) values ('burn1')", "insert into " + t + " (name) values ('burn2')",
            "delete from " + t);
        List<Long> seenByApp = new ArrayList<>();
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (name) values (?)")) {
                ps.setString(1, "plain-prepared");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (name) values (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "asked-keys");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    seenByApp.add(keys.getLong(1));
                    assertThat(keys.next()).isFalse();
                }
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " (name) values ('rolled-back')");
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " (name) values ('plain-statement')");
                s.executeUpdate("insert into " + t + " (name) values ('multi-1'), ('multi-2')");
            }
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (name) values (?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setString(1, "batch-" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        String q = "select id, name from " + t + " order by id";
        assertThat(a.rows(q)).hasSize(8);
        assertThat(a.rows(q).get(0)).as("A's keys start past the burnt ones").doesNotStartWith("1|");
        assertThat(a.rows("select id from " + t + " where name = 'asked-keys'")).containsExactly(String.valueOf(seenByApp.get(0)));
        assertThat(b.rows(q)).isEqualTo(a.rows(q));
        assertThat(journal()).isEmpty();
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    /**
     * An idempotent seed ({@code INSERT … SELECT … WHERE NOT EXISTS}) that inserts nothing on A needs
     * no generated keys: it is mirrored as it is and compares 0 = 0, with nothing journaled, however
     * the application ran it. One that does insert cannot carry its keys (no VALUES rows): skipped as
     * {@code keys_unaligned}, with the real row count in the message.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aSeedThatInsertsNothingIsMirroredWithoutKeysOrJournal(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run("create table " + t + " (id " + ea.identity() + ", name varchar(20))");
        b.run("create table " + t + " (id " + eb.identity() + ", name varchar(20))");
        both(a, b, "insert into " + t + " (id, name) values (100, 'seed')");
        String seed = "insert into " + t + " (name) select 'seed' from " + t + " where 1 = 0 or not exists (select 1 from " + t
            + " where name = 'seed')";
        String seedParam = "insert into " + t + " (name) select ? from " + t + " where 1 = 0 or not exists (select 1 from " + t
            + " where name = ?)";
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate(seed)).isZero();
                assertThat(s.executeUpdate(seed, Statement.RETURN_GENERATED_KEYS)).isZero();
                try (java.sql.ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys == null || !keys.next()).as("no key for no row").isTrue();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(seedParam, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "seed");
                ps.setString(2, "seed");
                assertThat(ps.executeUpdate()).isZero();
                assertThat(ps.executeUpdate()).isZero();
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(seedParam)) {
                ps.setString(1, "seed");
                ps.setString(2, "seed");
                assertThat(ps.executeUpdate()).isZero();
            }
            c.commit();
        }
        assertThat(journal()).isEmpty();
        assertThat(events()).hasSize(5).allSatisfy(l -> assertThat(l).contains("\"outcome\":\"match\"", "\"count\":0"));
        assertThat(b.rows("select id, name from " + t)).containsExactly("100|seed");

        // The same seed for a row A lacks inserts one row there: its key cannot be carried.
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(seed.replace("'seed'", "'fresh'"))).isEqualTo(1);
        }
        assertThat(journal()).singleElement().satisfies(l -> assertThat(l).contains("keys_unaligned"));
        assertThat(events()).last().satisfies(l -> assertThat(l).contains("\"outcome\":\"skipped\"",
            "\"reason\":\"keys_unaligned\"", "inserted 1 row(s) with INSERT", "\"a\":{\"count\":1"));
        both(a, b, "drop table " + t);
    }

    /**
     * The keys reach B as bind parameters placed among the application's own: a multi-row VALUES
     * with parameters in several rows, run again and again on one statement and as a batch, must
     * leave every value in its column on B.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void keysBoundAmongTheApplicationsParametersLeaveEveryValueInItsColumn(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run("create table " + t + " (id " + ea.identity() + ", name varchar(20), qty int)");
        b.run("create table " + t + " (id " + eb.identity() + ", name varchar(20), qty int)");
        a.run("insert into " + t + " (name, qty) values ('burn', 0)", "delete from " + t);
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into " + t + " (name, qty) values (?, ?), ('fixed', 0), (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < 7; i++) {
                    ps.setString(1, "first-" + i);
                    ps.setInt(2, i);
                    ps.setString(3, "third-" + i);
                    ps.setInt(4, 100 + i);
                    assertThat(ps.executeUpdate()).isEqualTo(3);
                }
                for (int i = 0; i < 2; i++) {
                    ps.setString(1, "batch-first-" + i);
                    ps.setInt(2, 10 + i);
                    ps.setString(3, "batch-third-" + i);
                    ps.setInt(4, 110 + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        String q = "select id, name, qty from " + t + " order by id";
        assertThat(a.rows(q)).hasSize(27);
        assertThat(a.rows(q).get(0)).as("A's keys start past the burnt one").doesNotStartWith("1|");
        assertThat(b.rows(q)).isEqualTo(a.rows(q));
        assertThat(journal()).isEmpty();
        assertThat(events()).isNotEmpty().allMatch(l -> l.contains("\"outcome\":\"match\""));
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void bDownNeverSurfacesAndEveryWriteIsJournaled(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        String t = table();
        a.run("create table " + t + " (id int primary key, v int)");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b("jdbc:postgresql://127.0.0.1:1/nowhere", "x", "secret-pw")
                .phase(Phase.DUAL_WRITE)
                .set("dualaccess.b.statement-timeout", "300ms")
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection()) {
            for (int i = 0; i < 12; i++) {
                try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?)")) {
                    ps.setInt(1, i);
                    ps.setInt(2, i * 10);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("update " + t + " set v = v + 1")).isEqualTo(12);
            }
            c.commit();
            assertThat(ds.unwrap(DualAccessDataSource.class).config().phase()).isEqualTo(Phase.DUAL_WRITE);
        }
        assertThat(a.rows("select count(*) from " + t)).containsExactly("12");
        List<String> journal = journal();
        assertThat(journal).hasSize(13);
        assertThat(journal).allMatch(l -> l.contains("\"tables\":[\"" + t + "\"]"));
        // Connect found B unreachable: the breaker starts open, and every entry says why.
        assertThat(journal.get(0)).contains("\"reason\":\"skipped:breaker_open\"").contains("\"setter\":\"SET_INT_INT\",\"value\":0");
        assertThat(journal).allMatch(l -> l.contains("\"reason\":\"skipped:breaker_open\"") && l.contains("refused"));
        assertThat(events()).allMatch(l -> l.contains("\"outcome\":\"skipped\"") && l.contains("\"reason\":\"breaker_open\""));
        assertThat(String.join("\n", events()) + String.join("\n", journal)).doesNotContain("secret-pw");
        a.run("drop table " + t);
    }

    /** B slowed beyond the timeout (a trigger sleeping on PostgreSQL): timeouts, then the breaker opens. */
    @org.junit.jupiter.api.Test
    void slowBTimesOutThenTheBreakerStopsPayingForIt() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key)");
        b.run("create or replace function " + t + "_slow() returns trigger as $$ begin perform pg_sleep(3); return new; end $$ language plpgsql",
            "create trigger " + t + "_slow before insert on " + t + " for each row execute function " + t + "_slow()");
        int writes = 8;
        // The application's registry sees dualaccess's meters through Micrometer's global registry.
        io.micrometer.core.instrument.simple.SimpleMeterRegistry appRegistry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(appRegistry);
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.b.statement-timeout", "1s").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < writes; i++) {
                assertThat(s.executeUpdate("insert into " + t + " values (" + i + ")")).isEqualTo(1);
            }
            assertThat(appRegistry.get("dualaccess.breaker.state").gauges()).anyMatch(g -> g.value() == 1.0);
            // Mirrored writes' events are built on the event writer's thread: their meters follow shortly.
            // Only this test's runtime records while appRegistry is attached: sums over runtimes are its own.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(appRegistry.get("dualaccess.comparisons").tag("outcome", "timeout").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isGreaterThanOrEqualTo(1);
                assertThat(appRegistry.get("dualaccess.comparisons").tag("outcome", "skipped").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isGreaterThanOrEqualTo(1);
                assertThat(appRegistry.get("dualaccess.side.duration").tag("side", "a").timers().stream()
                    .mapToLong(io.micrometer.core.instrument.Timer::count).sum()).isEqualTo(writes);
            });
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(appRegistry);
        }
        assertThat(a.rows("select count(*) from " + t)).containsExactly(String.valueOf(writes));
        List<String> events = events();
        assertThat(events).hasSize(writes);
        long timeouts = events.stream().filter(l -> l.contains("\"outcome\":\"timeout\"")).count();
        long skipped = events.stream().filter(l -> l.contains("\"reason\":\"breaker_open\"")).count();
        assertThat(timeouts).as("timeouts until the breaker judged enough calls").isBetween(1L, 5L);
        assertThat(skipped).as("writes skipped once the breaker opened").isEqualTo(writes - timeouts);
        assertThat(journal()).hasSize(writes);
        both(a, b, "drop table " + t);
        b.run("drop function " + t + "_slow()");
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void bMissingATableIsJournaledAndTheTransactionStaysWholeOnA(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        String other = table();
        a.run("create table " + t + " (id int primary key, v int)");
        both(a, b, "create table " + other + " (id int primary key, v int)");
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + other + " values (1, 1)");
                s.executeUpdate("insert into " + t + " values (1, 1)");
                s.executeUpdate("insert into " + other + " values (2, 2)");
            }
            c.commit();
        }
        assertThat(a.rows("select id from " + t)).containsExactly("1");
        // B lacks the table: its copy of the transaction is rolled back whole and journaled whole.
        assertThat(b.rows("select id from " + other)).isEmpty();
        List<String> journal = journal();
        assertThat(journal).hasSize(3);
        assertThat(journal.get(0)).contains("\"reason\":\"b_error\"").contains(t);
        assertThat(journal).anyMatch(l -> l.contains("\"reason\":\"skipped:transaction_aborted\"") && l.contains("values (2, 2)"));
        assertThat(journal).anyMatch(l -> l.contains("\"reason\":\"transaction_rolled_back_on_shadow\"") && l.contains("values (1, 1)"));
        both(a, b, "drop table " + other);
        a.run("drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void differentUpdateCountIsAMismatchAndJournaled(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, v int)", "insert into " + t + " values (1, 0)");
        b.run("insert into " + t + " values (2, 0)");
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update " + t + " set v = 5")).isEqualTo(1);
        }
        assertThat(events()).singleElement().satisfies(l -> assertThat(l)
            .contains("\"outcome\":\"mismatch\"", "\"reason\":\"update_count\"", "\"a\":{\"count\":1", "\"b\":{\"count\":2"));
        assertThat(journal()).singleElement().satisfies(l -> assertThat(l).contains("\"reason\":\"mismatch:update_count\""));
        both(a, b, "drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void onErrorFailMakesMirrorErrorsReachTheApplication(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.mirror.on-error", "fail").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("insert into " + t + " values (1)"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("dualaccess: the mirror failed (dualaccess.mirror.on-error=fail)");
        }
        a.run("drop table " + t);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void ddlIsMirroredOnlyWhenAsked(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t1 = table();
        String t2 = table();
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + t1 + " (id int primary key)");
        }
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.mirror.ddl", "true").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + t2 + " (id int primary key)");
            s.executeUpdate("insert into " + t2 + " values (7)");
        }
        assertThatThrownBy(() -> b.rows("select * from " + t1)).isInstanceOf(SQLException.class);
        assertThat(b.rows("select id from " + t2)).containsExactly("7");
        a.run("drop table " + t1, "drop table " + t2);
        b.run("drop table " + t2);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void excludedTablesAreNotMirrored(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String kept = table();
        String skipped = table();
        both(a, b, "create table " + kept + " (id int primary key)", "create table " + skipped + " (id int primary key)");
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.tables.exclude", skipped.toUpperCase()).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + kept + " values (1)");
            s.executeUpdate("insert into " + skipped + " values (1)");
        }
        assertThat(b.rows("select id from " + kept)).containsExactly("1");
        assertThat(b.rows("select id from " + skipped)).isEmpty();
        assertThat(journal()).isEmpty();
        both(a, b, "drop table " + kept, "drop table " + skipped);
    }

    /**
     * Conflicting updates and increments from several threads, in autocommit and in transactions:
     * B must end in A's state, which needs the mirror to run while A holds its locks.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("sameEngine")
    void concurrentConflictingWritesLeaveBEqualToA(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        both(a, b, "create table " + t + " (id int primary key, n int, last int)");
        int hot = 2;
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < hot; i++) {
            rows.append(i == 0 ? "" : ", ").append("(").append(i).append(", 0, 0)");
        }
        both(a, b, "insert into " + t + " values " + rows);
        if (eb == Engine.POSTGRESQL) {
            // Jitter before B takes its row locks: without the mirror running under A's locks, a
            // later write would often overtake an earlier one on B (this test then fails).
            b.run("create or replace function " + t + "_jitter() returns trigger as $$ begin perform pg_sleep(random() * 0.004); return null; end $$ language plpgsql",
                "create trigger " + t + "_jitter before update on " + t + " for each statement execute function " + t + "_jitter()");
        }
        // Increments commute; last = (last * 31 + k) mod p does not: any two of them applied in another
        // order on B leave another value. Two hot rows, mostly autocommit, where only the short
        // transaction keeps B's order equal to A's.
        int threads = 8;
        int opsPerThread = 120;
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.b.pool.max-size", "8").build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int thread = th;
                done.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        for (int op = 0; op < opsPerThread; op++) {
                            int id = r.nextInt(hot);
                            boolean tx = r.nextInt(4) == 0;
                            c.setAutoCommit(!tx);
                            try (PreparedStatement inc = c.prepareStatement("update " + t + " set n = n + 1 where id = ?");
                                 PreparedStatement set = c.prepareStatement("update " + t + " set last = mod(last * 31 + ?, 1000003) where id = ?")) {
                                inc.setInt(1, id);
                                inc.executeUpdate();
                                set.setInt(1, thread * 1000 + op);
                                set.setInt(2, id);
                                set.executeUpdate();
                            }
                            if (tx) {
                                c.commit();
                            }
                        }
                    } catch (SQLException e) {
                        if (!isDeadlockOrSerialization(e)) {
                            throw new RuntimeException(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        String q = "select id, n, last from " + t + " order by id";
        assertThat(a.rows("select sum(n) from " + t).get(0)).isNotEqualTo("0");
        assertThat(b.rows(q)).isEqualTo(a.rows(q));
        assertThat(journal()).isEmpty();
        both(a, b, "drop table " + t);
        if (eb == Engine.POSTGRESQL) {
            b.run("drop function " + t + "_jitter()");
        }
    }

    private static boolean isDeadlockOrSerialization(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40"));
    }
}
