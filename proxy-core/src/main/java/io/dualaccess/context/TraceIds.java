package io.dualaccess.context;

/**
 * The W3C trace a comparison event or journal entry belongs to: the trace id and the id of the
 * span that was current where the statement ran. Read from an active OpenTelemetry span when the
 * OpenTelemetry API is on the class path (directly, or through Micrometer Tracing's OpenTelemetry
 * bridge), else from the {@code traceparent} header the servlet filter saw.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits
 */
public record TraceIds(String traceId, String spanId) {

    /**
     * Parses a W3C {@code traceparent} header ({@code 00-<trace-id>-<parent-id>-<flags>}), or null
     * when it is absent or malformed (all-zero ids, version {@code ff}, wrong lengths or digits).
     */
    public static TraceIds parse(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String t = traceparent.trim();
        // version (2) - trace id (32) - parent id (16) - flags (2); later versions may append fields.
        if (t.length() < 55 || t.charAt(2) != '-' || t.charAt(35) != '-' || t.charAt(52) != '-'
            || (t.length() > 55 && t.charAt(55) != '-')) {
            return null;
        }
        String version = t.substring(0, 2);
        String trace = t.substring(3, 35);
        String span = t.substring(36, 52);
        if (!hex(version) || version.equals("ff") || !hex(trace) || !hex(span) || !hex(t.substring(53, 55))
            || zeros(trace) || zeros(span) || (version.equals("00") && t.length() != 55)) {
            return null;
        }
        return new TraceIds(trace, span);
    }

    /**
     * The trace current on this thread: the active OpenTelemetry span if there is one, else the
     * ids of {@code request} (from its {@code traceparent}), else null.
     */
    public static TraceIds current(RequestContext request) {
        TraceIds active = OpenTelemetrySupport.PRESENT ? OpenTelemetrySupport.currentSpan() : null;
        if (active != null) {
            return active;
        }
        return request == null ? null : request.trace();
    }

    /** {@link #current(RequestContext)} with the request this thread is serving. */
    public static TraceIds current() {
        return current(RequestContext.current());
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
