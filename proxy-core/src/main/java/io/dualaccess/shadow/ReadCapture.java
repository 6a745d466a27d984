package io.dualaccess.shadow;

import io.dualaccess.compare.RowSource;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.context.CarriedContext;
import io.dualaccess.context.RequestContext;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.ShadowSql;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.sql.StatementInfo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Digests the authoritative result while the application reads it (no second pass, no copy: a
 * bounded digest), and hands the replay to the shadow workers when the application is done.
 */
public final class ReadCapture implements Runnable, RowSource {

    private final ShadowReads reads;
    private final StatementInfo info;
    private final String sql;
    private final Param[] params;
    /** What the shadow side runs: the application's SQL and parameters, or their translation. */
    private final String shadowSql;
    private final Param[] shadowParams;
    private final boolean translated;
    /** Whether the sides are different engines: results then compare by position, under A's labels. */
    private final boolean byPosition;
    private final long startNanos;
    private final String tx;
    /**
     * The request and the trace (OpenTelemetry) of the application's thread, captured here and made
     * current again on the worker, where the replay and its event run.
     */
    private final CarriedContext carried = CarriedContext.capture();
    private RowDigest digest;
    /** LOB columns left out of the comparison, or null (see rulesFor). */
    private List<String> notCompared;
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
    /** The application's result set, while its row is digested (the capture is the digest's row source). */
    private ResultSet current;
    /** Set for a read inside a writing transaction: replayed on this paired connection, on the application's thread. */
    private PairedConnection paired;
    private long transaction;

    // Rows after the first, on a forward-only, read-only result, are digested when the application
    // leaves them (its next next(), or close), not when it reaches them: the digest then takes the
    // values the application read from the row (AppValues) instead of reading them again, and keeps
    // the kept rows' integers, doubles and timestamps as primitives (RowDigest.addLeaving).
    /** 0 until the second row; then 1 when such rows are digested as the application leaves them, else -1. */
    private byte deferral;
    /** The application is on a row after the first, digested when it leaves it. */
    private boolean pending;
    /** What the application read from that row; made at the first such row. */
    private AppValues values;
    /** Columns (bits, the first 64) whose getObject returned a String, and a java.sql.Timestamp, on the first row. */
    private long objectText;
    private long objectTimestamp;

    ReadCapture(ShadowReads reads, StatementInfo info, String sql, Param[] params, long startNanos, String tx) {
        this(reads, info, sql, params, startNanos, tx, null);
    }

    /** @param shadow the shadow side's translation of the read, or null when it runs the application's SQL */
    ReadCapture(ShadowReads reads, StatementInfo info, String sql, Param[] params, long startNanos, String tx,
                ShadowSql.Execution shadow) {
        this.reads = reads;
        this.info = info;
        this.sql = sql;
        this.params = params;
        this.translated = shadow != null && shadow.translated();
        this.byPosition = shadow != null;
        this.shadowSql = translated ? shadow.sql() : sql;
        this.shadowParams = translated ? shadow.params() : params;
        this.startNanos = startNanos;
        this.tx = tx;
        this.dropping = reads.saturated();
    }

    /** LOB columns this read leaves out of the comparison (lower case), or null. */
    List<String> notCompared() {
        return notCompared;
    }

