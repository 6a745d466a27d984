package io.dualaccess.sidecar.http;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the {@code kind: http} comparison events: {@code fingerprint} is the method and route
 * template, {@code sql} the method and path (no query string: it may carry secrets), sides
 * {@code a} (the application) and {@code b} (the candidate) carry timings and the candidate's
 * error, and {@code http} the rest (format in {@code docs/http-shadowing.md}).
 */
final class HttpEvents {

    /** The event kind. */
    static final String KIND = "http";

    private final Supplier<String> phase;
    private final EventValues values;

    HttpEvents(Supplier<String> phase, EventValues values) {
        this.phase = phase;
        this.values = values;
    }

    /** An exchange that was not replayed (dropped, skipped) or whose replay failed. */
    ComparisonEvent notCompared(Exchange e, Outcome outcome, String reason, Answer b) {
        Map<String, Object> http = base(e);
        if (b != null) {
            status(http, e.a(), b, null);
        }
        return event(e, outcome, reason, b, http);
    }

    /** A comparison of the application's answer with the candidate's (and the twin's, or null). */
    ComparisonEvent compared(Exchange e, Answer b, Answer twin, Outcome outcome, String reason,
                             List<Difference> findings, int count, List<Difference> noise) {
        Map<String, Object> http = base(e);
        status(http, e.a(), b, twin);
        http.put("differences", count);
        if (!findings.isEmpty()) {
            List<Object> diff = new ArrayList<>(findings.size());
            for (Difference d : findings) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("path", d.path());
                if (!values.none()) {
                    one.put("a", values.show(d.path(), d.a()));
                    one.put("b", values.show(d.path(), d.b()));
                }
                diff.add(one);
            }
            http.put("diff", diff);
        }
        if (!noise.isEmpty()) {
            List<Object> paths = new ArrayList<>(noise.size());
            for (Difference d : noise) {
                paths.add(d.path());
            }
            http.put("noise", paths);
        }
        return event(e, outcome, reason, b, http);
    }

    private static Map<String, Object> base(Exchange e) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("route", e.route());
        http.put("method", e.method());
        http.put("path", e.path());
        return http;
    }

    private static void status(Map<String, Object> http, Answer a, Answer b, Answer twin) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("a", a.status());
        status.put("b", b.ok() ? b.status() : null);
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("a", millis(a.nanos()));
        ms.put("b", millis(b.nanos()));
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("a", a.overCap() ? null : a.body().length);
        bytes.put("b", b.ok() && !b.overCap() ? b.body().length : null);
        if (twin != null) {
            status.put("twin", twin.ok() ? twin.status() : null);
            ms.put("twin", millis(twin.nanos()));
            if (!twin.ok()) {
                http.put("twin_error", twin.error());
            }
        }
        http.put("status", status);
        http.put("ms", ms);
        http.put("bytes", bytes);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private ComparisonEvent event(Exchange e, Outcome outcome, String reason, Answer b, Map<String, Object> http) {
        SideResult a = new SideResult(-1, e.a().nanos(), null);
        SideResult sb = b == null ? SideResult.NOT_RUN : new SideResult(-1, b.nanos(), b.error());
        return new ComparisonEvent(e.epochMillis(), KIND, phase.get(), outcome, reason, e.method() + " " + e.route(),
            e.method() + " " + e.path(), null, a, sb, List.of(), null, List.of(), null, null, e.request(), http);
    }
}
