package io.dualaccess.context;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request being served reaches every comparison event and journal entry made for it. */
class RequestContextTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final String REQUEST = "\"request\":{\"id\":\"r-1\",\"method\":\"POST\",\"path\":\"/orders/7\"}";

    @TempDir
    Path dir;

    private String table() {
        return "rc_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private DualAccessDataSource dataSource(TestDb a, TestDb b, Phase phase) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(phase)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            // Each statement's event names its request: one line per statement (aggregates carry none).
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
    }

    private List<String> lines(String file, int expected) throws Exception {
        return Waits.lines(dir.resolve(file), expected);
    }

    @Test
    void scopesNestAndRestore() {
        RequestContext outer = new RequestContext("o", "GET", "/outer");
        try (RequestContext.Scope s = RequestContext.open(outer)) {
            try (RequestContext.Scope inner = RequestContext.open(new RequestContext("i", "GET", "/inner", true))) {
                assertThat(RequestContext.current().id()).isEqualTo("i");
                assertThat(RequestContext.readsExcluded()).isTrue();
            }
            assertThat(RequestContext.current()).isSameAs(outer);
            Runnable[] seen = new Runnable[1];
            RequestContext[] onOtherThread = new RequestContext[1];
            seen[0] = RequestContext.wrap(() -> onOtherThread[0] = RequestContext.current());
            Thread t = new Thread(seen[0]);
            t.start();
            assertThat(t).satisfies(th -> th.join(5_000));
            assertThat(onOtherThread[0]).isSameAs(outer);
        }
        assertThat(RequestContext.current()).isNull();
    }

    @Test
    void writeEventsAndJournalEntriesNameTheRequest() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key, qty int)", "insert into " + t + " values (1, 1)");
        b.run("create table " + t + " (id int primary key, qty int)");
        try (DualAccessDataSource ds = dataSource(a, b, Phase.DUAL_WRITE);
             Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (RequestContext.Scope ignored = RequestContext.open(new RequestContext("r-1", "POST", "/orders/7"))) {
                // B lacks the row: a different update count, so a mismatch and a journal entry.
                assertThat(s.executeUpdate("update " + t + " set qty = 2 where id = 1")).isEqualTo(1);
            }
            s.executeUpdate("update " + t + " set qty = 3 where id = 1");
        }
        List<String> events = lines("comparisons.jsonl", 2);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"outcome\":\"mismatch\"").contains(REQUEST);
        assertThat(events.get(1)).doesNotContain("\"request\"");
        List<String> journal = lines("journal.jsonl", 2);
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0)).contains(REQUEST);
        assertThat(journal.get(1)).doesNotContain("\"request\"");
    }

    @Test
    void shadowReadsCarryTheRequestToTheWorkerAndExcludedRequestsAreSkipped() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String t = table();
        a.run("create table " + t + " (id int primary key, qty int)", "insert into " + t + " values (1, 1)");
        b.run("create table " + t + " (id int primary key, qty int)", "insert into " + t + " values (1, 99)");
        try (DualAccessDataSource ds = dataSource(a, b, Phase.SHADOW_READ);
             Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (RequestContext.Scope ignored = RequestContext.open(new RequestContext("r-1", "POST", "/orders/7"))) {
                read(s, t);
            }
            try (RequestContext.Scope ignored = RequestContext.open(new RequestContext("r-2", "GET", "/health", true))) {
                read(s, t);
            }
            lines("comparisons.jsonl", 2);
        }
        List<String> events = lines("comparisons.jsonl", 2);
        assertThat(events).hasSize(2);
        String compared = events.stream().filter(e -> e.contains("\"id\":\"r-1\"")).findFirst().orElseThrow();
        assertThat(compared).contains("\"outcome\":\"mismatch\"").contains(REQUEST);
        String excluded = events.stream().filter(e -> e.contains("\"id\":\"r-2\"")).findFirst().orElseThrow();
        assertThat(excluded).contains("\"outcome\":\"skipped\"").contains("\"reason\":\"excluded_path\"")
            .contains("\"path\":\"/health\"");
    }

    private static void read(Statement s, String t) throws Exception {
        try (ResultSet rs = s.executeQuery("select qty from " + t + " where id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void anAdminPortWithoutTheSidecarJarSaysWhatToAdd() throws Exception {
        TestDb a = Engine.H2.a();
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .phase(Phase.OFF)
                .set("dualaccess.admin.port", "0")
                .build()) {
            assertThatThrownBy(ds::getConnection)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dualaccess.admin.port")
                .hasMessageContaining("add the sidecar jar (io.dualaccess:sidecar)");
        }
    }
}