    void notCompared(List<String> columns) {
        this.notCompared = columns;
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
                digest = reads.captureDigest(this, rs);
            }
            // The capture is the digest's row source: nothing else per read or per row.
            current = rs;
            // The first row is read with getObject (it tells which columns' getString and getTimestamp
            // answer what getObject does); every later one, kept or not, when the application leaves it.
            if ((digest.rowCount() > 0 || !digest.keepsNext()) && defers(rs)) {
                pending = true;
                return;
            }
            digest.add(this);
        } catch (SQLException | RuntimeException e) {
            // A value the digest cannot read must not change what the application sees.
            failed = true;
        }
    }

    /**
     * Whether rows past the kept ones are digested when the application leaves them: on a
     * forward-only, read-only result (the cursor moves only with next(), and no update changes the
     * row the digest reads); decided at the first such row.
     */
    private boolean defers(ResultSet rs) throws SQLException {
        byte d = deferral;
        if (d == 0) {
            boolean plain = rs.getType() == ResultSet.TYPE_FORWARD_ONLY && rs.getConcurrency() == ResultSet.CONCUR_READ_ONLY;
            if (plain) {
                // The digest's, when it was recycled with one: no record per read either.
                AppValues a = digest.attachment() instanceof AppValues v && v.shape() == digest.shape() ? v : null;
                if (a == null) {
                    a = new AppValues(digest.shape(), objectText, objectTimestamp);
                    digest.attach(a);
                } else {
                    a.reuse(objectText, objectTimestamp);
                }
                values = a;
            }
            d = plain ? (byte) 1 : (byte) -1;
            deferral = d;
        }
        if (d > 0) {
            values.nextRow();
            return true;
        }
        return false;
    }

    /**
     * Before the application's result moves on (next() or close): digests the row it is leaving,
     * when that was deferred. The result is still on that row. Never throws to the application.
     */
    public void leaveRow() {
        if (!pending) {
            return;
        }
        pending = false;
        if (done || failed) {
            return;
        }
        try {
            // The getters below answer the application's values while this runs.
            pending = true;
            digest.addLeaving(this);
        } catch (SQLException | RuntimeException e) {
            failed = true;
        } finally {
            pending = false;
            values.forgetKnownNull();
        }
    }

    /** The application read an integer with getInt ({@code fromInt}) or getLong. */
    public void readLong(int column, long v, boolean fromInt) {
        if (pending) {
            values.readLong(column, v, fromInt);
        }
    }

    /** The application read a double with getDouble. */
    public void readDouble(int column, double v) {
        if (pending) {
            values.readDouble(column, v);
        }
    }

    /** The application read a value with getString (null: SQL NULL). */
    public void readText(int column, String v) {
        if (pending) {
            values.readText(column, v);
        }
    }

    /** The application read a value with getTimestamp (null: SQL NULL). */
    public void readTimestamp(int column, Timestamp v) {
        if (pending) {
            values.readTimestamp(column, v);
        }
    }

    /** After {@code next()} returned false: the result is complete. */
    public void exhausted(ResultSet rs) {
        if (done) {
            return;
        }
        if (digest == null && !failed && !dropping) {
            try {
                digest = reads.captureDigest(this, rs);
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

    @Override
    public Object getObject(int column) throws SQLException {
        if (pending) {
            AppValues a = values;
            if (a.hasText(column)) {
                return a.text(column);
            }
            return current.getObject(column);
        }
        Object v = current.getObject(column);
        if (v != null && column > 0 && column <= Long.SIZE) {
            // The first row (read with getObject): what this result's getObject answers, so later rows may take the application's getString and getTimestamp.
            if (v instanceof String) {
                objectText |= 1L << (column - 1);
            } else if (v.getClass() == Timestamp.class) {
                objectTimestamp |= 1L << (column - 1);
            }
        }
        return v;
    }

    @Override
    public long getLong(int column) throws SQLException {
        if (pending && values.hasLong(column)) {
            return values.longValue(column);
        }
        return current.getLong(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        if (pending && values.hasDouble(column)) {
            return values.doubleValue(column);
        }
        return current.getDouble(column);
    }

    @Override
    public boolean wasNull() throws SQLException {
        if (pending) {
            byte k = values.takeKnownNull();
            if (k != 0) {
                return k == 2;
            }
        }
        return current.wasNull();
    }

    @Override
    public boolean knownTimestamp(int column) {
        return pending && values.knownTimestamp(column);
    }

    @Override
    public long timestampTime() {
        return values.timestampTime();
    }

    @Override
    public int timestampNanos() {
        return values.timestampNanos();
    }

    private void finish() {
        done = true;
        // Nothing the application reads from now on reaches the record of its values (recycled with the digest).
        pending = false;
        current = null;
        aNanos = System.nanoTime() - startNanos;
        if (dropping) {
            reads.dropped(this, countedRows);
            return;
        }
        if (failed || digest == null) {
            reads.skipped(this, failed ? "digest_failed" : "partial", null);
            return;
        }
        if (!digest.complete() && !info.orderBy()) {
            ResultDigest a = snapshot();
            reads.skipped(this, a == null ? "digest_failed" : "partial", a);
            return;
        }
        if (paired != null) {
            ResultDigest a = snapshot();
            if (a == null) {
                reads.skipped(this, "digest_failed", null);
                return;
            }
            authoritativeDigest = a;
            reads.replayInTransaction(this, a);
            return;
        }
        // The capture is the shadow task itself, and carries its digest as it stands: the immutable
        // snapshot is taken by the worker, so the hand-off allocates nothing on the application's thread.
        reads.submit(this, digest.rowCount());
    }

    /** The replay, on a shadow worker (the executor's hand-off publishes the fields set before). */
    @Override
    public void run() {
        long cpu = ShadowBudget.threadCpu();
        // The replay and its re-check run inside the application's request and trace: spans and
        // log lines made on the worker (request_id in the MDC) belong to the request that read.
        try (CarriedContext.Opened ignored = carried.open()) {
            // The application's thread is done with the digest: the executor's hand-off publishes it here.
            authoritativeDigest = snapshot();
            if (authoritativeDigest == null) {
                reads.skipped(this, "digest_failed", null);
                return;
            }
            reads.replay(this, authoritativeDigest);
        } finally {
            reads.charge(cpu);
        }
    }

    /** The digest's immutable snapshot (its kept values normalised), or null when a kept value cannot be. */
    private ResultDigest snapshot() {
        RowDigest d = digest;
        if (d == null) {
            return null;
        }
        digest = null;
        try {
            return d.snapshot();
        } catch (RuntimeException e) {
            return null;
        } finally {
            // The snapshot copied what it needs: the digest's storage serves the statement's next read.
            d.recycle();
        }
    }

    /**
     * Marks a read made inside a transaction that has written: it is replayed on the paired
     * connection's shadow transaction, which holds the same uncommitted writes.
     */
    public void inTransaction(PairedConnection connection) {
        this.paired = connection;
        this.transaction = connection.transaction();
    }

    long transaction() {
        return transaction;
    }

    PairedConnection paired() {
        return paired;
    }

    StatementInfo info() {
        return info;
    }

    /** The SQL the shadow side runs (the application's unless translated). */
    String shadowSql() {
        return shadowSql;
    }

    /** The parameters the shadow side binds. */
    Param[] shadowParams() {
        return shadowParams;
    }

    /** The shadow side's SQL when it differs from the application's, else null (for events). */
    String translatedSql() {
        return translated ? shadowSql : null;
    }

    /**
     * Whether the shadow side's result is compared by position under the authoritative side's
     * labels: the engines differ (they label {@code count(*)} differently), or a column was renamed.
     */
    boolean byPosition() {
        return byPosition;
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
        return carried.request();
    }

    long aNanos() {
        return aNanos;
    }
}
