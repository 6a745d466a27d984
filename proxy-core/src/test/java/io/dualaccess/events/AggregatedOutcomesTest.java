package io.dualaccess.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.config.FileMode;
import io.dualaccess.context.RequestContext;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code dualaccess.log.aggregate}: statements that matched or were skipped are logged as one event
 * per kind, phase, outcome, reason and fingerprint and interval, whose {@code count}s add up to the
 * statements; the metrics and the statement counters count every statement as it happens; every
 * other outcome keeps its own line with everything it carries; {@code none} restores one line per
 * statement.
 */
class AggregatedOutcomesTest {

    private static final JsonFactory JSON = new JsonFactory();

    /** One line of the log, read into maps, lists and values (proxy-core has Jackson's streaming parser only). */
    record Ev(Map<String, Object> m) {
        boolean has(String f) {
            return m.containsKey(f);
        }

        String text(String f) {
            Object v = m.get(f);
            return v == null ? "" : String.valueOf(v);
        }

        long num(String f) {
            return ((Number) m.get(f)).longValue();
        }

        long count() {
            return has("count") ? num("count") : 1;
        }

        Ev side(String f) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) m.get(f);
            return new Ev(s);
        }

        boolean isNull(String f) {
            return m.containsKey(f) && m.get(f) == null;
        }

        List<?> list(String f) {
            return (List<?>) m.get(f);
        }
    }

    static Ev parse(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) value(p);
            return new Ev(m);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return p.getText();
            }
        }
    }
    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    private String table() {
        return "ag_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private List<Ev> log() throws Exception {
        List<Ev> out = new ArrayList<>();
        Path f = dir.resolve("comparisons.jsonl");
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f)) {
                out.add(parse(l));
            }
        }
        return out;
    }

    private static long statements(List<Ev> events, String kind, String outcome) {
        return events.stream().filter(e -> kind.equals(e.text("kind")) && outcome.equals(e.text("outcome")))
            .mapToLong(e -> e.count()).sum();
    }

    private static double counter(SimpleMeterRegistry registry, String kind, String outcome) {
        return registry.find("dualaccess.comparisons").tag("kind", kind).tag("outcome", outcome).counters().stream()
            .mapToDouble(Counter::count).sum();
    }

    private DualAccessDataSource.Builder dualWrite(TestDb a, TestDb b) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
    }

    @Test
    void thousandMatchedWritesAreAggregatedAndCountedExactlyWhileAMismatchKeepsItsOwnLine() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key, name varchar(20))", "insert into " + t + " values (-1, 'only on a')");
        b.run("create table " + t + " (id int primary key, name varchar(20))");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?)")) {
                    for (int i = 0; i < 1000; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "n" + i);
                        assertThat(ps.executeUpdate()).isEqualTo(1);
                    }
                }
                c.setAutoCommit(false);
                try (RequestContext.Scope ignored = RequestContext.open(new RequestContext("r-18", "POST", "/orders"));
                     PreparedStatement ps = c.prepareStatement("update " + t + " set name = ? where id = ?")) {
                    // B lacks the row: a different update count, a mismatch.
                    ps.setString(1, "x");
                    ps.setInt(2, -1);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                c.commit();
                // Counted as they happened, not when the aggregate is written.
                assertThat(counter(registry, "write", "match")).isEqualTo(1000);
                // A mismatch's event is built on the log's writer thread, which then counts it.
                Waits.until("the mismatch counted", () -> counter(registry, "write", "mismatch") == 1);
            }
        } finally {
            Metrics.removeRegistry(registry);
        }
        List<Ev> events = log();
        List<Ev> matches = events.stream().filter(e -> "match".equals(e.text("outcome"))).toList();
        assertThat(statements(events, "write", "match")).as("the counts add up to the statements").isEqualTo(1000);
        assertThat(matches).as("one aggregate per interval, not one line per statement").hasSizeLessThan(1000).isNotEmpty();
        for (Ev m : matches) {
            assertThat(m.has("params")).as("an aggregate carries no parameters: %s", m).isFalse();
            assertThat(m.isNull("tx")).isTrue();
            assertThat(m.has("request")).isFalse();
            assertThat(m.text("sql")).isEqualTo("insert into " + t + " values (?, ?)");
            assertThat(m.text("fingerprint")).isNotEmpty();
        }
        // Update counts are summed like the dropped aggregate's rows.
        assertThat(matches.stream().mapToLong(m -> m.side("a").num("count")).sum()).isEqualTo(1000);
        assertThat(matches.stream().mapToLong(m -> m.side("b").num("count")).sum()).isEqualTo(1000);
        List<Ev> mismatches = events.stream().filter(e -> "mismatch".equals(e.text("outcome"))).toList();
        assertThat(mismatches).hasSize(1);
        Ev mm = mismatches.get(0);
        assertThat(mm.has("count")).as("one statement").isFalse();
        assertThat(mm.list("params")).hasSize(2);
        assertThat(mm.text("tx")).isNotEmpty();
        assertThat(mm.side("request").text("id")).isEqualTo("r-18");
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void noneRestoresOneLinePerStatementWithItsParameters() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        b.run("create table " + t + " (id int primary key)");
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.log.aggregate", "none").build();
             Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?)")) {
            for (int i = 0; i < 20; i++) {
                ps.setInt(1, i);
                ps.executeUpdate();
            }
        }
        List<Ev> matches = log().stream().filter(e -> "match".equals(e.text("outcome"))).toList();
        assertThat(matches).hasSize(20);
        for (Ev m : matches) {
            assertThat(m.has("count")).isFalse();
            assertThat(m.list("params")).hasSize(1);
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void skippedReadsAreAggregatedWithTheirReasonAndMatchesApart() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key)", "insert into " + t + " values (1), (2)");
        }
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .set("dualaccess.log.aggregate", "skipped")
                .build();
             Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " values (3)");
                for (int i = 0; i < 50; i++) {
                    // After a write in the same transaction: skipped (in-transaction).
                    try (ResultSet rs = s.executeQuery("select id from " + t + " where id = " + (i % 3 + 1))) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            c.commit();
        }
        List<Ev> events = log();
        assertThat(statements(events, "read", "skipped")).isEqualTo(50);
        List<Ev> skipped = events.stream().filter(e -> "skipped".equals(e.text("outcome"))).toList();
        assertThat(skipped).allSatisfy(e -> {
            assertThat(e.text("reason")).isEqualTo("in-transaction");
            assertThat(e.has("params")).isFalse();
        });
        // Literals fold into one fingerprint: one aggregate, with the first statement's SQL as written.
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).text("sql")).isEqualTo("select id from " + t + " where id = 1");
        // match is not in the set: the write keeps its own line.
        assertThat(events.stream().filter(e -> "write".equals(e.text("kind")) && "match".equals(e.text("outcome"))))
            .singleElement().satisfies(e -> assertThat(e.has("count")).isFalse());
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void badValuesAreRejectedNamingTheKeyTheValueAndWhatIsExpected() {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        for (String bad : List.of("match,mismatch", "all", "none,match", "match,,skipped")) {
            assertThatThrownBy(() -> dualWrite(a, b).set("dualaccess.log.aggregate", bad).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dualaccess.log.aggregate")
                .hasMessageContaining("'" + bad + "'")
                .hasMessageContaining("match, skipped, transient, or none");
        }
    }

    @Test
    void aShorterIntervalWritesTheAggregatesWhileTheRuntimeRunsOnePerInterval() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        b.run("create table " + t + " (id int primary key)");
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.log.aggregate-interval", "100ms").build();
             Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?)")) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    ps.setInt(1, round * 10 + i);
                    ps.executeUpdate();
                }
                long expected = 10L * (round + 1);
                // Written at the interval's end, with the runtime still open: well before the default 5 s.
                await("the aggregate of " + expected + " writes in the log").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> statements(log(), "write", "match") == expected);
            }
            List<Ev> matches = log().stream().filter(e -> "match".equals(e.text("outcome"))).toList();
            assertThat(matches).as("one event per interval in which statements ran, at least one per round").hasSizeBetween(3, 30);
        }
    }

    @Test
    void aBadIntervalIsRejectedNamingTheKeyAndTheValue() {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        for (String bad : List.of("0", "soon", "-5s", "25h")) {
            assertThatThrownBy(() -> dualWrite(a, b).set("dualaccess.log.aggregate-interval", bad).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dualaccess.log.aggregate-interval")
                .hasMessageContaining("'" + bad + "'")
                .hasMessageContaining("a duration from 1ms to 24h");
        }
    }

    /** A listener that only reads events: it is shown the aggregates. */
    private static final class Plain implements Consumer<ComparisonEvent> {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong events = new AtomicLong();

        @Override
        public void accept(ComparisonEvent e) {
            statements.addAndGet(e.count());
            events.incrementAndGet();
        }
    }

    /** A listener that counts statements as they happen: never shown the aggregates it counted. */
    private static final class Counting implements Consumer<ComparisonEvent>, StatementCounter {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong resolved = new AtomicLong();
        final AtomicLong aggregatesSeen = new AtomicLong();

        @Override
        public void accept(ComparisonEvent e) {
            if (e.outcome() == Outcome.MATCH) {
                aggregatesSeen.incrementAndGet();
            }
            statements.addAndGet(e.count());
        }

        @Override
        public Tally tally(String kind, Outcome outcome) {
            resolved.incrementAndGet();
            return (request, n, aNanos, bNanos) -> statements.addAndGet(n);
        }
    }

    @Test
    void concurrentStatementsAddUpInTheFileAndForEveryKindOfListenerAndFingerprintsAreBounded() throws Exception {
        Path file = dir.resolve("log.jsonl");
        EventLog log = new EventLog(file, 100, ValueRenderer.MASKED, FileMode.OWNER_ONLY, JsonLinesFile.Rollover.NEVER,
            EnumSet.of(Outcome.MATCH, Outcome.SKIPPED));
        Plain plain = new Plain();
        Counting counting = new Counting();
        log.addListener(plain);
        log.addListener(counting);
        SideResult a = new SideResult(1, 1_000, null);
        SideResult b = new SideResult(1, 2_000, null);
        int threads = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String fp = "insert into t" + (i % 7) + " values (?)";
                        log.count("write", "dual-write", Outcome.MATCH, null, fp, fp, List.of("t"), List.of(), a, b, null, null, 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // More fingerprints than tallied apart: the rest under "*".
        for (int i = 0; i < Aggregates.MAX_FINGERPRINTS + 10; i++) {
            String fp = "select " + i;
            log.count("read", "shadow", Outcome.SKIPPED, "in-transaction", fp, fp, List.of(), List.of(),
                SideResult.read(2, 10, null), SideResult.NOT_RUN, null, null, 1);
        }
        // A batch of three counts three statements.
        log.count("write", "dual-write", Outcome.MATCH, null, "insert into t0 values (?)", "insert into t0 values (?)",
            List.of("t"), List.of(), a, b, null, null, 3);
        // An outcome outside the set is written as published.
        log.publish(new ComparisonEvent(1, "write", "dual-write", Outcome.MISMATCH, null, "fp", "update t set x = 1", List.of(1),
            a, new SideResult(0, 1, null), List.of("t"), "tx-1", List.of()));
        assertThat(counting.statements.get()).as("counted as they happen").isEqualTo(threads * each + 3 + Aggregates.MAX_FINGERPRINTS + 10 + 1);
        log.close();

        long total = threads * each + 3L + Aggregates.MAX_FINGERPRINTS + 10 + 1;
        List<Ev> events = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            events.add(parse(l));
        }
        assertThat(events.stream().mapToLong(e -> e.count()).sum()).isEqualTo(total);
        assertThat(plain.statements.get()).isEqualTo(total);
        assertThat(counting.aggregatesSeen.get()).as("a statement counter is not shown what it counted").isZero();
        assertThat(counting.statements.get()).isEqualTo(total);
        List<Ev> writes = events.stream().filter(e -> "match".equals(e.text("outcome"))).toList();
        // One per fingerprint (and interval: a slow machine may have seen two).
        assertThat(writes.stream().map(e -> e.text("fingerprint")).distinct()).hasSize(7);
        assertThat(writes.stream().mapToLong(e -> e.count()).sum()).isEqualTo(threads * each + 3L);
        assertThat(writes).allSatisfy(e -> {
            assertThat(e.side("a").num("count")).isEqualTo(e.count());
            assertThat(((Number) e.side("b").m().get("ms")).doubleValue()).isEqualTo(e.count() * 0.002, org.assertj.core.data.Offset.offset(1e-6));
        });
        // The seven insert fingerprints are tallied apart too: 17 selects are beyond the bound.
        List<Ev> other = events.stream().filter(e -> "*".equals(e.text("fingerprint"))).toList();
        assertThat(other).isNotEmpty().allSatisfy(e -> assertThat(e.text("sql")).isEqualTo("*"));
        assertThat(other.stream().mapToLong(e -> e.count()).sum()).isEqualTo(17);
        assertThat(other.stream().mapToLong(e -> e.side("a").num("rows")).sum()).isEqualTo(34);
        assertThat(events.stream().filter(e -> "mismatch".equals(e.text("outcome"))).findFirst().orElseThrow()
            .text("tx")).isEqualTo("tx-1");
        assertThat(Set.of(Outcome.MATCH, Outcome.SKIPPED, Outcome.TRANSIENT)).isEqualTo(EventLog.DEFAULT_AGGREGATED);
    }
}
