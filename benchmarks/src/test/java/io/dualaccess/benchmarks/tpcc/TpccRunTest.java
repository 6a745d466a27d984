package io.dualaccess.benchmarks.tpcc;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
            "--pg-bin", pgBin, "--warehouses", "1", "--terminals", "1", "--warmup", "1", "--duration", "2",
            "--rounds", "1", "--modes", "direct,shadow", "--out", out.toString());

        Map<TpccMode, List<TpccResult>> results = TpccRun.run(o);

        TpccResult direct = results.get(TpccMode.DIRECT).get(0);
        TpccResult shadow = results.get(TpccMode.SHADOW).get(0);
        for (TpccResult r : List.of(direct, shadow)) {
            assertThat(r.transactions).as("%s transactions", r.mode).isPositive();
            assertThat(r.errors).as("%s errors: %s", r.mode, r.errorSample).isZero();
            assertThat(r.clientCpuNanos).as("%s client CPU", r.mode).isPositive();
        }
        assertThat(shadow.compared()).as("reads compared in shadow: %s", shadow.outcomes).isPositive();
        assertThat(shadow.outcomes).containsKey("write/match");
        assertThat(shadow.bCpuNanos).as("B's server worked in shadow").isPositive();
        assertThat(direct.outcomes).as("direct writes no comparison log").isEmpty();
        assertThat(TpccReport.markdown(o, results)).contains("| direct |", "| shadow |", "share compared");
    }

    @Test
    void optionsAreCheckedWithAMessage() {
        assertThatThrownBy(() -> TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--modes", "live"))
            .hasMessageContaining("unknown mode 'live'");
        assertThatThrownBy(() -> TpccOptions.parse("--a-url", "jdbc:postgresql://h/a", "--pg-bin", "/x", "--set", "phase=off"))
            .hasMessageContaining("--set wants dualaccess.KEY=VALUE");
    }
}
