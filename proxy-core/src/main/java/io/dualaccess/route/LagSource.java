package io.dualaccess.route;

import java.util.Map;

/**
 * Something that keeps B behind A by a lag a phase change must wait for: the sync from A's change
 * log ({@code dualaccess.sync.enabled}). {@link PhaseControl} waits, before a change, until every
 * registered source's lag is below {@code dualaccess.sync.phase-change-lag}; the admin server's
 * {@code /status} shows {@link #status()}.
 */
public interface LagSource {

    /** The source's name (the sync's {@code dualaccess.sync.slot}). */
    String name();

    /**
     * How far B is behind A now, in milliseconds: the time since A committed the oldest change that
     * reached this process and is not yet committed in B, or else the lag of the last applied
     * transaction. -1 when it is not known (starting, copying the initial snapshot, restarting
     * after a failure).
     */
    long lagMillis();

    /** The position in A's log that B holds (PostgreSQL LSN, binlog file and position), as text. */
    String position();

    /** The source's state for {@code /status}: lag, position, counts, errors. */
    Map<String, Object> status();
}
