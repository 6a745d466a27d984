package io.dualaccess.sidecar.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Diffy's noise cancellation: the places (JSON paths with array indices generalised, status,
 * headers) where two runs of the same implementation differ, learned per route from the
 * application's answer and its primary twin's. A difference from the candidate at such a place is
 * noise (a timestamp, a random id), not a finding. Bounded per route.
 */
final class Noise {

    /** Noisy places kept per route: beyond them nothing more is learned. */
    static final int MAX_PER_ROUTE = 1000;

    private final int min;
    private final Map<String, Map<String, AtomicInteger>> byRoute = new ConcurrentHashMap<>();

    /** @param min how many times a place must differ between the twins before it counts as noise */
    Noise(int min) {
        this.min = min;
    }

    /** Learns the places where the application and its twin differed on one request of {@code route}. */
    void learn(String route, List<Difference> twinDifferences) {
        if (twinDifferences.isEmpty()) {
            return;
        }
        Map<String, AtomicInteger> places = byRoute.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
        for (Difference d : twinDifferences) {
            String place = JsonPaths.general(d.path());
            AtomicInteger n = places.get(place);
            if (n == null && places.size() < MAX_PER_ROUTE) {
                n = places.computeIfAbsent(place, p -> new AtomicInteger());
            }
            if (n != null) {
                n.incrementAndGet();
            }
        }
    }

    /** Whether a difference on {@code route} is at a place learned as noise. */
    boolean isNoise(String route, Difference d) {
        Map<String, AtomicInteger> places = byRoute.get(route);
        if (places == null) {
            return false;
        }
        AtomicInteger n = places.get(JsonPaths.general(d.path()));
        return n != null && n.get() >= min;
    }

    /** The noisy places learned for a route (for the status view and tests). */
    Set<String> of(String route) {
        Map<String, AtomicInteger> places = byRoute.get(route);
        if (places == null) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        places.forEach((p, n) -> {
            if (n.get() >= min) {
                out.add(p);
            }
        });
        return out;
    }
}
