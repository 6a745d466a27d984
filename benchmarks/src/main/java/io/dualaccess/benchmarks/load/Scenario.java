package io.dualaccess.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * One configuration the load run measures: the raw driver, or dualaccess in a phase, with B healthy
 * or sick. Spelled {@code raw}, {@code <phase>} or {@code <phase>/b-stopped}, {@code <phase>/b-slow}.
 *
 * @param name  the spelling
 * @param phase the value of {@code dualaccess.phase}, or null for the raw driver
 * @param b     what happens to B when the measured part of the run starts
 */
record Scenario(String name, String phase, BHealth b) {

    /** What happens to B at the start of the measured part of a scenario. */
    enum BHealth {
        /** B is reached directly and stays healthy. */
        HEALTHY(""),
        /** B sits behind a relay that closes every connection and refuses new ones. */
        STOPPED("/b-stopped"),
        /** B sits behind a relay that delays everything B sends back. */
        SLOW("/b-slow");

        private final String suffix;

        BHealth(String suffix) {
            this.suffix = suffix;
        }
    }

    /** Every scenario, in the order a round runs them (even rounds reverse it). */
    static final List<Scenario> ALL = List.of(
        raw(),
        of("off", BHealth.HEALTHY),
        of("shadow-read", BHealth.HEALTHY),
        of("dual-write", BHealth.HEALTHY),
        of("shadow", BHealth.HEALTHY),
        of("live", BHealth.HEALTHY),
        of("shadow-read", BHealth.STOPPED),
        of("shadow-read", BHealth.SLOW),
        of("dual-write", BHealth.STOPPED),
        of("dual-write", BHealth.SLOW));

    static Scenario raw() {
        return new Scenario("raw", null, BHealth.HEALTHY);
    }

    static Scenario of(String phase, BHealth b) {
        return new Scenario(phase + b.suffix, phase, b);
    }

    /** Whether connections go through {@code jdbc:dualaccess:}. */
    boolean dualaccess() {
        return phase != null;
    }

    /** Whether B is made sick during the measured part. */
    boolean sick() {
        return b != BHealth.HEALTHY;
    }

    /** The healthy scenario of the same phase (itself when healthy). */
    String healthyName() {
        return phase == null ? name : phase;
    }

    /** Whether the phase mirrors writes to B, so the mirror's circuit breaker guards the application. */
    boolean mirrorsToB() {
        return "dual-write".equals(phase) || "shadow".equals(phase);
    }

    /** Parses a comma-separated list of spellings; {@code all} means {@link #ALL}. */
    static List<Scenario> parseList(String list) {
        if (list.isBlank() || list.trim().equals("all")) {
            return ALL;
        }
        if (list.trim().equals("none")) {
            return List.of();
        }
        List<Scenario> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String name = s.trim();
            Scenario found = null;
            for (Scenario candidate : ALL) {
                if (candidate.name.equals(name)) {
                    found = candidate;
                }
            }
            if (found == null) {
                StringBuilder known = new StringBuilder();
                for (Scenario candidate : ALL) {
                    known.append(known.length() == 0 ? "" : ", ").append(candidate.name);
                }
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + known);
            }
            out.add(found);
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
