package io.dualaccess.sidecar;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.sidecar.http.HttpShadow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The dashboard's view of HTTP shadowing, per route template: how the comparisons came out, how
 * long the application (A) and the candidate (B) took, the latest differences and the latest
 * failure. Fed by the runtime's {@code kind: http} events on the publishing thread (a few adders
 * and, for the timings and the latest events, a short lock per route); bounded in routes, timings
 * and events kept.
 */
final class HttpRouteMonitor implements Consumer<ComparisonEvent> {

    /** Routes tracked (they come from {@code dualaccess.http.routes}, so this is rarely reached). */
    static final int MAX_ROUTES = 200;
    /** Timings kept per side and route: percentiles are over these, the most recent. */
    static final int TIMINGS = 512;
    /** Mismatching events kept per route. */
    static final int LATEST = 3;

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    @Override
    public void accept(ComparisonEvent e) {
        if (!"http".equals(e.kind()) || e.http() == null || !(e.http().get("route") instanceof String name)) {
            return;
        }
        Route r = routes.get(name);
        if (r == null) {
            if (routes.size() >= MAX_ROUTES) {
                return;
            }
            r = routes.computeIfAbsent(name, Route::new);
        }
        r.add(e);
    }

    /** A route's numbers, or empty ones for a configured route without events yet. */
    Snapshot snapshot(String route) {
        Route r = routes.get(route);
        return r == null ? new Route(route).snapshot() : r.snapshot();
    }

    /** Every route with events, most mismatches and failures first, then most events. */
    List<Snapshot> snapshots() {
        List<Snapshot> out = new ArrayList<>();
        for (Route r : routes.values()) {
            out.add(r.snapshot());
        }
        out.sort(Comparator.comparingLong(Snapshot::problems).reversed()
            .thenComparing(Comparator.comparingLong(Snapshot::events).reversed()).thenComparing(Snapshot::route));
        return out;
    }

