package io.dualaccess.route;

import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of the lag gate that need no database (the wait on a real sync's lag is
 * SyncPhaseChangeTest in the cdc module): an unknown lag refuses, a lag under the bound passes, a
 * change that moves no routing never waits, and a removed source is no longer waited for.
 */
class PhaseControlLagTest {

    /** A source whose lag the test sets. */
    static final class SetLag implements LagSource {
        volatile long lag;

        @Override
        public String name() {
            return "s1";
        }

        @Override
        public long lagMillis() {
            return lag;
        }

        @Override
        public String position() {
            return "{\"lsn\":42}";
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("state", lag < 0 ? "restarting" : "running");
        }
    }

    private static PhaseControl control() {
        PhaseControl c = new PhaseControl(PhaseSnapshot.of(Reads.A, Writes.A, Map.of(), 0, "config"), (from, to, local) -> List.of(),
            null, Duration.ZERO);
        c.lagLimits(Duration.ofMillis(100), Duration.ofMillis(50));
        return c;
    }

    @Test
    void anUnknownLagRefusesAndNothingChanges() {
        PhaseControl c = control();
        SetLag s = new SetLag();
        s.lag = -1;
        c.addLagSource(s);
        assertThatThrownBy(() -> c.setGlobal(Phase.SHADOW_READ, "test")).isInstanceOf(SQLException.class)
            .hasMessageContaining("the lag of sync s1 is not known yet (the sync is restarting) at position {\"lsn\":42}")
            .hasMessageContaining("bound of 100 ms").hasMessageContaining("within 50 ms");
        assertThat(c.current().reads()).isEqualTo(Reads.A);
    }

    @Test
    void aLagAboveTheBoundRefusesOneBelowPasses() throws Exception {
        PhaseControl c = control();
        SetLag s = new SetLag();
        s.lag = 100;
        c.addLagSource(s);
        assertThatThrownBy(() -> c.setGlobal(Phase.SHADOW_READ, "test")).isInstanceOf(SQLException.class)
            .hasMessageContaining("the lag of sync s1 is 100 ms");
        s.lag = 99;
        assertThat(c.setGlobal(Phase.SHADOW_READ, "test").reads()).isEqualTo(Reads.A_SHADOW_B);
    }

    @Test
    void aChangeThatMovesNoRoutingDoesNotWait() throws Exception {
        PhaseControl c = control();
        SetLag s = new SetLag();
        s.lag = 10_000;
        c.addLagSource(s);
        assertThat(c.setGlobal(Phase.OFF, "test").reads()).isEqualTo(Reads.A);
    }

    @Test
    void aRemovedSourceIsNotWaitedFor() throws Exception {
        PhaseControl c = control();
        SetLag s = new SetLag();
        s.lag = 10_000;
        c.addLagSource(s);
        c.removeLagSource(s);
        assertThat(c.lagSources()).isEmpty();
        assertThat(c.setGlobal(Phase.DUAL_WRITE, "test").writes()).isEqualTo(Writes.A_MIRROR_B);
    }
}
