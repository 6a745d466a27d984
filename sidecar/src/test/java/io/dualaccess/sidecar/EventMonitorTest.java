package io.dualaccess.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualaccess.context.RequestContext;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;

import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Matches and skipped statements reach the log as aggregates ({@code dualaccess.log.aggregate}):
     * the monitor counts each statement as it happens through the log's statement counters, so
     * {@code /status}, the charts and the per-path rows count statements, current to the statement.
     */
    @Test
    void statementsOfAggregatedOutcomesAreCountedAsTheyHappen() throws Exception {
        EventMonitor monitor = new EventMonitor(16, 16);
        Path file = Files.createTempFile("monitor", ".jsonl");
        EventLog log = new EventLog(file, 100);
        try {
            log.addListener(monitor);
            RequestContext request = new RequestContext("r-1", "GET", "/orders/7");
            for (int i = 0; i < 500; i++) {
                log.count("read", "shadow", Outcome.MATCH, null, "select * from t where id = ?", "select * from t where id = 1",
                    List.of("t"), List.of(), SideResult.read(1, 1_000, null), SideResult.read(1, 3_000, null), null, request, 1);
            }
            log.count("write", "shadow", Outcome.SKIPPED, "breaker_open", "insert into t values (?)", "insert into t values (?)",
                List.of("t"), List.of(), new SideResult(1, 1_000, null), SideResult.NOT_RUN, null, null, 3);

            assertThat(monitor.count(Outcome.MATCH)).isEqualTo(500);
            assertThat(monitor.count(Outcome.SKIPPED)).isEqualTo(3);
            assertThat(monitor.compared.sum()).isEqualTo(500);
            assertThat(monitor.bCount.sum()).isEqualTo(500);
            assertThat(monitor.bNanos.sum()).isEqualTo(500 * 3_000L);
            assertThat(monitor.byPath(10)).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("/orders/{id}");
                assertThat(p.events()).isEqualTo(500);
            });
        } finally {
            log.close();
        }
        // Not counted twice: the monitor is not shown the aggregates it counted already.
        assertThat(monitor.count(Outcome.MATCH)).isEqualTo(500);
        assertThat(Files.readString(file)).contains("\"count\":500", "\"count\":3");
        Files.deleteIfExists(file);
    }

    /** Transient reads are aggregated by default: counted as they happen, and their aggregate is in /mismatches once. */
    @Test
    void aggregatedTransientReadsAreCountedOnceAndListedAsTheirAggregate() throws Exception {
        EventMonitor monitor = new EventMonitor(16, 16);
        Path file = Files.createTempFile("monitor", ".jsonl");
        EventLog log = new EventLog(file, 100);
        try {
            log.addListener(monitor);
            for (int i = 0; i < 7; i++) {
                log.count("read", "shadow", Outcome.TRANSIENT, null, "select * from t where id = ? for update",
                    "select * from t where id = 1 for update", List.of("t"), List.of(), SideResult.read(1, 1_000, null),
                    SideResult.read(1, 3_000, null), null, null, 1);
            }
            assertThat(monitor.count(Outcome.TRANSIENT)).isEqualTo(7);
            assertThat(monitor.compared.sum()).isEqualTo(7);
        } finally {
            log.close();
        }
        assertThat(monitor.count(Outcome.TRANSIENT)).as("not counted again from the aggregate").isEqualTo(7);
        assertThat(monitor.recent(Outcome.TRANSIENT, null, null, null, 10)).singleElement()
            .satisfies(e -> assertThat(e.count()).isEqualTo(7));
        Files.deleteIfExists(file);
    }

    private static ComparisonEvent event(Outcome outcome, long count) {
        return new ComparisonEvent(System.currentTimeMillis(), "read", "shadow", outcome,
            outcome == Outcome.DROPPED ? "queue_full" : null, "select * from t where id = ?", "select * from t where id = ?",
            List.of(), SideResult.read(1, 1_000, null), SideResult.read(0, 0, null), List.of("t"), null, List.of(), null,
            null, null, null, null, count);
    }
}
