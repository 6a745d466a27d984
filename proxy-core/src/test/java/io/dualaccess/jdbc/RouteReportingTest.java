package io.dualaccess.jdbc;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.context.RequestContext;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.testing.FaultyDriver;
import io.dualaccess.testing.FaultyDriver.Faults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each phase's route decides, seen from outside (issue 14: one routing decision per execute,
 * one observation pair around each call): for every phase, the writes that reach each side, and the
 * comparison events and meters the writes and reads produce. Fast, on H2 behind {@link FaultyDriver}.
 */
class RouteReportingTest {

    @TempDir
    Path dir;

    private FaultyDriver.Pair pair;
    private Faults a;
    private Faults b;
    private DualAccessDataSource ds;
    private final List<ComparisonEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> listenerThreads = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void databases() throws SQLException {
        // r is only read: the same rows on both sides, so a compared read matches in every phase.
        pair = FaultyDriver.pair("create table t (id int primary key, v varchar(20))",
            "create table r (id int primary key, v varchar(20))", "insert into r values (1, 'one'), (2, 'two')");
        a = pair.a();
        b = pair.b();
    }

    @AfterEach
    void close() {
        pair.clear();
        if (ds != null) {
            ds.close();
        }
    }

    private void dataSource(Phase phase) throws SQLException {
        // Each statement's own event (its SQL, parameters, request) is what this test reads: one line per statement.
        ds = a.dualAccess(b, phase, dir, "dualaccess.log.aggregate", "none");
        ds.runtime().addEventListener(e -> {
            listenerThreads.add(Thread.currentThread().getName());
            events.add(e);
        });
    }

    private static List<String> ids(Faults f) throws SQLException {
        return f.db().rows("select id from t order by id");
    }

    private List<ComparisonEvent> events(String kind) {
        synchronized (events) {
            return events.stream().filter(e -> kind.equals(e.kind())).toList();
        }
    }

    private double comparisons(String kind, String outcome) {
        Counter c = Search.in(ds.runtime().registry()).name("dualaccess.comparisons").tag("kind", kind)
            .tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Phase.class)
    void eachPhaseMirrorsComparesAndReportsAsItsAxesSay(Phase phase) throws Exception {
        dataSource(phase);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("insert into t values (1, 'plain')")).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("insert into t values (?, ?)")) {
                ps.setInt(1, 2);
                ps.setString(2, "prepared");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("select id, v from r order by id")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2);
            }
        }
        boolean mirrored = phase.writes().mirrored();
        boolean bAnswers = phase.writes().bAuthoritative();
        boolean shadowed = phase.reads().shadowed();

        // Where the writes went: the answering side always, the other side only when mirrored.
        List<String> both = List.of("1", "2");
        assertThat(ids(bAnswers ? b : a)).isEqualTo(both);
        assertThat(ids(bAnswers ? a : b)).isEqualTo(mirrored ? both : List.of());

        int writes = mirrored ? 2 : 0;
        int reads = shadowed ? 1 : 0;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events("write")).hasSize(writes);
            assertThat(events("read")).hasSize(reads);
            assertThat(comparisons("write", "match")).isEqualTo(writes);
            assertThat(comparisons("read", "match")).isEqualTo(reads);
        });
        assertThat(events("write")).allSatisfy(e -> {
            assertThat(e.outcome().value()).isEqualTo("match");
            assertThat(e.phase()).isEqualTo(phase.configValue());
            assertThat(e.tables()).containsExactly("t");
            // Each side as itself, whichever answers: both changed one row.
            assertThat(e.a().count()).isEqualTo(1);
            assertThat(e.b().count()).isEqualTo(1);
            assertThat(e.a().nanos()).isPositive();
            assertThat(e.b().nanos()).isPositive();
        });
        assertThat(events("write")).extracting(ComparisonEvent::sql)
            .containsExactly(mirrored ? new String[] {"insert into t values (1, 'plain')", "insert into t values (?, ?)"} : new String[0]);
        assertThat(events("write")).extracting(e -> e.params() == null ? 0 : e.params().size())
            .containsExactly(mirrored ? new Integer[] {0, 2} : new Integer[0]);
        assertThat(events("read")).allSatisfy(e -> {
            assertThat(e.outcome().value()).isEqualTo("match");
            assertThat(e.a().count()).isEqualTo(2);
            assertThat(e.b().count()).isEqualTo(2);
        });
    }

    /**
     * A statement prepared while its table was not mirrored (phase shadow-read records its
     * parameters for shadow reads) is mirrored from the first execute whose pinned phase mirrors it:
     * the route is decided per execute, not when the statement was prepared.
     */
    @Test
    void aStatementPreparedBeforeMirroringBeganIsMirroredOnceThePhaseMirrors() throws Exception {
        dataSource(Phase.SHADOW_READ);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("insert into t values (?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "before");
            assertThat(ps.executeUpdate()).isEqualTo(1);
            ds.phaseControl().setGlobal(Phase.DUAL_WRITE, "test");
            ps.setInt(1, 2);
            ps.setString(2, "after");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(ids(a)).containsExactly("1", "2");
        assertThat(ids(b)).as("only the execute under dual-write reaches B").containsExactly("2");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events("write")).singleElement()
            .satisfies(e -> {
                assertThat(e.outcome().value()).isEqualTo("match");
                assertThat(e.phase()).isEqualTo("dual-write");
            }));
    }

    /**
     * The events of mirrored writes are built on the event log's writer thread, not the
     * application's, and still carry the request the application's thread was serving when the write
     * ran; a divergence is journaled before the application's call returns.
     */
    @Test
    void mirroredWriteEventsAreBuiltOffTheApplicationsThreadWithItsRequest() throws Exception {
        dataSource(Phase.DUAL_WRITE);
        b.db().run("insert into t values (2, 'only on b')");
        String app = Thread.currentThread().getName();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             RequestContext.Scope ignored = RequestContext.open(new RequestContext("r-14", "POST", "/orders"))) {
            assertThat(s.executeUpdate("insert into t values (1, 'x')")).isEqualTo(1);
            // Changes one row on A, none on B: a mismatch, journaled at once.
            assertThat(s.executeUpdate("delete from t where id = 1 or id = 2")).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("journal.jsonl"))).contains("mismatch:update_count");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events("write")).hasSize(2));
        assertThat(events("write")).extracting(e -> e.outcome().value()).containsExactly("match", "mismatch");
        assertThat(events("write")).allSatisfy(e -> {
            assertThat(e.request()).isNotNull();
            assertThat(e.request().id()).isEqualTo("r-14");
            assertThat(e.request().path()).isEqualTo("/orders");
        });
        assertThat(listenerThreads).isNotEmpty().doesNotContain(app);
    }
}
