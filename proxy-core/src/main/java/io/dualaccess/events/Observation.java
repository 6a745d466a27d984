package io.dualaccess.events;

import java.util.function.Consumer;

/**
 * What dualaccess observed around one call on the application's thread (datasource-proxy's
 * execution info: made before the call, completed after it), handed to the {@link EventLog} as it
 * is. The comparison events it stands for are built on the log's writer thread, so the application's
 * thread pays for an immutable value and a queue offer, not for rendering parameters and events.
 *
 * <p>Everything an implementation holds must be immutable or owned by it (parameter snapshots, the
 * request context and trace captured on the application's thread), since {@link #events} runs on
 * another thread.
 */
public interface Observation {

    /** How many comparison events {@link #events} gives (a batch gives one per statement). */
    int count();

    /** Builds the comparison events this observation stands for, in order. */
    void events(Consumer<ComparisonEvent> sink);
}
