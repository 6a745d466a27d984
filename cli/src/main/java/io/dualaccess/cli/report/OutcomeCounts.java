package io.dualaccess.cli.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events counted by outcome. Outcomes are open strings (a newer log may add one), with a cap on
 * how many distinct ones are kept so a corrupt log cannot grow it: the rest count as
 * {@value #OTHER}.
 */
final class OutcomeCounts {

    static final String OTHER = "other";
    private static final int MAX_DISTINCT = 16;

    /** Outcomes that compared both sides' answers: the denominator of the mismatch rate. */
    static boolean compared(String outcome) {
        return "match".equals(outcome) || "mismatch".equals(outcome) || "transient".equals(outcome);
    }

    /** Outcomes after which B may lack or differ from A: what the report ranks groups by. */
    static boolean problem(String outcome) {
        return !"match".equals(outcome) && !"transient".equals(outcome) && !"dropped".equals(outcome);
    }

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private long total;
    private long compared;
    private long mismatches;
    private long problems;

    void add(String outcome) {
        add(outcome, 1);
    }

    /** {@code n} events' worth of one outcome (an aggregated event stands for several). */
    void add(String outcome, long n) {
        long[] c = counts.get(outcome);
        if (c == null) {
            String key = counts.size() < MAX_DISTINCT ? outcome : OTHER;
            c = counts.computeIfAbsent(key, k -> new long[1]);
        }
        c[0] += n;
        total += n;
        if (compared(outcome)) {
            compared += n;
        }
        if ("mismatch".equals(outcome)) {
            mismatches += n;
        }
        if (problem(outcome)) {
            problems += n;
        }
    }

    void addAll(OutcomeCounts other) {
        for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
            add(e.getKey(), e.getValue()[0]);
        }
    }

    long total() {
        return total;
    }

    long get(String outcome) {
        long[] c = counts.get(outcome);
        return c == null ? 0 : c[0];
    }

    long mismatches() {
        return mismatches;
    }

    long compared() {
        return compared;
    }

    /** Events whose outcome is not match, transient or dropped. */
    long problems() {
        return problems;
    }

    /** Mismatches over compared events (match, mismatch, transient); NaN when none compared. */
    double mismatchRate() {
        return compared == 0 ? Double.NaN : (double) mismatches / compared;
    }

    /** Outcome to count, in a stable order: the known outcomes first, then as met. */
    Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String known : new String[] {"match", "mismatch", "transient", "b_error", "timeout", "skipped", "dropped"}) {
            long n = get(known);
            if (n > 0) {
                out.put(known, n);
            }
        }
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            out.putIfAbsent(e.getKey(), e.getValue()[0]);
        }
        return out;
    }
}
