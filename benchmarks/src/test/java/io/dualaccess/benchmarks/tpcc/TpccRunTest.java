package io.dualaccess.benchmarks.tpcc;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps the macro benchmark from rotting: a tiny run against the PostgreSQL test server, with B on
 * a server the run starts and stops itself, completes without application errors, compares reads
 * in {@code shadow}, and sees B's server work only where B is used. No timings are asserted.
 */
class TpccRunTest {

    @Test
    void tinyRunCompletesComparesReadsAndMeasuresBApart(@TempDir Path out) throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        String pgBin = System.getenv("TEST_PG_BIN");
        assumeTrue(pgBin != null && !pgBin.isBlank(), "TEST_PG_BIN not set: no initdb/pg_ctl to start B's server");
        TpccOptions o = TpccOptions.parse("--a-url", a.url(), "--user", a.user(), "--password", a.password(),
            "--pg-bin", pgBin, "--warehouses", "1", "--terminals", "1", "--warmup", "1", "--warmup-max", "5", "--duration", "2",
            "--rounds", "1", "--modes", "direct,shadow", "--out", out.toString());

        Map<TpccMode, List<TpccResult>> results = TpccRun.run(o);

        TpccResult direct = results.get(TpccMode.DIRECT).get(0);
        TpccResult shadow = results.get(TpccMode.SHADOW).get(0);
        for (TpccResult r : List.of(direct, shadow)) {
            assertThat(r.transactions).as("%s transactions", r.mode).isPositive();
            assertThat(r.errors).as("%s errors: %s", r.mode, r.errorSample).isZero();
            assertThat(r.clientCpuNanos).as("%s client CPU", r.mode).isPositive();
            // At least --warmup; past it only while the JIT compiles, in 2-second looks, within --warmup-max.
            assertThat(r.warmupNanos).as("%s warm-up", r.mode).isBetween(1_000_000_000L, 5_500_000_000L);
        }
        assertThat(shadow.compared()).as("reads compared in shadow: %s", shadow.outcomes).isPositive();
        assertThat(shadow.outcomes).containsKey("write/match");
        assertThat(shadow.bCpuNanos).as("B's server worked in shadow").isPositive();
        assertThat(shadow.shadowWorkerCpuNanos()).as("the shadow workers' CPU is measured").isPositive();
        assertThat(direct.outcomes).as("direct writes no comparison log").isEmpty();
        assertThat(TpccReport.markdown(o, results)).contains("| direct |", "| shadow |", "share compared",
            "| terminals (kernel) |",
            "shadow workers' CPU µs/tx");
        // Where the CPU went: the terminals worked in both modes; only shadow has dualaccess's workers.
        for (TpccResult r : List.of(direct, shadow)) {
            assertThat(r.threadCpuNanos.get("terminals (user)")).as("%s terminals' CPU", r.mode).isPositive();
        }
        // The JVM's own threads are read from /proc by their Linux names.
        assertThat(direct.threadCpuNanos).containsKeys("JVM GC", "JVM JIT");
        // Other tests' runtimes may still have idle threads in this JVM: direct's own runs none.
        assertThat(shadow.shadowWorkerCpuNanos()).as("shadow workers' CPU: %s against direct's %s", shadow.threadCpuNanos,
            direct.threadCpuNanos).isGreaterThan(direct.shadowWorkerCpuNanos());
    }

    @Test
    void byHandMirrorsEveryWriteToBSoBEndsAsA(@TempDir Path out) throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        TpccOptions o = TpccOptions.parse("--a-url", a.url(), "--b-url", b.url(), "--user", a.user(), "--password", a.password(),
            "--warehouses", "1", "--terminals", "2", "--warmup", "1", "--duration", "2",
            "--rounds", "1", "--modes", "by-hand", "--out", out.toString());

        TpccResult r = TpccRun.run(o).get(TpccMode.BY_HAND).get(0);

        assertThat(r.transactions).isPositive();
        assertThat(r.errors).as("errors: %s", r.errorSample).isZero();
        assertThat(r.outcomes).as("no dualaccess, no comparison log").isEmpty();
        for (String q : List.of("SELECT count(*), sum(ol_amount) FROM tpcc_order_line",
            "SELECT count(*), sum(h_amount) FROM tpcc_history", "SELECT sum(s_quantity), sum(s_ytd) FROM tpcc_stock",
            "SELECT sum(c_balance) FROM tpcc_customer", "SELECT max(o_id), count(*) FROM tpcc_orders")) {
            assertThat(row(b, q)).as(q).isEqualTo(row(a, q));
        }
        assertThat(row(b, "SELECT count(*) FROM tpcc_history")).as("B got the writes").isNotEqualTo("0|");
    }

    private static String row(TestDb db, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
             java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                sb.append(rs.getString(i)).append('|');
            }
            return sb.toString();
        }
    }

    @Test
    void theLogIsCountedWithItsRolledOverFilesAndAggregatesCountAsTheirCount(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("comparisons.jsonl");
        // Oldest first: .2 (gzipped by logrotate), .1, then the current file.
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("comparisons.jsonl.2.gz"))),
                StandardCharsets.UTF_8)) {
            w.write("{\"kind\":\"read\",\"outcome\":\"match\",\"count\":40}\n");
        }
        Files.writeString(dir.resolve("comparisons.jsonl.1"),
            "{\"kind\":\"read\",\"outcome\":\"skipped\",\"reason\":\"in-transaction\",\"count\":7}\n"
                + "{\"kind\":\"read\",\"outcome\":\"mismatch\"}\n");
        Files.writeString(log, "{\"kind\":\"read\",\"outcome\":\"match\",\"count\":2}\n"
            + "{\"kind\":\"read\",\"outcome\":\"dropped\",\"reason\":\"queue_full\",\"count\":5}\n");
        // Not the log's: another file in the run's directory.
        Files.writeString(dir.resolve("journal.jsonl"), "{\"kind\":\"read\",\"outcome\":\"match\",\"count\":1000}\n");
        TpccResult r = new TpccResult(TpccMode.SHADOW);

        TpccRun.readComparisonLog(log, r);

        assertThat(r.outcomes).containsEntry("read/match", 42L).containsEntry("read/skipped/in-transaction", 7L)
            .containsEntry("read/mismatch", 1L).containsEntry("read/dropped/queue_full", 5L).hasSize(4);
        assertThat(r.logBytes).isPositive();
    }

    @Test
    void optionsAreCheckedWithAMessage() {
        assertThat(TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x").warmupMax()).hasSeconds(60);
        assertThat(TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--quick").warmupMax()).hasSeconds(3);
        assertThatThrownBy(() -> TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--warmup", "20",
            "--warmup-max", "10")).hasMessageContaining("--warmup-max 10.0 is shorter than --warmup 20.0");
        assertThatThrownBy(() -> TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--modes", "live"))
            .hasMessageContaining("unknown mode 'live'");
        assertThatThrownBy(() -> TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--set", "phase=off"))
            .hasMessageContaining("--set wants dualaccess.KEY=VALUE");
    }
}
