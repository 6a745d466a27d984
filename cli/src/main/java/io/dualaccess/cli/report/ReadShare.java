package io.dualaccess.cli.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The share of reads compared, per phase: reads whose shadow replay produced a verdict (match,
 * mismatch, transient) against every read event, with the reads left out counted by reason
 * ({@code in-transaction}, {@code partial}, {@code queue_full}, …). Bounded: a few phases, a few reasons.
 */
final class ReadShare {

    private static final int MAX_KEYS = 32;

    /** Counts of one phase. */
    static final class Phase {
        long reads;
        long compared;
        final Map<String, Long> notCompared = new LinkedHashMap<>();

        /** Compared reads as a percentage of all reads. */
        double percent() {
            return reads == 0 ? 0 : 100.0 * compared / reads;
        }
    }

    final Map<String, Phase> byPhase = new LinkedHashMap<>();

    void add(LogEvent e) {
        if (!"read".equals(e.kind)) {
            return;
        }
        String name = e.phase == null ? "(none)" : e.phase;
        Phase p = byPhase.get(name);
        if (p == null) {
            if (byPhase.size() >= MAX_KEYS) {
                return;
            }
            p = new Phase();
            byPhase.put(name, p);
        }
        p.reads += e.count;
        String outcome = e.outcome == null ? "" : e.outcome;
        if (outcome.equals("match") || outcome.equals("mismatch") || outcome.equals("transient")) {
            p.compared += e.count;
        } else {
            String why = outcome + (e.reason == null ? "" : ":" + e.reason);
            if (p.notCompared.size() < MAX_KEYS || p.notCompared.containsKey(why)) {
                p.notCompared.merge(why, e.count, Long::sum);
            }
        }
    }
}
