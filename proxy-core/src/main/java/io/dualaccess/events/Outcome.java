package io.dualaccess.events;

import java.util.Locale;

/** How one comparison ended. Written in the log as the lower-case name ({@code b_error}). */
public enum Outcome {
    /** Both sides agreed. */
    MATCH,
    /** Both sides answered, differently (for writes: a different update count). */
    MISMATCH,
    /** The shadow side failed. */
    B_ERROR,
    /** The shadow side took longer than {@code dualaccess.b.statement-timeout}. */
    TIMEOUT,
    /** Not sent to the shadow side; {@code reason} says why. */
    SKIPPED,
    /** A read whose shadow task found the queue full: not compared, counted. */
    DROPPED,
    /** A read mismatch that a re-check on both sides no longer showed (a race with a write). */
    TRANSIENT,
    /** A phase change ({@code kind} {@code phase}) now in force. */
    APPLIED;

    /** The spelling in the log and in metric tags. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the shadow side may now lack this write. */
    public boolean diverged() {
        return this != MATCH && this != TRANSIENT && this != DROPPED && this != APPLIED;
    }
}
