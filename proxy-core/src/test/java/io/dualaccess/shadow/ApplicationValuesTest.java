package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows past the kept ones are digested as the application leaves them, reusing the values it read
 * (getInt, getLong, getDouble, getString, getTimestamp) instead of reading them again
 * ({@link ReadCapture}). A reused value must hash as the digest's own read would: equal data
 * matches, whichever getters the application used and whatever it does to a Timestamp after
 * reading it; a difference in a reused column past the kept rows is still found.
 */
class ApplicationValuesTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 40;
    /** Past the kept rows (keep-rows 3): these rows' values are the application's. */
    private static final int CHANGED = 31;
    /** A kept row after the first: kept as primitives read from the application's values ({@code RowDigest.addLeaving}). */
    private static final int CHANGED_KEPT = 2;

    @TempDir
    Path dir;

    private String table() {
        return "av_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private static String timestampType(Engine e) {
        return e == Engine.MARIADB ? "datetime(6)" : "timestamp(6)";
    }

    private static void create(TestDb db, String t) throws Exception {
        String ts = timestampType(db.engine());
        db.run("create table " + t + " (id int primary key, grp smallint not null, amount bigint not null,"
            + " price double precision, name varchar(20), updated " + ts + ")");
        StringBuilder insert = new StringBuilder("insert into " + t + " values ");
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 4).append(", ")
                .append(5_000_000_000L + i).append(", ").append(i % 5 == 0 ? "null" : i + ".25").append(", ")
                .append(i % 6 == 0 ? "null" : "'n" + i + "'").append(", ")
                .append(i % 7 == 0 ? "null" : "'2024-01-02 03:04:" + String.format("%02d", i % 60) + ".123456'").append(')');
        }
        db.run(insert.toString());
    }

    private DualAccessDataSource shadowRead(TestDb a, TestDb b) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW_READ)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // each read's own outcome, in order: one line per statement
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.b.statement-timeout", "5s")
            .set("dualaccess.compare.keep-rows", "3")
            .build();
    }

    private List<String> events(int expected) {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    /** Reads every row as an application does: each column with its own getter; a Timestamp changed after reading. */
    private static int readWithGetters(ResultSet rs) throws Exception {
        int n = 0;
        while (rs.next()) {
            rs.getInt(1);
            rs.getInt(2);
            rs.getLong(3);
            rs.getDouble(4);
            rs.getString(5);
            Timestamp ts = rs.getTimestamp(6);
            if (ts != null) {
                // The application's object is its own: changing it must not change what was compared.
                ts.setTime(0);
                ts.setNanos(999);
            }
            n++;
        }
        return n;
    }

    private static final String SELECT = "select id, grp, amount, price, name, updated from %s where id >= ? order by id";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void equalRowsReadThroughTheirGettersMatchAndADifferencePastTheKeptRowsIsFound(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = table();
        create(a, t);
        create(b, t);
        List<String> changes = new java.util.ArrayList<>();
        for (int id : new int[] {CHANGED, CHANGED_KEPT}) {
            changes.addAll(List.of(
                "update %s set updated = " + (engine == Engine.POSTGRESQL ? "updated + interval '1 second'"
                    : engine == Engine.MARIADB ? "updated + interval 1 second" : "dateadd(second, 1, updated)") + " where id = " + id,
                "update %s set name = 'other' where id = " + id,
                "update %s set price = 1.5 where id = " + id,
                "update %s set grp = grp + 1 where id = " + (id + 1),
                "update %s set amount = 7 where id = " + id));
        }
        try (DualAccessDataSource ds = shadowRead(a, b); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(SELECT, t))) {
            int expected = 0;
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(readWithGetters(rs)).isEqualTo(ROWS);
            }
            assertThat(events(++expected).get(expected - 1)).contains("\"outcome\":\"match\"", "\"rows\":" + ROWS);
            // Results of fewer rows than are kept, as many, and one more: equal data matches.
            for (int from : new int[] {ROWS - 1, ROWS - 2, ROWS - 3}) {
                ps.setInt(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(readWithGetters(rs)).isEqualTo(ROWS - from + 1);
                }
                assertThat(events(++expected).get(expected - 1)).as("from %d", from)
                    .contains("\"outcome\":\"match\"", "\"rows\":" + (ROWS - from + 1));
            }
            ps.setInt(1, 1);
            for (String change : changes) {
                b.run(String.format(change, t));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(readWithGetters(rs)).isEqualTo(ROWS);
                }
                String event = events(++expected).get(expected - 1);
                assertThat(event).as(change).contains("\"outcome\":\"mismatch\"");
                // Put B back for the next change.
                b.run("drop table " + t);
                create(b, t);
            }
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void gettersThatDoNotAnswerTheDigestsOwnValueAreNotReused() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        create(a, t);
        create(b, t);
        try (DualAccessDataSource ds = shadowRead(a, b); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(SELECT, t))) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Each a value other than the digest's own read of the column: a double as an int,
                    // a BIGINT as a double, a timestamp as text, a number as text.
                    rs.getInt(4);
                    rs.getDouble(3);
                    rs.getString(6);
                    rs.getString(1);
                    rs.getLong(4);
                }
            }
            assertThat(events(1).get(0)).contains("\"outcome\":\"match\"", "\"rows\":" + ROWS);
            // A scrollable result is digested at once, as the application reaches each row.
            try (PreparedStatement scroll = c.prepareStatement(String.format(SELECT, t), ResultSet.TYPE_SCROLL_INSENSITIVE,
                    ResultSet.CONCUR_READ_ONLY)) {
                scroll.setInt(1, 1);
                try (ResultSet rs = scroll.executeQuery()) {
                    assertThat(readWithGetters(rs)).isEqualTo(ROWS);
                }
            }
            assertThat(events(2).get(1)).contains("\"outcome\":\"match\"", "\"rows\":" + ROWS);
            // Only some columns read, and the last row left by close() rather than next().
            b.run("update " + t + " set name = 'other' where id = " + ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (n < ROWS && rs.next()) {
                    rs.getString(5);
                    n++;
                }
            }
            assertThat(events(3).get(2)).contains("\"outcome\":\"mismatch\"");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }
}