    /**
     * The {@code http} part of {@code /status}: the shadowing's state, then the configured routes
     * (in their order) and any other route with events (from an earlier configuration), each with
     * its outcomes, the latency of the application and the candidate, the noise learned, the
     * latest mismatches and the latest failure.
     *
     * @param shadow this runtime's shadowing, or null when it has none
     */
    Map<String, Object> status(HttpShadow shadow) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", shadow != null);
        out.put("candidate", shadow == null ? null : withoutUserInfo(shadow.candidate()));
        out.put("primary_twin", shadow == null ? null : withoutUserInfo(shadow.twin()));
        out.put("queue", shadow == null ? 0 : shadow.depth());
        out.put("dropped", shadow == null ? 0 : shadow.dropped());
        out.put("breaker", shadow == null ? null : shadow.breaker().getState().name().toLowerCase(Locale.ROOT));
        List<Snapshot> shown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (shadow != null) {
            for (String route : shadow.routes()) {
                shown.add(snapshot(route));
                seen.add(route);
            }
        }
        for (Snapshot s : snapshots()) {
            if (seen.add(s.route())) {
                shown.add(s);
            }
        }
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Snapshot s : shown) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("route", s.route());
            r.put("events", s.events());
            Map<String, Object> outcomes = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                if (s.count(o) > 0) {
                    outcomes.put(o.value(), s.count(o));
                }
            }
            r.put("outcomes", outcomes);
            r.put("match", s.count(Outcome.MATCH));
            r.put("mismatch", s.count(Outcome.MISMATCH));
            r.put("dropped", s.count(Outcome.DROPPED));
            r.put("errors", s.count(Outcome.B_ERROR) + s.count(Outcome.TIMEOUT));
            r.put("skipped", s.count(Outcome.SKIPPED));
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("a", timings(s.a()));
            latency.put("b", timings(s.b()));
            r.put("latency_ms", latency);
            r.put("noise", shadow == null ? List.of() : List.copyOf(shadow.noise(s.route())));
            List<Object> latest = new ArrayList<>();
            for (ComparisonEvent e : s.latest()) {
                latest.add(AdminServer.eventJson(e));
            }
            r.put("latest", latest);
            r.put("last_failure", s.lastFailure() == null ? null : AdminServer.eventJson(s.lastFailure()));
            routes.add(r);
        }
        out.put("routes", routes);
        return out;
    }

    private static Map<String, Object> timings(double[] sorted) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("samples", sorted.length);
        t.put("p50", rounded(percentile(sorted, 50)));
        t.put("p99", rounded(percentile(sorted, 99)));
        return t;
    }

    private static Double rounded(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000) / 1000.0;
    }

    /** A base URL as shown on the dashboard: a user and password in it are left out. */
    static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getRawUserInfo() == null ? url
                : new java.net.URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(not shown)";
        }
    }

    /**
     * One route at one moment.
     *
     * @param route the template
     * @param outcomes events per outcome (index: {@link Outcome#ordinal()})
     * @param a the application's timings, milliseconds, the most recent first ones dropped
     * @param b the candidate's timings
     * @param latest the latest mismatches, newest first
     * @param lastFailure the latest {@code b_error} or {@code timeout}, or null
     */
    record Snapshot(String route, long[] outcomes, double[] a, double[] b, List<ComparisonEvent> latest,
                    ComparisonEvent lastFailure) {

        long count(Outcome o) {
            return outcomes[o.ordinal()];
        }

        long events() {
            return Arrays.stream(outcomes).sum();
        }

        /** Mismatches and failures (the candidate gave no answer): what a reader looks at first. */
        long problems() {
            return count(Outcome.MISMATCH) + count(Outcome.B_ERROR) + count(Outcome.TIMEOUT);
        }
    }

    /**
     * The {@code p}-th percentile (nearest rank) of timings, or NaN when there are none.
     *
     * @param sorted timings in ascending order
     */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static final class Route {
        final String name;
        final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
        private final double[] a = new double[TIMINGS];
        private final double[] b = new double[TIMINGS];
        private int aNext;
        private int aSize;
        private int bNext;
        private int bSize;
        private final ArrayDeque<ComparisonEvent> latest = new ArrayDeque<>(LATEST);
        private ComparisonEvent lastFailure;

        Route(String name) {
            this.name = name;
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new LongAdder();
            }
        }

        void add(ComparisonEvent e) {
            Outcome o = e.outcome();
            outcomes[o.ordinal()].increment();
            synchronized (this) {
                // Only answers are timed: a dropped or skipped request has no candidate time, a failed one
                // says how long the candidate was waited for, not how long it takes to answer.
                if (o == Outcome.MATCH || o == Outcome.MISMATCH) {
                    if (e.a().nanos() > 0) {
                        a[aNext] = e.a().nanos() / 1e6;
                        aNext = (aNext + 1) % TIMINGS;
                        aSize = Math.min(aSize + 1, TIMINGS);
                    }
                    if (e.b().nanos() > 0) {
                        b[bNext] = e.b().nanos() / 1e6;
                        bNext = (bNext + 1) % TIMINGS;
                        bSize = Math.min(bSize + 1, TIMINGS);
                    }
                }
                if (o == Outcome.MISMATCH) {
                    if (latest.size() == LATEST) {
                        latest.removeLast();
                    }
                    latest.addFirst(e);
                } else if (o == Outcome.B_ERROR || o == Outcome.TIMEOUT) {
                    lastFailure = e;
                }
            }
        }

        Snapshot snapshot() {
            long[] counts = new long[outcomes.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = outcomes[i].sum();
            }
            synchronized (this) {
                double[] as = Arrays.copyOf(a, aSize);
                double[] bs = Arrays.copyOf(b, bSize);
                Arrays.sort(as);
                Arrays.sort(bs);
                return new Snapshot(name, counts, as, bs, List.copyOf(latest), lastFailure);
            }
        }
    }
}
