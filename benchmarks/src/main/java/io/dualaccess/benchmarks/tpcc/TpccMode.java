package io.dualaccess.benchmarks.tpcc;

import java.util.ArrayList;
import java.util.List;

/** How the application reaches A: directly (PostgreSQL's driver), or through dualaccess in a phase. */
enum TpccMode {
    DIRECT("direct", null),
    OFF("off", "off"),
    DUAL_WRITE("dual-write", "dual-write"),
    SHADOW("shadow", "shadow"),
    /** A directly, the writes mirrored to B by the terminal itself with plain JDBC ({@link HandMirror}): dual-write's inherent cost. */
    BY_HAND("by-hand", null);

    final String label;
    /** {@code dualaccess.phase}, or null for the direct driver. */
    final String phase;

    TpccMode(String label, String phase) {
        this.label = label;
        this.phase = phase;
    }

    /** Whether this mode writes to B (and so needs B's tables reset). */
    boolean usesB() {
        return this == DUAL_WRITE || this == SHADOW || this == BY_HAND;
    }

    static List<TpccMode> parseList(String list) {
        List<TpccMode> out = new ArrayList<>();
        for (String s : list.split(",")) {
            TpccMode found = null;
            for (TpccMode m : values()) {
                if (m.label.equals(s.trim())) {
                    found = m;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown mode '" + s.trim() + "'; known: direct, off, dual-write, shadow, by-hand");
            }
            out.add(found);
        }
        return out;
    }

    @Override
    public String toString() {
        return label;
    }
}
