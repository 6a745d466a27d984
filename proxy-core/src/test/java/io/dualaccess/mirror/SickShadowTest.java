package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TcpRelay;
import io.dualaccess.testing.TestDb;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sick B is found out by what failed, not by waiting for timeouts: a connection-level failure
 * opens the breaker at once, an unreachable B at start leaves it open from the first statement,
 * errors about the statement itself never open it, a black hole ends like a timeout, the breaker
 * closes again by itself once B answers, and one transaction's time on B is bounded by its budget.
 */
class SickShadowTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    private String table() {
        return "sick_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource.Builder dualWrite(TestDb a, String bUrl, TestDb b) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(bUrl, b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // The breaker's story is read statement by statement, in order: one line per statement.
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

    private static CircuitBreaker.State state(DualAccessDataSource ds) throws SQLException {
        DualAccessRuntime r = ds.unwrap(DualAccessDataSource.class).runtime();
        return r.mirror().breaker().getState();
    }

    @Test
    @Timeout(60)
    void bUnreachableAtStartOpensTheBreakerAndEveryEntryNamesTheRealCause() throws Exception {
        TestDb a = Engine.H2.a();
        String t = table();
        a.run("create table " + t + " (id int primary key, v int)");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b("jdbc:postgresql://127.0.0.1:1/nowhere", "x", "secret-pw")
                .phase(Phase.DUAL_WRITE)
                .set("dualaccess.control.poll", "off")
                .set("dualaccess.b.statement-timeout", "5s")
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                assertThat(s.executeUpdate("insert into " + t + " values (" + i + ", 0)")).isEqualTo(1);
            }
            assertThat(state(ds)).isEqualTo(CircuitBreaker.State.OPEN);
        }
        // No statement paid the timeout to learn what connect knew: every write is skipped at once.
        // Skipped writes are aggregated (dualaccess.log.aggregate): one line whose count is the three writes.
        assertThat(events()).isNotEmpty().allMatch(l -> l.contains("\"outcome\":\"skipped\"") && l.contains("\"reason\":\"breaker_open\""));
        assertThat(events().stream().mapToLong(l -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"reason\":\"breaker_open\",\"count\":(\\d+)").matcher(l);
            return m.find() ? Long.parseLong(m.group(1)) : 1;
        }).sum()).isEqualTo(3);
        assertThat(journal()).hasSize(3).allSatisfy(l -> assertThat(l)
            .contains("\"reason\":\"skipped:breaker_open\"")
            .contains("B unreachable at start")
            .containsIgnoringCase("refused")
            .doesNotContain("Connection is not available")
            .doesNotContain("secret-pw"));
    }

    @Test
    @Timeout(120)
    void aConnectionLevelFailureOpensTheBreakerAtOnceAndItClosesWhenBReturns() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        b.run("create table " + t + " (id int primary key)");
        try (TcpRelay relay = TcpRelay.inFrontOf(b.url());
             DualAccessDataSource ds = dualWrite(a, relay.url(b.url()), b)
                 .set("dualaccess.b.statement-timeout", "2s")
                 .set("dualaccess.breaker.probe-interval", "200ms")
                 .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + t + " values (1)");
            relay.mode(TcpRelay.Mode.RESET);
            for (int i = 2; i <= 6; i++) {
                s.executeUpdate("insert into " + t + " values (" + i + ")");
            }
            assertThat(state(ds)).isEqualTo(CircuitBreaker.State.OPEN);
            relay.mode(TcpRelay.Mode.PASS);
            await().atMost(Duration.ofSeconds(10)).until(() -> state(ds) == CircuitBreaker.State.CLOSED);
            s.executeUpdate("insert into " + t + " values (7)");
        }
        List<String> events = events();
        assertThat(events).hasSize(7);
        assertThat(events.get(0)).contains("\"outcome\":\"match\"");
        // One failed call opened it; the four after it were not sent.
        assertThat(events.get(1)).contains("\"outcome\":\"b_error\"");
        assertThat(events.subList(2, 6)).allMatch(l -> l.contains("\"reason\":\"breaker_open\""));
        assertThat(events.get(6)).contains("\"outcome\":\"match\"");
        assertThat(journal()).hasSize(5).allMatch(l -> l.contains("\"error\":"));
        assertThat(b.rows("select id from " + t + " order by id")).containsExactly("1", "7");
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    @Timeout(60)
    void aBlackHoleEndsLikeATimeoutAndOpensTheBreaker() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        b.run("create table " + t + " (id int primary key)");
        try (TcpRelay relay = TcpRelay.inFrontOf(b.url());
             DualAccessDataSource ds = dualWrite(a, relay.url(b.url()), b).set("dualaccess.b.statement-timeout", "1s").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + t + " values (1)");
            relay.mode(TcpRelay.Mode.BLACK_HOLE);
            for (int i = 2; i <= 5; i++) {
                assertThat(s.executeUpdate("insert into " + t + " values (" + i + ")")).isEqualTo(1);
            }
            assertThat(state(ds)).isEqualTo(CircuitBreaker.State.OPEN);
            relay.mode(TcpRelay.Mode.PASS);
        }
        List<String> events = events();
        assertThat(events).hasSize(5);
        assertThat(events.get(1)).containsAnyOf("\"outcome\":\"timeout\"", "\"outcome\":\"b_error\"");
        assertThat(events.subList(2, 5)).allMatch(l -> l.contains("\"reason\":\"breaker_open\""));
        assertThat(journal()).hasSize(4);
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    @Test
    void errorsAboutTheStatementNeverOpenTheBreaker() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        // The quarantine (issue 12) would skip the fingerprint after 3 such failures: kept out of the way,
        // so every write reaches B and the breaker is shown to leave them all out.
        try (DualAccessDataSource ds = dualWrite(a, b.url(), b).set("dualaccess.quarantine.failures", "1000000").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 12; i++) {
                s.executeUpdate("insert into " + t + " values (" + i + ")");
            }
            assertThat(state(ds)).isEqualTo(CircuitBreaker.State.CLOSED);
        }
        // B lacks the table (SQLState 42...): each write is tried and journaled, none skipped by the breaker.
        assertThat(events()).hasSize(12).allMatch(l -> l.contains("\"outcome\":\"b_error\""));
        assertThat(journal()).hasSize(12);
    }

    /** B slowed by a trigger (0.3 s per row): the transaction's budget of 1 s cuts its mirror short. */
    @Test
    @Timeout(60)
    void pastItsBudgetTheRestOfATransactionIsSkippedAndJournaled() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = table();
        a.run("create table " + t + " (id int primary key)");
        b.run("create table " + t + " (id int primary key)",
            "create or replace function " + t + "_slow() returns trigger as $$ begin perform pg_sleep(0.3); return new; end $$ language plpgsql",
            "create trigger " + t + "_slow before insert on " + t + " for each row execute function " + t + "_slow()");
        try (DualAccessDataSource ds = dualWrite(a, b.url(), b)
                .set("dualaccess.b.statement-timeout", "2s")
                .set("dualaccess.b.transaction-budget", "1s")
                .set("dualaccess.breaker.slow-call", "2s")
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 1; i <= 8; i++) {
                s.executeUpdate("insert into " + t + " values (" + i + ")");
            }
            c.commit();
            c.setAutoCommit(true);
            assertThat(state(ds)).isEqualTo(CircuitBreaker.State.CLOSED);
        }
        assertThat(a.rows("select count(*) from " + t)).containsExactly("8");
        // The transaction reaches B whole or is journaled whole.
        assertThat(b.rows("select count(*) from " + t)).containsExactly("0");
        List<String> journal = journal();
        assertThat(journal).hasSize(8);
        assertThat(journal).anyMatch(l -> l.contains("\"reason\":\"timeout:transaction_budget\""));
        assertThat(journal).anyMatch(l -> l.contains("\"reason\":\"skipped:transaction_aborted\""));
        a.run("drop table " + t);
        b.run("drop table " + t, "drop function " + t + "_slow()");
    }
}
