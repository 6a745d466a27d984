package io.dualaccess.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotableEventsTest {

    private static ComparisonEvent event(Outcome outcome, String fingerprint) {
        return new ComparisonEvent(1, "read", "shadow", outcome, null, fingerprint, "select 1",
            null, new SideResult(1, 0, null), new SideResult(1, 0, null), List.of("t"), null, List.of());
    }

    private static List<String> fingerprints(NotableEvents ring) {
        return ring.newestFirst().stream().map(ComparisonEvent::fingerprint).toList();
    }

    /** The mismatch views list what says B did not answer like A, newest first; matches and skips are left out. */
    @Test
    void keepsOnlyNotableOutcomesNewestFirst() {
        NotableEvents ring = new NotableEvents(10);
        ring.keep(event(Outcome.MISMATCH, "m"));
        ring.keep(event(Outcome.MATCH, "ok"));
        ring.keep(event(Outcome.SKIPPED, "skip"));
        ring.keep(event(Outcome.TRANSIENT, "t"));
        ring.keep(event(Outcome.B_ERROR, "e"));
        ring.keep(event(Outcome.TIMEOUT, "slow"));

        assertThat(fingerprints(ring)).containsExactly("slow", "e", "t", "m");
    }

    /** Memory stays bounded whatever the mismatch rate: the oldest event goes first. */
    @Test
    void dropsTheOldestPastItsCapacity() {
        NotableEvents ring = new NotableEvents(3);
        for (int i = 1; i <= 5; i++) {
            ring.keep(event(Outcome.MISMATCH, "m" + i));
        }

        assertThat(fingerprints(ring)).containsExactly("m5", "m4", "m3");
        assertThatThrownBy(() -> new NotableEvents(0)).hasMessageContaining("capacity must be at least 1, got 0");
    }
}
