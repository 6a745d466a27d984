package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A statement B refuses for what it is quarantines its fingerprint; the breaker stays closed for everything else. */
class QuarantineTest {

    @TempDir
    Path dir;

    @Test
    void errorsAboutTheStatementAreToldFromASickB() {
        assertThat(Quarantine.aboutStatement(new SQLException("syntax", "42601"))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLException("not supported", "0A000"))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLException("value too long", "22001"))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLException("duplicate", "23000", 1062))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLSyntaxErrorException("x"))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLException("unknown column", "HY000", 1054))).isTrue();
        assertThat(Quarantine.aboutStatement(new RuntimeException(new SQLException("wrapped", "42P01")))).isTrue();
        assertThat(Quarantine.aboutStatement(new SQLTransientConnectionException("pool timeout", "08001"))).isFalse();
        assertThat(Quarantine.aboutStatement(new SQLException("canceled", "57014"))).isFalse();
        assertThat(Quarantine.aboutStatement(new SQLException("no state"))).isFalse();
    }

    @Test
    void quarantinedAfterFailuresInARowForTheBackOffThenTriedAgain() {
        Quarantine q = new Quarantine(3, Duration.ofSeconds(10));
        long t = 1_000_000_000L;
        assertThat(q.failed("f", t)).isFalse();
        q.succeeded("f");
        assertThat(q.failed("f", t)).isFalse();
        assertThat(q.failed("f", t)).isFalse();
        assertThat(q.failed("f", t)).isTrue();
        assertThat(q.active("f", t + 1)).isTrue();
        assertThat(q.active("other", t + 1)).isFalse();
        assertThat(q.reportDue("f", t + 1)).isTrue();
        assertThat(q.reportDue("f", t + 2)).isFalse();
        assertThat(q.active("f", t + Duration.ofSeconds(10).toNanos())).isFalse();
        // The trial after the back-off fails: quarantined again at once.
        assertThat(q.failed("f", t + Duration.ofSeconds(11).toNanos())).isTrue();
    }

    @Test
    void aStatementFailingOnB100TimesLeavesTheBreakerClosedAndOtherWritesMirrored() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        // B lacks a column A has: every insert naming it fails on B with "unknown column".
        a.run("drop table if exists qt_notes", "drop table if exists qt_items",
            "create table qt_notes (id bigint primary key, body varchar(40), extra varchar(10))",
            "create table qt_items (id bigint primary key, name varchar(40))");
        b.run("drop table if exists qt_notes", "drop table if exists qt_items",
            "create table qt_notes (id bigint primary key, body varchar(40))",
            "create table qt_items (id bigint primary key, name varchar(40))");
        Path log = dir.resolve("comparisons.jsonl");
        Path journal = dir.resolve("journal.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.DUAL_WRITE)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", journal.toString())
                .set("dualaccess.journal.fsync", "always")
                .build();
             Connection c = ds.getConnection();
             PreparedStatement bad = c.prepareStatement("insert into qt_notes (id, body, extra) values (?, ?, ?)");
             PreparedStatement good = c.prepareStatement("insert into qt_items (id, name) values (?, ?)")) {
            for (int i = 1; i <= 100; i++) {
                bad.setLong(1, i);
                bad.setString(2, "note " + i);
                bad.setString(3, "x");
                assertThat(bad.executeUpdate()).isEqualTo(1);
                good.setLong(1, i);
                good.setString(2, "item " + i);
                assertThat(good.executeUpdate()).isEqualTo(1);
            }
            assertThat(ds.runtime().mirror().breaker().getState().name()).isEqualTo("CLOSED");
        }
        assertThat(b.rows("select count(*) from qt_items")).containsExactly("100");
        List<String> events = Files.readAllLines(log);
        List<String> bad = events.stream().filter(e -> e.contains("qt_notes")).toList();
        List<String> good = events.stream().filter(e -> e.contains("qt_items")).toList();
        // Matched writes are aggregated (dualaccess.log.aggregate): their counts add up to the 100 writes.
        assertThat(good).isNotEmpty().allSatisfy(e -> assertThat(e).contains("\"outcome\":\"match\""));
        assertThat(good.stream().mapToLong(e -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"outcome\":\"match\",\"count\":(\\d+)").matcher(e);
            return m.find() ? Long.parseLong(m.group(1)) : 1;
        }).sum()).isEqualTo(100);
        // Three failures, then one event for the whole back-off.
        assertThat(bad).hasSize(4);
        assertThat(bad.subList(0, 3)).allSatisfy(e -> assertThat(e).contains("\"outcome\":\"b_error\""));
        assertThat(bad.get(3)).contains("\"outcome\":\"skipped\"", "\"reason\":\"quarantined\"");
        // Every skipped write is journaled, so repair covers it.
        assertThat(Files.readAllLines(journal).stream().filter(e -> e.contains("qt_notes"))).hasSize(100);
        a.run("drop table qt_notes", "drop table qt_items");
        b.run("drop table qt_notes", "drop table qt_items");
    }
}
