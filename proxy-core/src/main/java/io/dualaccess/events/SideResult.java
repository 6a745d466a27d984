package io.dualaccess.events;

import java.util.Objects;

/**
 * What one side did with a statement.
 *
 * @param count update count (or rows), -1 when unknown or not run
 * @param nanos time taken, 0 when not run
 * @param error the error message, or null
 * @param rows whether {@code count} counts rows read (else an update count)
 * @param sql the SQL this side ran when it is not the application's (translated for its dialect), else null
 */
public record SideResult(long count, long nanos, String error, boolean rows, String sql) {

    /** A side that did not run the statement. */
    public static final SideResult NOT_RUN = new SideResult(-1, 0, null);

    /** What a side did with a write: {@code count} is an update count. */
    public SideResult(long count, long nanos, String error) {
        this(count, nanos, error, false, null);
    }

    /** What a side did, running the application's SQL. */
    public SideResult(long count, long nanos, String error, boolean rows) {
        this(count, nanos, error, rows, null);
    }

    /** The same result, naming the SQL this side ran instead of the application's (null: the application's). */
    public SideResult withSql(String translated) {
        return translated == null ? this : new SideResult(count, nanos, error, rows, translated);
    }

    /** What a side did with a read: {@code rows} read. */
    public static SideResult read(long rows, long nanos, String error) {
        return new SideResult(rows, nanos, error, true);
    }

    /** The same result with another error message (the same instance when it is unchanged). */
    public SideResult withError(String message) {
        return Objects.equals(message, error) ? this : new SideResult(count, nanos, message, rows);
    }

    /** Milliseconds, with microsecond precision, as written in the log. */
    public double millis() {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
