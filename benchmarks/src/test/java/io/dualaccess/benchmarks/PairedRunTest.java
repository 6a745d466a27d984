package io.dualaccess.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paired harness runs both modes and reports their ratio; it is a measurement, so only its shape is checked. */
class PairedRunTest {

    @Test
    void bothModesRunInOneJvmAndTheLineNamesTheirRatio() throws Exception {
        String line = PairedRun.run("pointSelect", "raw", "dualaccess-off", 4, 0, 20_000_000L);

        assertThat(line).startsWith("pointSelect: raw ").contains(", dualaccess-off ")
            .contains("medians of 4 slices of 20 ms")
            .containsPattern("dualaccess-off / raw per pair: median \\d+\\.\\d{3}, middle half \\d+\\.\\d{3} to \\d+\\.\\d{3}$");
    }

    @Test
    void anUnknownWorkloadIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> PairedRun.run("selectEverything", "raw", "dualaccess-off", 1, 0, 1_000_000L))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown workload 'selectEverything'")
            .hasMessageContaining("statementCycle");
    }
}
