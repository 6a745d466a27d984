package io.dualaccess.events;

import io.dualaccess.context.RequestContext;
import io.dualaccess.context.TraceIds;

import java.util.List;
import java.util.Map;

/**
 * One comparison: what ran, on which side, how it compared. Immutable; the JSON-lines log, the
 * metrics and the admin views all read the same event.
 *
 * @param epochMillis when the authoritative side finished
 * @param kind {@code write}, {@code commit}, or (with shadow reads) {@code read}
 * @param phase the phase in force
 * @param outcome how it compared
 * @param reason why it was skipped or failed in a way the outcome does not say, or null
 * @param fingerprint the statement's shape
 * @param sql the statement as the application wrote it
 * @param params parameter values as the log shows them (already masked per {@code dualaccess.log.values}), or null
 * @param a what side A did
 * @param b what side B did
 * @param tables tables touched
 * @param tx transaction id on this connection
 * @param nondeterministic functions that make a replay differ
 * @param diff for a read mismatch, where the results differ (values already masked), else null
 * @param change for {@code kind} {@code phase}: what changed (scope, table, from, to, axes, actor,
 *               source, sequences moved), else null
 * @param request the request being served when the statement ran, or null
 * @param http for {@code kind} {@code http}: the replayed request and both responses (route, method,
 *             status pair, differences with their JSON paths, noise, timings; values already
 *             masked), else null
 * @param trace the trace current where the statement ran ({@code trace_id}, {@code span_id}), or null
 */
public record ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                              String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                              List<String> tables, String tx, List<String> nondeterministic,
                              Map<String, Object> diff, Map<String, Object> change,
                              RequestContext request, Map<String, Object> http, TraceIds trace) {

    /**
     * An event whose trace is the one current on this thread ({@link TraceIds#current(RequestContext)}):
     * the active OpenTelemetry span (on a worker, the one carried from the application's thread),
     * else the request's {@code traceparent}.
     */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic,
                           Map<String, Object> diff, Map<String, Object> change,
                           RequestContext request, Map<String, Object> http) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic, diff,
            change, request, http, TraceIds.current(request));
    }

    /** A statement's comparison or a phase change (no HTTP exchange). */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic,
                           Map<String, Object> diff, Map<String, Object> change,
                           RequestContext request) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic, diff,
            change, request, null);
    }

    /** An event with a phase change; it carries the request this thread is serving, if any ({@link RequestContext#current()}). */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic,
                           Map<String, Object> diff, Map<String, Object> change) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic, diff,
            change, RequestContext.current());
    }

    /** A comparison (no phase change) for the given request: work on other threads passes the captured context. */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic,
                           Map<String, Object> diff, RequestContext request) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic, diff,
            null, request);
    }

    /**
     * An event made on the application's thread: it carries the request this thread is serving
     * ({@link RequestContext#current()}). Work on other threads passes the captured context.
     */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic,
                           Map<String, Object> diff) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic, diff,
            null, RequestContext.current());
    }

    /** An event without a diff (writes), made on the application's thread (see above). */
    public ComparisonEvent(long epochMillis, String kind, String phase, Outcome outcome, String reason,
                           String fingerprint, String sql, List<Object> params, SideResult a, SideResult b,
                           List<String> tables, String tx, List<String> nondeterministic) {
        this(epochMillis, kind, phase, outcome, reason, fingerprint, sql, params, a, b, tables, tx, nondeterministic,
            (Map<String, Object>) null);
    }
}
