package io.dualaccess.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A bounded ring of the latest events that say B did not answer like A ({@link #OUTCOMES}), for the
 * views that list recent mismatches (the admin server, the Actuator endpoint). Safe for concurrent
 * use: events arrive on the publishing threads, readers take a copy.
 */
public final class NotableEvents {

    /** Outcomes kept: the ones that say B did not answer like A. */
    public static final List<Outcome> OUTCOMES = List.of(Outcome.MISMATCH, Outcome.TRANSIENT, Outcome.B_ERROR, Outcome.TIMEOUT);

    private final int capacity;
    private final ArrayDeque<ComparisonEvent> recent;

    /** @param capacity events kept; the oldest goes when a new one comes past it */
    public NotableEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    /** Keeps the event if its outcome is notable; other events are left alone. */
    public void keep(ComparisonEvent e) {
        if (!OUTCOMES.contains(e.outcome())) {
            return;
        }
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(e);
        }
    }

    /** The kept events, newest first. */
    public List<ComparisonEvent> newestFirst() {
        List<ComparisonEvent> out;
        synchronized (recent) {
            out = new ArrayList<>(recent);
        }
        Collections.reverse(out);
        return out;
    }
}
