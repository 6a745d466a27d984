package io.dualaccess.faults;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.repair.Repair;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application is killed (SIGKILL) between A's commit and B's: B's commit hangs in a deferred
 * trigger on B, A has committed, the process dies. On the next start the journal reports the
 * transaction as {@code unfinished_transaction} naming its table, and repair from the journal makes
 * B equal to A: no committed write is lost without a trace.
 */
class ForcedKillFaultsTest {

    @TempDir
    Path dir;

    /** The application killed in the test: one mirrored transaction, then B's commit hangs. */
    public static void main(String[] args) throws Exception {
        String aUrl = args[0];
        String bUrl = args[1];
        String table = args[2];
        Path journal = Path.of(args[3]);
        TestDb a = new TestDb(Engine.POSTGRESQL, aUrl, System.getenv("TEST_PG_USER"), System.getenv("TEST_PG_PASSWORD"));
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(bUrl, a.user(), a.password())
                .phase(Phase.DUAL_WRITE)
                .set("dualaccess.control.poll", "off")
                .set("dualaccess.b.statement-timeout", "60s")
                .set("dualaccess.log.file", journal.resolveSibling("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", journal.toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("insert into " + table + " values (1, 'paid')");
            s.executeUpdate("insert into " + table + " values (2, 'shipped')");
            System.out.println("COMMITTING");
            System.out.flush();
            c.commit();
            System.out.println("COMMITTED");
        }
    }

    @Test
    void aKillBetweenAsCommitAndBsLeavesAnEntryRepairFollows() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = "kill" + ProcessHandle.current().pid();
        a.run("drop table if exists " + t, "create table " + t + " (id int primary key, state varchar(20))");
        b.run("drop table if exists " + t, "create table " + t + " (id int primary key, state varchar(20))",
            "create or replace function " + t + "_hang() returns trigger as $$ begin perform pg_sleep(30); return null; end $$ language plpgsql",
            "create constraint trigger " + t + "_hang after insert on " + t + " deferrable initially deferred for each row execute function " + t + "_hang()");
        Path journal = dir.resolve("journal.jsonl");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ForcedKillFaultsTest.class.getName(), a.url(), b.url(), t, journal.toString())
            .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("COMMITTING")) {
                // the child's start-up logging
            }
            assertThat(line).as("the application reached its commit").isNotNull();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (a.rows("select count(*) from " + t).get(0).equals("0") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            app.destroyForcibly();
            app.waitFor(20, TimeUnit.SECONDS);
        }
        // PostgreSQL notices the dead client only after the trigger's sleep, and would then commit:
        // end B's side of the transaction as a crashed B-side connection does.
        b.run("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
            + " and pid <> pg_backend_pid() and query ilike 'commit%'");
        assertThat(a.rows("select id from " + t + " order by id")).containsExactly("1", "2");
        assertThat(b.rows("select id from " + t)).isEmpty();
        assertThat(DivergenceJournal.unfinished(journal)).containsExactly(List.of(t));
        // The next start reports it.
        try (DivergenceJournal restarted = new DivergenceJournal(journal, "interval")) {
            assertThat(restarted.entries()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(journal)).singleElement().satisfies(l -> assertThat(l)
            .contains("\"reason\":\"unfinished_transaction\"", "\"tables\":[\"" + t + "\"]"));
        b.run("drop trigger " + t + "_hang on " + t);
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
            Verify.builder(a::connect, b::connect).tables(Repair.journalTables(journal)).sink(repair).build().run();
            assertThat(repair.counts().inserted()).isEqualTo(2);
        }
        assertThat(b.rows("select id, state from " + t + " order by id")).isEqualTo(a.rows("select id, state from " + t + " order by id"));
        a.run("drop table " + t);
        b.run("drop table " + t, "drop function " + t + "_hang()");
    }
}
