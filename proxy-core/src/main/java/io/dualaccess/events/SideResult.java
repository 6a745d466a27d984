package io.dualaccess.events;

/**
 * What one side did with a statement.
 *
 * @param count update count (or rows), -1 when unknown or not run
 * @param nanos time taken, 0 when not run
 * @param error the error message, or null
 */
public record SideResult(long count, long nanos, String error) {

    /** A side that did not run the statement. */
    public static final SideResult NOT_RUN = new SideResult(-1, 0, null);

    /** Milliseconds, with microsecond precision, as written in the log. */
    public double millis() {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
