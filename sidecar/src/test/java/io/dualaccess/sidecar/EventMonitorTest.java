package io.dualaccess.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventMonitorTest {

    /** A saturated shadow path logs one {@code dropped} event per fingerprint and interval: the dashboard counts reads. */
    @Test
    void anAggregatedDropCountsEveryReadItStandsFor() {
        EventMonitor monitor = new EventMonitor(16, 16);
        monitor.accept(event(Outcome.DROPPED, 1873));
        monitor.accept(event(Outcome.DROPPED, 1));
        monitor.accept(event(Outcome.MATCH, 1));

        assertThat(monitor.count(Outcome.DROPPED)).isEqualTo(1874);
        assertThat(monitor.count(Outcome.MATCH)).isEqualTo(1);
    }

    private static ComparisonEvent event(Outcome outcome, long count) {
        return new ComparisonEvent(System.currentTimeMillis(), "read", "shadow", outcome,
            outcome == Outcome.DROPPED ? "queue_full" : null, "select * from t where id = ?", "select * from t where id = ?",
            List.of(), SideResult.read(1, 1_000, null), SideResult.read(0, 0, null), List.of("t"), null, List.of(), null,
            null, null, null, null, count);
    }
}
