package io.dualaccess.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.Set;

/**
 * Statements the shadow side keeps refusing for what they are, not for how the shadow side is:
 * a syntax the engine lacks, an unknown column, a bad value. Such an error says nothing about the
 * shadow side's health, so it never counts toward the breaker; instead the fingerprint is
 * quarantined after {@code dualaccess.quarantine.failures} failures in a row and skipped (reason
 * {@code quarantined}) for {@code dualaccess.quarantine.back-off}, with one event per interval.
 * Other statements keep being mirrored and compared.
 */
public final class Quarantine {

    /** Fingerprints whose state is kept; beyond it the least recently used are forgotten (memory stays bounded). */
    static final int MAX_FINGERPRINTS = 10_000;

    /** MariaDB/MySQL error codes about the statement whose SQLState is not in one of the classes below. */
    private static final Set<Integer> VENDOR_CODES = Set.of(
        1054, // unknown column
        1064, // syntax error
        1146, // table does not exist
        1149, // syntax error (older servers)
        1305, // function does not exist
        1582, 1583, 1584, // wrong parameters to a function
        1630); // function does not exist (with a hint)

    private final int failures;
    private final long backOffNanos;
    private final Cache<String, State> states = Caffeine.newBuilder().maximumSize(MAX_FINGERPRINTS).build();

    /** One fingerprint's failures in a row and, when quarantined, until when. */
    private static final class State {
        int failures;
        long until;
        long reportedAt = Long.MIN_VALUE;
    }

    /**
     * @param failures failures in a row that quarantine a fingerprint
     * @param backOff how long it stays quarantined
     */
    public Quarantine(int failures, Duration backOff) {
        this.failures = failures;
        this.backOffNanos = backOff.toNanos();
    }

    /**
     * Whether an error is about the statement rather than the database: SQLState classes 42
     * (syntax, unknown objects), 0A (feature not supported), 22 (data), 23 (constraints), and
     * MariaDB's codes for the same; anywhere in the cause or next-exception chain.
     */
    public static boolean aboutStatement(Throwable e) {
        for (int depth = 0; e != null && depth < 8; depth++) {
            if (e instanceof SQLFeatureNotSupportedException || e instanceof SQLSyntaxErrorException
                || e instanceof SQLDataException || e instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (e instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("42") || state.startsWith("0A") || state.startsWith("22")
                    || state.startsWith("23"))) {
                    return true;
                }
                if (VENDOR_CODES.contains(s.getErrorCode())) {
                    return true;
                }
                if (s.getNextException() != null && s.getNextException() != s && aboutStatement(s.getNextException())) {
                    return true;
                }
            }
            e = e.getCause() == e ? null : e.getCause();
        }
        return false;
    }

    /** Whether the fingerprint is quarantined now (its statements are skipped). */
    public boolean active(String fingerprint, long nowNanos) {
        State s = states.getIfPresent(fingerprint);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.until != 0 && nowNanos - s.until < 0;
        }
    }

    /** As {@link #active(String, long)}, now: the clock is read only for a fingerprint that failed before. */
    public boolean active(String fingerprint) {
        return states.estimatedSize() > 0 && states.getIfPresent(fingerprint) != null && active(fingerprint, System.nanoTime());
    }

    /**
     * Whether a skipped statement of a quarantined fingerprint should be reported now: once per
     * back-off interval (the others are counted in the journal only).
     */
    public boolean reportDue(String fingerprint, long nowNanos) {
        State s = states.getIfPresent(fingerprint);
        if (s == null) {
            return true;
        }
        synchronized (s) {
            if (s.reportedAt == Long.MIN_VALUE || nowNanos - s.reportedAt >= backOffNanos) {
                s.reportedAt = nowNanos;
                return true;
            }
            return false;
        }
    }

    /**
     * Records a failure about the statement; true when it quarantines the fingerprint now.
     * After a back-off ends, one more failure quarantines it again.
     */
    public boolean failed(String fingerprint, long nowNanos) {
        State s = states.get(fingerprint, f -> new State());
        synchronized (s) {
            if (s.until != 0 && nowNanos - s.until >= 0) {
                // The back-off ended and the trial failed too.
                s.failures = failures - 1;
                s.until = 0;
            }
            s.failures++;
            if (s.failures >= failures) {
                s.until = nowNanos + backOffNanos;
                s.failures = 0;
                s.reportedAt = Long.MIN_VALUE;
                return true;
            }
            return false;
        }
    }

    /** The statement ran on the shadow side: its fingerprint starts afresh. */
    public void succeeded(String fingerprint) {
        if (states.estimatedSize() > 0) {
            states.invalidate(fingerprint);
        }
    }
}
