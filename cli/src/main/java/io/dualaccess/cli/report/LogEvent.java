package io.dualaccess.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One comparison event as the report reads it from a log line: only the fields it summarises.
 * Mutable and reused line after line by {@link EventParser}; anything kept past the line is
 * copied out (see {@link Problem}).
 */
final class LogEvent {
    long epochMillis;
    String ts;
    String kind;
    String phase;
    String outcome;
    String reason;
    String fingerprint;
    String sql;
    /** {@code translated}: the shadow side ran other SQL than the application's (in {@code b.sql} or {@code a.sql}). */
    boolean translated;
    /** {@code count}: how many statements the event stands for (an aggregate of {@code dropped}, {@code match} or {@code skipped} statements); 1 when absent. */
    long count;
    final List<String> tables = new ArrayList<>(4);
    final Side a = new Side();
    final Side b = new Side();
    /** The {@code diff} object re-serialised as compact JSON, or null. */
    String diffJson;
    String requestId;
    String requestMethod;
    String requestPath;
    /** For {@code kind} {@code phase}: the {@code change} object's fields the report shows. */
    String changeScope;
    String changeTable;
    String changeFrom;
    String changeTo;
    String changeActor;
    String changeSource;
    /** For {@code kind} {@code sync}: the sync's state from its {@code change} object. */
    String syncName;
    String syncState;
    String syncPosition;
    String syncLastError;
    double syncLag;
    double syncP50;
    double syncP99;
    double syncEvents;
    double syncTransactions;
    double syncErrors;
    double syncSnapshotRows;

    /** The state of a sync from A's change log, not a comparison: {@code kind} {@code sync}. */
    boolean isSync() {
        return "sync".equals(kind);
    }

    /** A phase change, not a comparison: {@code kind} {@code phase}. */
    boolean isPhaseChange() {
        return "phase".equals(kind);
    }

    void clear() {
        epochMillis = Long.MIN_VALUE;
        ts = null;
        kind = null;
        phase = null;
        outcome = null;
        reason = null;
        fingerprint = null;
        sql = null;
        translated = false;
        count = 1;
        tables.clear();
        a.clear();
        b.clear();
        diffJson = null;
        requestId = null;
        requestMethod = null;
        requestPath = null;
        changeScope = null;
        changeTable = null;
        changeFrom = null;
        changeTo = null;
        changeActor = null;
        changeSource = null;
        syncName = null;
        syncState = null;
        syncPosition = null;
        syncLastError = null;
        syncLag = Double.NaN;
        syncP50 = Double.NaN;
        syncP99 = Double.NaN;
        syncEvents = Double.NaN;
        syncTransactions = Double.NaN;
        syncErrors = Double.NaN;
        syncSnapshotRows = Double.NaN;
    }

    /** What one side did: {@code ms} is NaN when absent; a side that did not run has 0. */
    static final class Side {
        double ms;
        /** Update count or rows read; null when absent. */
        Long count;
        /** {@code count} or {@code rows}: which the log wrote. */
        String countField;
        String error;
        /** The SQL this side ran when it was a translation of the application's, else null. */
        String sql;

        void clear() {
            ms = Double.NaN;
            count = null;
            countField = null;
            error = null;
            sql = null;
        }

        /** Whether this side ran and timed the statement (a side that did not run logs 0 ms). */
        boolean timed() {
            return ms > 0;
        }
    }
}
