package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Phase {@code shadow-read}: A answers, each read is replayed on B off the application's thread and compared. */
class ShadowReadTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return List.of(Arguments.of(Engine.H2, Engine.H2), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.MARIADB, Engine.POSTGRESQL));
    }

    private String table() {
        return "sr_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource shadowRead(TestDb a, TestDb b) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW_READ)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // Each read's own line, in the order compared: one line per statement.
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.b.statement-timeout", "1s")
            .build();
    }

    /** Closing the data source stops the workers after the log is written; wait for the expected events first. */
    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void equalDataShapedDifferentlyMatchesAndAPlantedDifferenceIsNamed(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run("create table " + t + " (id int primary key, name varchar(20), price decimal(10,2))",
            "insert into " + t + " values (1, 'one', 1.50), (2, 'two', 2.00), (3, 'three', 3.25)");
        b.run("create table " + t + " (id bigint primary key, name varchar(20), price decimal(12,4))",
            "insert into " + t + " values (3, 'three', 3.25), (2, 'two', 2), (1, 'one', 1.5)");
        try (DualAccessDataSource ds = shadowRead(a, b); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name, price from " + t)) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(3);
            }
            // The replay runs in the background: let it finish before B changes.
            assertThat(events(1)).hasSize(1);
            b.run("update " + t + " set name = 'TWO' where id = 2");
            try (PreparedStatement ps = c.prepareStatement("select id, name, price from " + t + " where id >= ? order by id")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("one");
                    while (rs.next()) {
                        assertThat(rs.getString(2)).doesNotContain("TWO");
                    }
                }
            }
            List<String> events = events(2);
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).contains("\"kind\":\"read\"", "\"outcome\":\"match\"", "\"a\":{\"rows\":3", "\"b\":{\"rows\":3");
            assertThat(events.get(1)).contains("\"outcome\":\"mismatch\"", "\"row_a\":2", "\"value_a\":\"string(3)\"",
                "\"params\":[\"integer\"]");
            assertThat(events.get(1).toLowerCase()).contains("\"column\":\"name\"");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void bDownNeverSurfacesAndReadsInsideAWritingTransactionAreSkipped() throws Exception {
        TestDb a = Engine.H2.a();
        String t = table();
        a.run("create table " + t + " (id int primary key)", "insert into " + t + " values (1), (2)");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b("jdbc:postgresql://127.0.0.1:1/nowhere", "x", "y")
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.b.statement-timeout", "300ms")
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id from " + t + " order by id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            c.setAutoCommit(false);
            s.executeUpdate("insert into " + t + " values (3)");
            try (ResultSet rs = s.executeQuery("select count(*) from " + t)) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            c.rollback();
            List<String> events = events(2);
            assertThat(events).anyMatch(l -> l.contains("\"outcome\":\"b_error\""));
            assertThat(events).anyMatch(l -> l.contains("\"outcome\":\"skipped\"") && l.contains("\"reason\":\"in-transaction\""));
        }
        a.run("drop table " + t);
    }

    @Test
    void anUnorderedResultReadOnlyInPartIsSkipped() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key)", "insert into " + t + " values (1), (2), (3)");
        }
        try (DualAccessDataSource ds = shadowRead(a, b); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id from " + t)) {
                rs.next();
            }
            try (ResultSet rs = s.executeQuery("select id from " + t + " order by id")) {
                rs.next();
                rs.next();
            }
            List<String> events = events(2);
            assertThat(events.get(0)).contains("\"outcome\":\"skipped\"", "\"reason\":\"partial\"");
            assertThat(events.get(1)).as("an ordered prefix compares on the prefix").contains("\"outcome\":\"match\"", "\"a\":{\"rows\":2", "\"b\":{\"rows\":2");
        }
    }

    @Test
    void aPointLookupReadWithIfNextIsCompared() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key, name varchar(10))", "insert into " + t + " values (1, 'one'), (2, 'two')");
        b.run("create table " + t + " (id int primary key, name varchar(10))", "insert into " + t + " values (1, 'one'), (2, 'TWO')");
        try (DualAccessDataSource ds = shadowRead(a, b); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select name from " + t + " where id = ?")) {
            for (int id : new int[] {1, 2}) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    // The usual point lookup: one next(), never asking whether more rows follow.
                    assertThat(rs.next()).isTrue();
                    rs.getString(1);
                }
            }
            List<String> events = events(2);
            assertThat(events).hasSize(2);
            assertThat(events).anySatisfy(e -> assertThat(e).contains("\"outcome\":\"match\"", "\"a\":{\"rows\":1"));
            assertThat(events).anySatisfy(e -> assertThat(e).contains("\"outcome\":\"mismatch\""));
        }
    }

    @Test
    void aSlowBNeverHoldsTheApplicationAndTheCountersSayWhatWasNotCompared() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key)", "insert into " + t + " values (1), (2)");
        }
        int reads = 20;
        long droppedCounter;
        io.micrometer.core.instrument.simple.SimpleMeterRegistry appRegistry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(appRegistry);
        try {
            try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                    .b(b.url(), b.user(), b.password())
                    .phase(Phase.SHADOW_READ)
                    .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                    .set("dualaccess.b.statement-timeout", "1s")
                    .set("dualaccess.shadow.threads", "1")
                    .set("dualaccess.shadow.queue", "2")
                    .build();
                 Connection c = ds.getConnection(); Statement s = c.createStatement(); Connection lock = b.connect()) {
                // B is stuck: its table is locked, so every replay waits until the statement timeout.
                lock.setAutoCommit(false);
                try (Statement ls = lock.createStatement()) {
                    ls.execute("lock table " + t + " in access exclusive mode");
                }
                for (int i = 0; i < reads; i++) {
                    try (ResultSet rs = s.executeQuery("select id from " + t + " order by id")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.next()).isFalse();
                    }
                }
                droppedCounter = (long) appRegistry.get("dualaccess.shadow.dropped").functionCounters().stream()
                    .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).max().orElse(0);
                assertThat(droppedCounter).as("a full queue drops, never blocks").isGreaterThanOrEqualTo(reads - 3);
                // The replays that ran end at the timeout while B stays locked.
                long timeouts = 0;
                for (int i = 0; i < 400 && timeouts < reads - droppedCounter; i++) {
                    Thread.sleep(50);
                    timeouts = events(0).stream().filter(l -> l.contains("\"outcome\":\"timeout\"")).count();
                }
                lock.rollback();
            }
            // Closing publishes the drops not yet aggregated: one event per fingerprint and interval, with the exact count.
            List<String> events = events(0);
            List<String> droppedEvents = events.stream().filter(l -> l.contains("\"outcome\":\"dropped\"")).toList();
            long timeouts = events.stream().filter(l -> l.contains("\"outcome\":\"timeout\"")).count();
            assertThat(droppedEvents).as("aggregated, not one per read").isNotEmpty().hasSizeLessThanOrEqualTo(3);
            long logged = 0;
            for (String l : droppedEvents) {
                assertThat(l).contains("\"reason\":\"queue_full\"", "\"fingerprint\":\"select id from " + t + " order by id\"");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(l);
                assertThat(m.find()).as("an aggregate says how many reads it stands for: %s", l).isTrue();
                long n = Long.parseLong(m.group(1));
                // Reads that began with the queue already full were not digested, only counted: A's rows are still summed.
                assertThat(l).contains("\"a\":{\"rows\":" + (2 * n) + ",");
                logged += n;
            }
            assertThat(logged).as("the log's counts add up to the counter").isEqualTo(droppedCounter);
            assertThat(timeouts).as("replays that ran hit the timeout").isGreaterThanOrEqualTo(1);
            assertThat(logged + timeouts).isEqualTo(reads);
            assertThat(appRegistry.get("dualaccess.comparisons").tag("kind", "read").tag("outcome", "dropped").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).as("the meter counts reads, not events")
                .isEqualTo(droppedCounter);
            assertThat(appRegistry.get("dualaccess.comparisons").tag("kind", "read").tag("outcome", "timeout").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isEqualTo(timeouts);
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(appRegistry);
        }
        for (TestDb db : List.of(a, b)) {
            db.run("drop table " + t);
        }
    }
}
