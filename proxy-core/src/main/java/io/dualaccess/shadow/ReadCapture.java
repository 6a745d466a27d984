package io.dualaccess.shadow;

import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.context.RequestContext;
import io.dualaccess.mirror.CapturedParameters.Param;
import io.dualaccess.sql.StatementInfo;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Digests the authoritative result while the application reads it (no second pass, no copy: a
 * bounded digest), and hands the replay to the shadow workers when the application is done.
 */
public final class ReadCapture implements Runnable {

    private final ShadowReads reads;
    private final StatementInfo info;
    private final String sql;
    private final Param[] params;
    private final long startNanos;
    private final String tx;
    /** Captured here, on the application's thread: the replay and its event run on a worker. */
    private final RequestContext request = RequestContext.current();
    private RowDigest digest;
    /** The authoritative side's digest, once the application is done; the replay compares to it. */
    private ResultDigest authoritativeDigest;
    private long aNanos;
    private boolean done;
    private boolean failed;
    /**
     * Set when the shadow queue was already full as the read began: it will be dropped, so its rows
     * are only counted, not digested (under saturation the drop path must be the cheapest one).
     */
    private final boolean dropping;
    private long countedRows;

    ReadCapture(ShadowReads reads, StatementInfo info, String sql, Param[] params, long startNanos, String tx) {
        this.reads = reads;
        this.info = info;
        this.sql = sql;
        this.params = params;
        this.startNanos = startNanos;
        this.tx = tx;
        this.dropping = reads.saturated();
    }

    /** After {@code next()} returned true: fold the current row in. Never throws to the application. */
    public void row(ResultSet rs) {
        if (done || failed) {
            return;
        }
        if (dropping) {
            countedRows++;
            return;
        }
        try {
            if (digest == null) {
                digest = reads.digestOf(rs, reads.rules(info.fingerprint()), info);
            }
            digest.add(rs);
        } catch (SQLException | RuntimeException e) {
            // A value the digest cannot read must not change what the application sees.
            failed = true;
        }
    }

    /** After {@code next()} returned false: the result is complete. */
    public void exhausted(ResultSet rs) {
        if (done) {
            return;
        }
        if (digest == null && !failed && !dropping) {
            try {
                digest = reads.digestOf(rs, reads.rules(info.fingerprint()), info);
            } catch (SQLException | RuntimeException e) {
                failed = true;
            }
        }
        if (digest != null) {
            digest.markComplete();
        }
        finish();
    }

    /** The application closed the result (complete or not). */
    public void closed() {
        if (!done) {
            finish();
        }
    }

    private void finish() {
        done = true;
        aNanos = System.nanoTime() - startNanos;
        if (dropping) {
            reads.dropped(this, countedRows);
            return;
        }
        if (failed || digest == null) {
            reads.skipped(this, failed ? "digest_failed" : "partial", null);
            return;
        }
        ResultDigest a = digest.snapshot();
        digest = null;
        if (!a.complete() && !info.orderBy()) {
            reads.skipped(this, "partial", a);
            return;
        }
        authoritativeDigest = a;
        // The capture is the shadow task itself: no other object per read on the application's thread.
        reads.submit(this, a);
    }

    /** The replay, on a shadow worker (the executor's hand-off publishes the fields set before). */
    @Override
    public void run() {
        reads.replay(this, authoritativeDigest);
    }

    StatementInfo info() {
        return info;
    }

    String sql() {
        return sql;
    }

    Param[] params() {
        return params;
    }

    String tx() {
        return tx;
    }

    RequestContext request() {
        return request;
    }

    long aNanos() {
        return aNanos;
    }
}
