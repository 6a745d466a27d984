package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.StatementCounter;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mismatch zoo: pairs of data sets on real engines, read through the proxy in
 * {@code shadow-read}. Each planted difference must be reported as {@code mismatch} naming its row
 * and column; each pair that holds the same data in another shape must be a {@code match}.
 */
class MismatchZooTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    /** One zoo exhibit: DDL and rows per side (given the engine), the query, and what the event must say. */
    record Exhibit(String name, Function<Engine, List<String>> a, Function<Engine, List<String>> b, String query,
                   String outcome, List<String> fragments, Map<String, String> config) {
        Exhibit(String name, Function<Engine, List<String>> a, Function<Engine, List<String>> b, String query,
                String outcome, List<String> fragments) {
            this(name, a, b, query, outcome, fragments, Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String ts(Engine e) {
        return e == Engine.MARIADB ? "datetime(6)" : "timestamp(6)";
    }

    static List<String> rows(String ddl, String... inserts) {
        List<String> out = new ArrayList<>();
        out.add(ddl);
        out.addAll(List.of(inserts));
        return out;
    }

    static final String ITEMS = "create table T (id int primary key, name varchar(20), price decimal(10,2))";
    static final String ITEMS_ROWS = "insert into T values (1, 'one', 1.50), (2, 'two', 2.00), (3, 'three', 3.25)";
    static final String GROUPS = "create table T (id int primary key, grp int, qty int)";

    /** 30 items, price = id; {@code changed} gets price 99.99, {@code missing} is left out. */
    static String many(int changed, int missing) {
        StringBuilder b = new StringBuilder("insert into T values ");
        String sep = "";
        for (int i = 1; i <= 30; i++) {
            if (i == missing) {
                continue;
            }
            b.append(sep).append("(").append(i).append(", 'n").append(i).append("', ").append(i == changed ? "99.99" : i + ".00")
                .append(")");
            sep = ", ";
        }
        return b.toString();
    }

    static final Map<String, String> KEEP_5 = Map.of("dualaccess.compare.keep-rows", "5");

    static List<Exhibit> exhibits() {
        return List.of(
            // ---- real differences: mismatch, with the row and column --------------------------------------
            new Exhibit("one value differs", e -> rows(ITEMS, ITEMS_ROWS),
                e -> rows(ITEMS, "insert into T values (1, 'one', 1.50), (2, 'two', 2.01), (3, 'three', 3.25)"),
                "select id, name, price from T order by id", "mismatch",
                List.of("\"kind\":\"value\"", "\"row_a\":2", "\"row_b\":2", "\"key_columns\":[\"id\"]", "\"key\":{\"id\":2}",
                    "\"column\":\"price\"", "\"value_a\":2,", "\"value_b\":2.01")),
            new Exhibit("one row missing in B", e -> rows(ITEMS, ITEMS_ROWS),
                e -> rows(ITEMS, "insert into T values (1, 'one', 1.50), (2, 'two', 2.00)"),
                "select id, name, price from T", "mismatch",
                List.of("\"kind\":\"row_count\"", "\"rows_a\":3", "\"rows_b\":2", "\"only_in_a\":1", "\"only_in_b\":0",
                    "\"rows_only_in_a\":[{\"row\":3,\"key\":{\"id\":3},\"values\":{\"name\":\"three\",\"price\":3.25}}]")),
            new Exhibit("one extra row in B", e -> rows(ITEMS, ITEMS_ROWS),
                e -> rows(ITEMS, ITEMS_ROWS, "insert into T values (4, 'four', 4.00)"),
                "select id, name, price from T order by id", "mismatch",
                List.of("\"kind\":\"row_count\"", "\"rows_a\":3", "\"rows_b\":4", "\"only_in_a\":0", "\"only_in_b\":1",
                    "\"row_b\":4", "\"key\":{\"id\":4}",
                    "\"rows_only_in_b\":[{\"row\":4,\"key\":{\"id\":4},\"values\":{\"name\":\"four\",\"price\":4}}]")),
            new Exhibit("a duplicated row", e -> rows("create table T (sku varchar(10), qty int)", "insert into T values ('a', 1), ('b', 2)"),
                e -> rows("create table T (sku varchar(10), qty int)", "insert into T values ('a', 1), ('b', 2), ('a', 1)"),
                "select sku, qty from T", "mismatch",
                List.of("\"rows_a\":2", "\"rows_b\":3", "\"only_in_b\":1",
                    "\"rows_only_in_b\":[{\"row\":3,\"values\":{\"sku\":\"a\",\"qty\":1}}]")),
            new Exhibit("a wrong join", e -> rows("create table T (id int primary key, customer_id int)",
                    "create table T_c (id int primary key, name varchar(20))",
                    "insert into T_c values (1, 'ann'), (2, 'bob')", "insert into T values (10, 1), (11, 2)"),
                e -> rows("create table T (id int primary key, customer_id int)",
                    "create table T_c (id int primary key, name varchar(20))",
                    "insert into T_c values (1, 'ann'), (2, 'bob')", "insert into T values (10, 1), (11, 1)"),
                "select o.id, c.name from T o join T_c c on c.id = o.customer_id order by o.id", "mismatch",
                List.of("\"kind\":\"value\"", "\"row_a\":2", "\"column\":\"name\"", "\"value_a\":\"bob\"", "\"value_b\":\"ann\"")),
            new Exhibit("NULL vs empty string", e -> rows(ITEMS, "insert into T values (1, 'one', 1.50), (2, null, 2.00)"),
                e -> rows(ITEMS, "insert into T values (1, 'one', 1.50), (2, '', 2.00)"),
                "select id, name from T order by id", "mismatch",
                List.of("\"kind\":\"value\"", "\"row_a\":2", "\"key\":{\"id\":2}", "\"column\":\"name\"", "\"value_a\":null",
                    "\"value_b\":\"\"")),
            new Exhibit("a truncated timestamp", e -> rows("create table T (id int primary key, at " + ts(e) + ")",
                    "insert into T values (1, '2024-01-02 03:04:05.000000'), (2, '2024-01-02 03:04:05.123456')"),
                e -> rows("create table T (id int primary key, at " + ts(e) + ")",
                    "insert into T values (1, '2024-01-02 03:04:05.000000'), (2, '2024-01-02 03:04:05.000000')"),
                "select id, at from T order by id", "mismatch",
                List.of("\"kind\":\"value\"", "\"row_a\":2", "\"key\":{\"id\":2}", "\"column\":\"at\"", ".123456z\"", "05z\"")),
            new Exhibit("a trailing space lost in VARCHAR", e -> rows("create table T (id int primary key, code varchar(8))",
                    "insert into T values (1, 'ab'), (2, 'abc ')"),
                e -> rows("create table T (id int primary key, code varchar(8))", "insert into T values (1, 'ab'), (2, 'abc')"),
                "select id, code from T order by id", "mismatch",
                List.of("\"kind\":\"value\"", "\"row_a\":2", "\"key\":{\"id\":2}", "\"column\":\"code\"",
                    "\"value_a\":\"abc \"", "\"value_b\":\"abc\"")),
            new Exhibit("a changed value inside a tie group", e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20), (3, 2, 30)"),
                e -> rows(GROUPS, "insert into T values (3, 2, 30)", "insert into T values (2, 1, 21)", "insert into T values (1, 1, 10)"),
                "select grp, qty from T order by grp", "mismatch",
                List.of("\"kind\":\"value\"", "\"order_keys\":[\"grp\"]", "\"ties\":\"multiset\"", "\"column\":\"qty\"",
                    "\"value_a\":20", "\"value_b\":21")),
            new Exhibit("an ORDER BY on an expression compares ties strictly and says so",
                e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20)"),
                e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 21)"),
                "select grp, qty from T order by grp + 0", "mismatch",
                List.of("\"ties\":\"strict\"", "\"ties_reason\":\"order key grp + 0 is not a result column\"",
                    "\"column\":\"qty\"", "\"value_a\":20", "\"value_b\":21")),
            new Exhibit("a changed group count", e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20), (3, 2, 30)"),
                e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 1, 40)"),
                "select grp, count(*) as n from T group by grp", "mismatch",
                List.of("\"kind\":\"value\"", "\"key_columns\":[\"grp\"]", "\"key\":{\"grp\":1}", "\"column\":\"n\"",
                    "\"value_a\":2", "\"value_b\":3")),
            new Exhibit("a missing group", e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20), (3, 2, 30)"),
                e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20)"),
                "select grp, sum(qty) as total from T group by grp", "mismatch",
                List.of("\"kind\":\"row_count\"", "\"only_in_a\":1", "\"key\":{\"grp\":2}",
                    "\"rows_only_in_a\":[{\"row\":", "\"key\":{\"grp\":2},\"values\":{\"total\":30}}]")),
            new Exhibit("a value past the kept rows, ordered", e -> rows(ITEMS, many(0, 0)), e -> rows(ITEMS, many(25, 0)),
                "select id, name, price from T order by id", "mismatch",
                List.of("\"beyond_kept_rows\":true", "\"re_read\":true", "\"row_a\":25", "\"row_b\":25", "\"key\":{\"id\":25}",
                    "\"column\":\"price\"", "\"value_a\":25,", "\"value_b\":99.99"), KEEP_5),
            new Exhibit("a value past the kept rows, unordered", e -> rows(ITEMS, many(0, 0)), e -> rows(ITEMS, many(25, 0)),
                "select id, name, price from T", "mismatch",
                List.of("\"beyond_kept_rows\":true", "\"re_read\":true", "\"key\":{\"id\":25}", "\"column\":\"price\"",
                    "\"value_a\":25,", "\"value_b\":99.99"), KEEP_5),
            new Exhibit("a row missing past the kept rows", e -> rows(ITEMS, many(0, 0)), e -> rows(ITEMS, many(0, 27)),
                "select id, name, price from T", "mismatch",
                List.of("\"kind\":\"row_count\"", "\"re_read\":true", "\"only_in_a\":1",
                    "\"key\":{\"id\":27},\"values\":{\"name\":\"n27\",\"price\":27}}]"), KEEP_5),
            // ---- the same data, shaped differently: match --------------------------------------------------
            new Exhibit("tied rows in another order", e -> rows(GROUPS, "insert into T values (1, 1, 10), (2, 1, 20), (3, 1, 30), (4, 2, 40)"),
                e -> rows(GROUPS, "insert into T values (4, 2, 40)", "insert into T values (3, 1, 30)", "insert into T values (2, 1, 20)",
                    "insert into T values (1, 1, 10)"),
                "select grp, qty from T order by grp", "match", List.of("\"rows\":4")),
            new Exhibit("decimal scale and integer width", e -> rows(ITEMS, ITEMS_ROWS),
                e -> rows("create table T (id bigint primary key, name varchar(20), price decimal(12,4))",
                    "insert into T values (1, 'one', 1.5), (2, 'two', 2), (3, 'three', 3.2500)"),
                "select id, name, price from T order by id", "match", List.of("\"rows\":3")),
            new Exhibit("unordered results in another order", e -> rows(ITEMS, ITEMS_ROWS),
                e -> rows(ITEMS, "insert into T values (3, 'three', 3.25)", "insert into T values (1, 'one', 1.50)",
                    "insert into T values (2, 'two', 2.00)"),
                "select name, price from T", "match", List.of("\"rows\":3")),
            new Exhibit("label case", e -> rows(ITEMS, ITEMS_ROWS), e -> rows(ITEMS, ITEMS_ROWS),
                "select id as Ident, name as Label from T order by id", "match", List.of("\"rows\":3")),
            new Exhibit("boolean vs 0/1", e -> rows("create table T (id int primary key, active boolean)",
                    "insert into T values (1, true), (2, false)"),
                e -> rows("create table T (id int primary key, active smallint)", "insert into T values (1, 1), (2, 0)"),
                "select id, active from T order by id", "match", List.of("\"rows\":2")),
            new Exhibit("CHAR padding", e -> rows("create table T (id int primary key, code char(8))",
                    "insert into T values (1, 'ab'), (2, 'abc')"),
                e -> rows("create table T (id int primary key, code varchar(8))", "insert into T values (1, 'ab'), (2, 'abc')"),
                "select id, code from T order by id", "match", List.of("\"rows\":2")));
    }

    static Stream<Arguments> cases() {
        List<Engine[]> pairs = List.of(new Engine[] {Engine.POSTGRESQL, Engine.MARIADB},
            new Engine[] {Engine.MARIADB, Engine.POSTGRESQL}, new Engine[] {Engine.POSTGRESQL, Engine.POSTGRESQL},
            new Engine[] {Engine.H2, Engine.POSTGRESQL});
        return pairs.stream().flatMap(p -> exhibits().stream().map(x -> Arguments.of(x, p[0], p[1])));
    }

    private String table() {
        return "zoo_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource shadowRead(TestDb a, TestDb b, Map<String, String> extra) throws Exception {
        DualAccessDataSource.Builder builder = DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW_READ)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.log.values", "full")
            // Each case's read in a line of its own, written as soon as compared (matches included).
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.b.statement-timeout", "5s");
        extra.forEach(builder::set);
        return builder.build();
    }

    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    private static void readAll(ResultSet rs) throws Exception {
        while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                rs.getObject(i);
            }
        }
    }

    @ParameterizedTest(name = "{0}: A={1} B={2}")
    @MethodSource("cases")
    void eachExhibitIsReportedAsItShouldBe(Exhibit x, Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        a.run(x.a().apply(ea).stream().map(s -> s.replace("T", t)).toArray(String[]::new));
        b.run(x.b().apply(eb).stream().map(s -> s.replace("T", t)).toArray(String[]::new));
        List<String> events;
        try (DualAccessDataSource ds = shadowRead(a, b, x.config()); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(x.query().replace("T", t))) {
                readAll(rs);
            }
            // Closing the data source abandons queued replays: wait for the event first.
            events = events(1);
        }
        assertThat(events).hasSize(1);
        String event = events.get(0).toLowerCase(java.util.Locale.ROOT);
        assertThat(event).contains("\"kind\":\"read\"", "\"outcome\":\"" + x.outcome() + "\"");
        assertThat(event).contains(x.fragments().toArray(String[]::new));
        for (String tb : List.of(t + "_c", t)) {
            a.run("drop table if exists " + tb);
            b.run("drop table if exists " + tb);
        }
    }

    @Test
    void aReadRacingAConcurrentWriteIsTransientNotMismatch() throws Exception {
        TestDb a = Engine.MARIADB.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        b.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        try (DualAccessDataSource ds = shadowRead(a, b, Map.of()); Connection app = ds.getConnection();
             Connection bLock = b.connect()) {
            // Hold B so the replay waits; meanwhile a write reaches both sides after the application's read.
            bLock.setAutoCommit(false);
            try (Statement s = bLock.createStatement()) {
                s.execute("lock table " + t + " in access exclusive mode");
            }
            try (PreparedStatement ps = app.prepareStatement("select id, price from " + t + " where id = ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("2.00");
                    assertThat(rs.next()).isFalse();
                }
            }
            a.run("update " + t + " set price = 9.99 where id = 2");
            try (Statement s = bLock.createStatement()) {
                s.executeUpdate("update " + t + " set price = 9.99 where id = 2");
            }
            bLock.commit();
            List<String> events = events(1);
            assertThat(events).hasSize(1);
            assertThat(events.get(0)).contains("\"outcome\":\"transient\"", "\"column\":\"price\"");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void racingReadsAreOneTransientAggregateByDefault() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        b.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        // The default of dualaccess.log.aggregate, as a deployment that does not set it has it.
        Map<String, String> defaults = Map.of("dualaccess.log.aggregate", ConfigKey.LOG_AGGREGATE.defaultValue());
        AtomicLong transients = new AtomicLong();
        TransientCounter counter = new TransientCounter(transients);
        try (DualAccessDataSource ds = shadowRead(a, b, defaults); Connection app = ds.getConnection()) {
            ds.runtime().eventLog().addListener(counter);
            for (String price : new String[] {"7.77", "8.88"}) {
                try (Connection bLock = b.connect()) {
                    bLock.setAutoCommit(false);
                    try (Statement s = bLock.createStatement()) {
                        s.execute("lock table " + t + " in access exclusive mode");
                    }
                    try (PreparedStatement ps = app.prepareStatement("select id, price from " + t + " where id = ?")) {
                        ps.setInt(1, 2);
                        try (ResultSet rs = ps.executeQuery()) {
                            readAll(rs);
                        }
                    }
                    a.run("update " + t + " set price = " + price + " where id = 2");
                    try (Statement s = bLock.createStatement()) {
                        s.executeUpdate("update " + t + " set price = " + price + " where id = 2");
                    }
                    bLock.commit();
                }
                // The replay, released, meets the write on B; the re-check finds A moved on the same way.
                long expected = price.equals("7.77") ? 1 : 2;
                Waits.until("read " + expected + " transient", () -> transients.get() >= expected);
            }
        }
        // Closing writes the aggregates: both transients in one event with their count and the first one's diff.
        List<String> events = events(1);
        List<String> aggregates = events.stream().filter(e -> e.contains("\"outcome\":\"transient\"")).toList();
        assertThat(aggregates).hasSize(1);
        assertThat(aggregates.get(0)).contains("\"count\":2", "\"column\":\"price\"").doesNotContain("\"params\"");
        assertThat(events).noneMatch(e -> e.contains("\"outcome\":\"mismatch\""));
        // Views of recent notable events (Actuator, admin server) are shown the aggregate, once, and count each read once.
        assertThat(counter.aggregates()).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(2));
        assertThat(transients.get()).isEqualTo(2);
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    /** Counts transient reads as they are compared (a statement counter: aggregated ones too, at once). */
    private record TransientCounter(AtomicLong seen, List<ComparisonEvent> aggregates)
            implements Consumer<ComparisonEvent>, StatementCounter {

        TransientCounter(AtomicLong seen) {
            this(seen, new java.util.concurrent.CopyOnWriteArrayList<>());
        }

        @Override
        public void aggregated(ComparisonEvent e) {
            aggregates.add(e);
        }

        @Override
        public void accept(ComparisonEvent e) {
            if (e.outcome() == Outcome.TRANSIENT) {
                seen.addAndGet(e.count());
            }
        }

        @Override
        public Tally tally(String kind, Outcome outcome) {
            return outcome == Outcome.TRANSIENT ? (request, statements, aNanos, bNanos) -> seen.addAndGet(statements) : Tally.NONE;
        }
    }

    @Test
    void aRealDifferenceStaysAMismatchAfterTheRecheck() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        b.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t), "update " + t + " set name = 'TWO' where id = 2");
        try (DualAccessDataSource ds = shadowRead(a, b, Map.of()); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id, name from " + t + " order by id")) {
                readAll(rs);
            }
            assertThat(events(1)).singleElement().asString().contains("\"outcome\":\"mismatch\"", "\"column\":\"name\"", "\"row_a\":2");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void calibrationLearnsANoisyColumnAndDiscountsIt() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t));
        }
        String query = "select id, name, random() as luck from " + t + " order by id";
        try (DualAccessDataSource ds = shadowRead(a, b, Map.of("dualaccess.compare.calibrate", "true"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(query)) {
                readAll(rs);
            }
            assertThat(events(1)).hasSize(1);
            try (ResultSet rs = s.executeQuery(query)) {
                readAll(rs);
            }
            List<String> events = events(2);
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).contains("\"outcome\":\"match\"", "\"reason\":\"noise_discounted\"", "\"noisy_columns\":[\"luck\"]");
            assertThat(events.get(1)).as("later reads of the fingerprint leave the noisy column out")
                .contains("\"outcome\":\"match\"", "\"noisy_columns\":[\"luck\"]");
        }
        // Without calibration the same read is a mismatch on that column (the re-check differs again).
        Files.deleteIfExists(dir.resolve("comparisons.jsonl"));
        try (DualAccessDataSource ds = shadowRead(a, b, Map.of()); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(query)) {
                readAll(rs);
            }
            assertThat(events(1)).singleElement().asString().contains("\"outcome\":\"mismatch\"", "\"column\":\"luck\"");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void ignoredColumnsExcludedTablesAndExecuteThenGetResultSet() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        String skipped = table();
        a.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t), ITEMS.replace("T", skipped), ITEMS_ROWS.replace("T", skipped));
        b.run(ITEMS.replace("T", t), ITEMS_ROWS.replace("T", t), "update " + t + " set price = 0 where id = 3",
            ITEMS.replace("T", skipped));
        Map<String, String> config = Map.of("dualaccess.compare.ignore-columns", "PRICE", "dualaccess.tables.exclude", skipped);
        try (DualAccessDataSource ds = shadowRead(a, b, config); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.execute("select id, name, price from " + t + " order by id")).isTrue();
                try (ResultSet rs = s.getResultSet()) {
                    readAll(rs);
                }
                // B lacks every row of the excluded table: it must not be compared at all.
                try (ResultSet rs = s.executeQuery("select id from " + skipped)) {
                    readAll(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select id, name from " + t + " where id > ?")) {
                ps.setInt(1, 1);
                assertThat(ps.execute()).isTrue();
                try (ResultSet rs = ps.getResultSet()) {
                    readAll(rs);
                }
            }
            List<String> events = events(2);
            assertThat(events).hasSize(2);
            // Two workers: the events may come in either order.
            assertThat(events).anySatisfy(e -> assertThat(e).contains("\"outcome\":\"match\"", "\"rows\":3", "order by id"));
            assertThat(events).anySatisfy(e -> assertThat(e).contains("\"outcome\":\"match\"", "\"rows\":2", "\"params\":[1]"));
            assertThat(String.join("\n", events)).doesNotContain(skipped);
        }
    }
}
