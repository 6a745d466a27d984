package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A and B are the databases, whichever side answers the application: in every phase a planted
 * difference shows A's value under {@code *_a} and B's under {@code *_b} (in {@code live}, where B
 * is authoritative and a rollback is decided, they were once swapped).
 */
class DiffSidesTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Engine[]> pairs = List.of(new Engine[] {Engine.POSTGRESQL, Engine.MARIADB},
            new Engine[] {Engine.MARIADB, Engine.POSTGRESQL}, new Engine[] {Engine.POSTGRESQL, Engine.POSTGRESQL});
        List<Arguments> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            for (Engine[] e : pairs) {
                out.add(Arguments.of(p, e[0], e[1]));
            }
        }
        return out.stream();
    }

    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    @ParameterizedTest(name = "{0}: A={1} B={2}")
    @MethodSource("cases")
    void aValueIsUnderAAndBValueUnderBInEveryPhase(Phase phase, Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = "sides_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        String w = t + "_w";
        a.run("create table " + t + " (id int primary key, price decimal(10,2))",
            "insert into " + t + " values (1, 1.50), (2, 27.75), (3, 3.25)",
            "create table " + w + " (id int primary key, qty int)", "insert into " + w + " values (1, 1), (2, 2), (3, 3)");
        b.run("create table " + t + " (id int primary key, price decimal(10,2))",
            "insert into " + t + " values (1, 1.50), (2, 27.70), (3, 3.25)",
            "create table " + w + " (id int primary key, qty int)", "insert into " + w + " values (1, 1), (2, 2)");
        boolean readsCompared = phase.reads().shadowed();
        boolean writesMirrored = phase.writes().mirrored();
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
            .phase(phase).set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.log.values", "full").set("dualaccess.b.statement-timeout", "5s").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id, price from " + t + " order by id")) {
                rs.next();
                rs.next();
                // The application sees the authoritative side's value.
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(phase.reads().bAuthoritative() ? "27.70" : "27.75");
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            int expected = readsCompared ? 1 : 0;
            if (readsCompared) {
                assertThat(events(1)).hasSize(1);
            }
            // Row 3 of the write table is on A only: A updates 1 row, B none.
            s.executeUpdate("update " + w + " set qty = qty + 1 where id = 3");
            expected += writesMirrored ? 1 : 0;
            List<String> events = events(expected);
            Thread.sleep(100);
            events = events(expected);
            List<String> reads = events.stream().filter(e -> e.contains("\"kind\":\"read\"")).toList();
            List<String> writes = events.stream().filter(e -> e.contains("\"kind\":\"write\"")).toList();
            if (readsCompared) {
                assertThat(reads).singleElement().asString().contains("\"outcome\":\"mismatch\"", "\"kind\":\"value\"",
                    "\"row_a\":2", "\"row_b\":2", "\"column\":\"price\"", "\"value_a\":27.75", "\"value_b\":27.7",
                    "\"phase\":\"" + phase.configValue() + "\"", "\"a\":{\"rows\":3", "\"b\":{\"rows\":3");
            } else {
                assertThat(reads).as("phase %s compares no reads", phase).isEmpty();
            }
            if (writesMirrored) {
                assertThat(writes).singleElement().asString().contains("\"outcome\":\"mismatch\"", "\"a\":{\"count\":1",
                    "\"b\":{\"count\":0");
            } else {
                assertThat(writes).as("phase %s mirrors no writes", phase).isEmpty();
            }
        } finally {
            for (String tb : List.of(t, w)) {
                a.run("drop table if exists " + tb);
                b.run("drop table if exists " + tb);
            }
        }
    }
}
