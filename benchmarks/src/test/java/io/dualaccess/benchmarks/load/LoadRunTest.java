package io.dualaccess.benchmarks.load;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the load run from rotting: a tiny run against the PostgreSQL test servers completes, writes
 * its report, and shows the guarantee the sick-B rows are about: with B stopped while A serves, the
 * application sees no error. No timings are asserted.
 */
class LoadRunTest {

    @Test
    void tinyRunCompletesAndStoppingBNeverReachesTheApplication(@TempDir Path out) throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        LoadOptions options = LoadOptions.parse(
            "--a-url", a.url(), "--b-url", b.url(), "--user", a.user(), "--password", a.password(),
            "--threads", "2", "--warmup", "0.5", "--duration", "1.5", "--settle", "0.5", "--rounds", "1", "--rows", "500",
            "--scenarios", "raw,dual-write,dual-write/b-stopped,shadow-read/b-stopped",
            "--probe-rounds", "1", "--probe-ops", "10", "--probe-warmup", "10", "--out", out.toString());

        LoadReport report = LoadRun.run(options);

        for (String name : new String[] {"raw", "dual-write", "dual-write/b-stopped", "shadow-read/b-stopped"}) {
            ScenarioResult r = report.result(name);
            assertThat(r.ops).as("%s completed operations", name).isPositive();
            assertThat(r.errors + r.warmupErrors).as("%s: application errors %s", name, r.errorSamples).isZero();
        }
        // Mirroring ran while B was healthy, and B really was gone afterwards: the mirror failed or was skipped.
        assertThat(report.result("dual-write").outcomes).containsKey("write/match");
        assertThat(report.result("dual-write/b-stopped").outcomes.keySet())
            .anyMatch(k -> k.startsWith("write/") && !k.equals("write/match"));
        assertThat(report.result("shadow-read/b-stopped").outcomes.keySet())
            .anyMatch(k -> k.startsWith("read/b_error") || k.startsWith("read/timeout") || k.startsWith("read/dropped"));
        assertThat(report.probe.rounds).isEqualTo(1);
        // The probe split each write by side: dualaccess's own connections to A and B were timed, raw never reached B.
        for (Workload.Op op : WriteOverheadProbe.WRITES) {
            var raw = report.probe.split.get(WriteOverheadProbe.Variant.RAW).get(op);
            var dual = report.probe.split.get(WriteOverheadProbe.Variant.DUAL_WRITE).get(op);
            assertThat(raw.a.getValueAtPercentile(50)).as("raw %s: A's execution", op).isGreaterThan(1_000);
            assertThat(raw.b.getMaxValue()).as("raw %s: B's execution", op).isEqualTo(1);
            assertThat(dual.a.getValueAtPercentile(50)).as("dual-write %s: A's execution", op).isGreaterThan(1_000);
            assertThat(dual.b.getValueAtPercentile(50)).as("dual-write %s: B's execution", op).isGreaterThan(1_000);
            assertThat(dual.client.getTotalCount()).isEqualTo(10);
        }

        String md = Files.readString(out.resolve("load-result.md"));
        assertThat(md).contains("| raw |", "| dual-write/b-stopped |", "B sick while A serves", "single-threaded probe",
            "Where a write's time goes", "dualaccess's own work per write");
        assertThat(Files.readString(out.resolve("load-result.json"))).contains("\"scenario\" : \"shadow-read/b-stopped\"");
    }

    @Test
    void optionsAreCheckedWithAMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadOptions.parse("--a-url", "jdbc:postgresql://h/a",
                "--b-url", "jdbc:postgresql://h/b", "--scenarios", "dual-write/b-gone"))
            .hasMessageContaining("unknown scenario 'dual-write/b-gone'").hasMessageContaining("dual-write/b-stopped");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadOptions.parse("--a-url", "jdbc:postgresql://h/a",
                "--b-url", "jdbc:postgresql://h/b", "--threads", "0"))
            .hasMessageContaining("--threads wants a positive integer, got '0'");
    }

    @Test
    void relayUrlKeepsTheDatabaseAndParameters() {
        assertThat(ScenarioRun.viaRelay("jdbc:postgresql://127.0.0.1:55432/da_b?sslmode=disable", 40000))
            .isEqualTo("jdbc:postgresql://127.0.0.1:40000/da_b?sslmode=disable");
        assertThat(ScenarioRun.viaRelay("jdbc:postgresql://db.example/shop", 40001))
            .isEqualTo("jdbc:postgresql://127.0.0.1:40001/shop");
    }
}
