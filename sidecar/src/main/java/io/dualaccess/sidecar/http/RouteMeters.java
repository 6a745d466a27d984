package io.dualaccess.sidecar.http;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dualaccess.http.comparisons} by {@code route} (the template: bounded by the configuration)
 * and {@code outcome}, beside {@code dualaccess.comparisons} (which counts {@code kind} {@code http}
 * without routes).
 */
final class RouteMeters {

    private final MeterRegistry registry;
    private final String runtime;
    /** Per route, a counter per outcome (by ordinal): no key is built per event. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    RouteMeters(MeterRegistry registry, String runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    void count(String route, ComparisonEvent e) {
        Counter[] byOutcome = counters.computeIfAbsent(route, r -> new Counter[Outcome.values().length]);
        int o = e.outcome().ordinal();
        Counter c = byOutcome[o];
        if (c == null) {
            c = Counter.builder("dualaccess.http.comparisons").description("HTTP comparisons, by route and outcome")
                .tag("route", route).tag("outcome", e.outcome().value()).tag("runtime", runtime).register(registry);
            byOutcome[o] = c;
        }
        c.increment();
    }
}
