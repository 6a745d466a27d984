package io.dualaccess.mirror;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.config.ConfigParser;
import io.dualaccess.config.ConfigSource;
import io.dualaccess.config.RawConfig;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code dualaccess.mirror.pipeline=transaction} (the default) with PostgreSQL A and B: inside an
 * application transaction the mirrored writes wait and reach B in one round trip before A commits;
 * each still gets its own event with the outcome it gets without the pipeline; a failure in the middle
 * gives the statements before it their real outcome, the failing one its error, the ones after it
 * {@code skipped}/{@code transaction_aborted}, and a journal entry per statement B does not keep; a
 * rollback sends nothing; savepoints and reads inside the transaction still see B as A.
 * B's round trips are counted at its socket ({@link RoundTrips}).
 */
class WritePipelineTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    private TestDb a;
    private TestDb b;
    private String t;
    /** This test's tag for B's round trips: what an earlier test's closing connections still send is not counted. */
    private final String tag = "write-pipeline-" + TABLES.incrementAndGet() + "-" + System.nanoTime();

    /** B's round trips from this test's data sources so far. */
    private long flushes() {
        return RoundTrips.flushes(tag);
    }

    /** Fresh tables on A and B, then {@code bOnly} on B ({@code %s}: the table). */
    private void tables(String... bOnly) throws SQLException {
        a = Engine.POSTGRESQL.a();
        b = Engine.POSTGRESQL.b();
        t = "wp_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t, "create table " + t + " (id int primary key, v varchar(40))");
        }
        for (String sql : bOnly) {
            b.run(sql.formatted(t));
        }
    }

    private DualAccessDataSource dualWrite(String... settings) throws Exception {
        DualAccessDataSource.Builder builder = DualAccessDataSource.builder(a.dataSource())
            .b(b.url() + (b.url().contains("?") ? "&" : "?") + RoundTrips.urlParameter(tag), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.b.pool.max-size", "1")
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
        for (int i = 0; i < settings.length; i += 2) {
            builder.set(settings[i], settings[i + 1]);
        }
        return builder.build();
    }

    private List<String> writes(int expected) {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected).stream()
            .filter(e -> e.contains("\"kind\":\"write\"")).toList();
    }

    private static String outcome(String event) {
        String o = event.replaceAll(".*\"outcome\":\"([a-z_]+)\".*", "$1");
        return event.contains("\"reason\":\"") ? o + "/" + event.replaceAll(".*\"reason\":\"([a-z_]+)\".*", "$1") : o;
    }

    private List<String> journal() throws Exception {
        Path j = dir.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    private static String reason(String journalLine) {
        return journalLine.replaceAll(".*\"reason\":\"([a-z_:]+)\".*", "$1");
    }

    private void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, v) values (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "v" + id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private void update(Connection c, int id, String v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + t + " set v = ? where id = ?")) {
            ps.setString(1, v);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    /** A transaction that opens B's pooled connection and its session, so later counts are the transactions' own. */
    private void warmUp(Connection c) throws SQLException {
        c.setAutoCommit(false);
        insert(c, 1000);
        c.commit();
    }

    private String rows(TestDb db) throws SQLException {
        return String.join(",", db.rows("select id, v from " + t + " order by id"));
    }

    @Test
    void aTransactionsWritesReachBInOneRoundTripAndEachGetsItsEvent() throws Exception {
        tables();
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            warmUp(c);
            long before = flushes();
            insert(c, 1);
            insert(c, 2);
            insert(c, 3);
            update(c, 2, "two");
            update(c, 9, "none"); // no row: 0 on both sides
            try (PreparedStatement ps = c.prepareStatement("delete from " + t + " where id = ?")) {
                ps.setInt(1, 3);
                ps.executeUpdate();
            }
            assertThat(b.rows("select count(*) from " + t)).as("nothing on B before the commit").containsExactly("1");
            c.commit();
            assertThat(flushes() - before).as("B's round trips: the pipeline (with BEGIN), then COMMIT").isEqualTo(2);

            // The same sequence again: the joined text's statement, kept on B's connection, is bound again.
            List<PreparedStatement> kept = List.copyOf(ds.runtime().mirror().keptStatements().all());
            for (int id = 10; id <= 11; id++) {
                insert(c, id);
                update(c, id, "again");
                c.commit();
            }
            assertThat(ds.runtime().mirror().keptStatements().all()).hasSize(kept.size() + 1).containsAll(kept);
            c.createStatement().executeUpdate("delete from " + t + " where id between 10 and 11");
            c.commit();
        }
        assertThat(rows(b)).isEqualTo(rows(a)).isEqualTo("1|v1,2|two,1000|v1000");
        List<String> writes = writes(12);
        assertThat(writes).hasSize(12).extracting(WritePipelineTest::outcome).containsOnly("match");
        assertThat(writes.subList(1, 7)).extracting(e -> e.replaceAll(".*\"b\":\\{\"count\":(-?[0-9]+).*", "$1"))
            .containsExactly("1", "1", "1", "1", "0", "1");
        assertThat(journal()).isEmpty();
    }

    /**
     * MariaDB A, PostgreSQL B: the translator writes B's SQL, whose placeholders no classification
     * holds (the connection keeps them, {@link PipelineText.Scanned}); the writes still wait and
     * reach B in one round trip, as their own texts.
     */
    @Test
    void anotherEnginesTranslatedWritesArePipelinedToo() throws Exception {
        tables();
        a = Engine.MARIADB.a();
        a.run("drop table if exists " + t, "create table " + t + " (id int primary key, v varchar(40))");
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            warmUp(c);
            for (int round = 0; round < 2; round++) {
                long before = flushes();
                insert(c, 1 + 10 * round);
                insert(c, 2 + 10 * round);
                update(c, 1 + 10 * round, "one");
                c.commit();
                assertThat(flushes() - before).as("the pipeline (with BEGIN), then COMMIT").isEqualTo(2);
            }
        }
        assertThat(rows(b)).isEqualTo(rows(a)).isEqualTo("1|one,2|v2,11|one,12|v12,1000|v1000");
        assertThat(writes(7)).hasSize(7).extracting(WritePipelineTest::outcome).containsOnly("match");
        assertThat(journal()).isEmpty();
        a.run("drop table " + t);
    }

    @Test
    void aPipelineIsSentWhenItReachesItsBound() throws Exception {
        tables();
        int n = PairedConnection.PIPELINE_MAX_STATEMENTS + 44;
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            warmUp(c);
            long before = flushes();
            for (int id = 1; id <= n; id++) {
                insert(c, id);
            }
            assertThat(flushes() - before).as("the first " + PairedConnection.PIPELINE_MAX_STATEMENTS
                + " sent when the next one came").isEqualTo(1);
            c.commit();
            assertThat(flushes() - before).as("then the rest, then COMMIT").isEqualTo(3);
        }
        assertThat(rows(b)).isEqualTo(rows(a));
        assertThat(b.rows("select count(*) from " + t)).containsExactly(String.valueOf(n + 1));
        assertThat(writes(n + 1)).hasSize(n + 1).extracting(WritePipelineTest::outcome).containsOnly("match");
    }

    @Test
    void aFailureInTheMiddleGivesEachStatementTheOutcomeItGetsWithoutAPipeline() throws Exception {
        tables("insert into %s values (2, 'only on B')");
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1);
            insert(c, 2); // B has 2 already: fails there
            update(c, 1, "one");
            insert(c, 4);
            c.commit();
        }
        assertThat(rows(a)).isEqualTo("1|one,2|v2,4|v4");
        assertThat(rows(b)).as("B rolled the transaction back").isEqualTo("2|only on B");
        assertThat(writes(4)).extracting(WritePipelineTest::outcome)
            .containsExactly("match", "b_error", "skipped/transaction_aborted", "skipped/transaction_aborted");
        assertThat(writes(4).get(1)).contains("23505");
        List<String> journal = journal();
        assertThat(journal).extracting(WritePipelineTest::reason).containsExactlyInAnyOrder(
            "transaction_rolled_back_on_shadow", "b_error", "skipped:transaction_aborted", "skipped:transaction_aborted");
    }

    @Test
    void aFailureAfterEarlierWorkOnBIsUndoneToItsSavepointAndTheWritesGoOneByOne() throws Exception {
        tables("insert into %s values (3, 'only on B')");
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // a plain statement: not pipelined, sent at once (B's transaction holds it before the pipeline)
                s.executeUpdate("insert into " + t + " values (1, 'plain')");
            }
            insert(c, 2);
            insert(c, 3); // fails on B
            insert(c, 4);
            c.commit();
        }
        assertThat(rows(a)).isEqualTo("1|plain,2|v2,3|v3,4|v4");
        assertThat(rows(b)).isEqualTo("3|only on B");
        assertThat(writes(4)).extracting(WritePipelineTest::outcome)
            .containsExactly("match", "match", "b_error", "skipped/transaction_aborted");
        assertThat(journal()).extracting(WritePipelineTest::reason).containsExactlyInAnyOrder(
            "transaction_rolled_back_on_shadow", "transaction_rolled_back_on_shadow", "b_error", "skipped:transaction_aborted");
    }

    @Test
    void aRollbackSendsNothingToB() throws Exception {
        tables();
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            warmUp(c);
            long before = flushes();
            insert(c, 1);
            update(c, 1, "one");
            c.rollback();
            assertThat(flushes() - before).isZero();
            insert(c, 2);
            c.commit();
        }
        assertThat(rows(b)).isEqualTo(rows(a)).isEqualTo("2|v2,1000|v1000");
        assertThat(writes(4)).extracting(WritePipelineTest::outcome)
            .containsExactly("match", "skipped/rolled_back", "skipped/rolled_back", "match");
        assertThat(journal()).as("A kept nothing of the rolled-back writes: nothing to repair").isEmpty();
    }

    @Test
    void savepointsStillLineUp() throws Exception {
        tables();
        try (DualAccessDataSource ds = dualWrite(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1);
            Savepoint sp = c.setSavepoint();
            insert(c, 2);
            update(c, 1, "gone");
            c.rollback(sp);
            insert(c, 3);
            Savepoint named = c.setSavepoint("kept");
            update(c, 3, "three");
            c.releaseSavepoint(named);
            insert(c, 4);
            c.commit();
        }
        assertThat(rows(b)).isEqualTo(rows(a)).isEqualTo("1|v1,3|three,4|v4");
        assertThat(writes(6)).extracting(WritePipelineTest::outcome).containsOnly("match");
        assertThat(journal()).isEmpty();
    }

    @Test
    void aReadReplayedInTheTransactionSeesTheWritesBeforeIt() throws Exception {
        tables();
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW)
            .set("dualaccess.shadow.in-transaction", "paired")
            .set("dualaccess.shadow.in-transaction.sample-rate", "1")
            .set("dualaccess.shadow.in-transaction.budget", "5s")
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1);
            insert(c, 2);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + t)) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            insert(c, 3);
            c.commit();
        }
        List<String> events = Waits.lines(dir.resolve("comparisons.jsonl"), 4);
        assertThat(events).filteredOn(e -> e.contains("\"kind\":\"read\"")).singleElement()
            .satisfies(e -> assertThat(outcome(e)).isEqualTo("match/paired"));
        assertThat(events).filteredOn(e -> e.contains("\"kind\":\"write\"")).extracting(WritePipelineTest::outcome)
            .containsExactly("match", "match", "match");
        assertThat(rows(b)).isEqualTo(rows(a));
    }

    @Test
    void offAndOnErrorFailSendEachWriteAtOnce() throws Exception {
        tables();
        for (String[] settings : List.of(new String[] {"dualaccess.mirror.pipeline", "off"},
            new String[] {"dualaccess.mirror.on-error", "fail"})) {
            try (DualAccessDataSource ds = dualWrite(settings); Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                insert(c, 1);
                c.commit();
                long before = flushes();
                update(c, 1, "x");
                assertThat(b.rows("select v from " + t + " where id = 1")).as(settings[0]).containsExactly("v1");
                update(c, 1, "y");
                c.commit();
                assertThat(flushes() - before).as(settings[0]).isEqualTo(3);
                c.createStatement().executeUpdate("delete from " + t);
                c.commit();
            }
        }
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyTheValueAndWhatIsExpected() {
        RawConfig raw = new RawConfig().add("dualaccess.mirror.pipeline", "always", ConfigSource.SYSTEM_PROPERTIES);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.mirror.pipeline = 'always'")
            .hasMessageContaining("expected one of transaction, off");
    }
}
