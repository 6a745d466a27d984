package io.dualaccess.benchmarks;

/**
 * What sits between HikariCP and H2 in one benchmark trial. The spelling is the value of the JMH
 * parameter {@code mode} ({@code -p mode=raw,dualaccess-off}).
 */
public enum Mode {
    /** H2's own driver: the baseline every ratio is taken against. */
    RAW("raw", null),
    /** {@code jdbc:p6spy:h2:…}, logging module not loaded (see spy.properties). */
    P6SPY("p6spy", null),
    /** datasource-proxy around H2's DataSource, with a no-op query listener. */
    DATASOURCE_PROXY("datasource-proxy", null),
    /** {@code jdbc:dualaccess:h2:…} in phase {@code off}: a pass-through to A. */
    DUALACCESS_OFF("dualaccess-off", "off"),
    /**
     * Phase {@code shadow-read}: A serves, each read is digested on the application's thread and
     * replayed on B (a second in-memory H2) by dualaccess's workers.
     */
    DUALACCESS_SHADOW_READ("dualaccess-shadow-read", "shadow-read"),
    /**
     * Phase {@code dual-write}: every write is mirrored to B (a second in-memory H2) on a paired
     * connection, and each mirrored write becomes a comparison event; reads go to A only.
     */
    DUALACCESS_DUAL_WRITE("dualaccess-dual-write", "dual-write");

    private final String spelling;
    private final String phase;

    Mode(String spelling, String phase) {
        this.spelling = spelling;
        this.phase = phase;
    }

    /** The JMH parameter value. */
    public String spelling() {
        return spelling;
    }

    /** The value of {@code dualaccess.phase} for dualaccess modes, else null. */
    public String phase() {
        return phase;
    }

    /** Whether connections go through {@code jdbc:dualaccess:}. */
    public boolean dualaccess() {
        return phase != null;
    }

    /** Whether dualaccess needs database B in this mode. */
    public boolean usesB() {
        return this == DUALACCESS_SHADOW_READ || this == DUALACCESS_DUAL_WRITE;
    }

    /** The mode for a JMH parameter value. */
    public static Mode of(String spelling) {
        for (Mode m : values()) {
            if (m.spelling.equals(spelling)) {
                return m;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Mode m : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(m.spelling);
        }
        throw new IllegalArgumentException("unknown benchmark mode '" + spelling + "'; known: " + known);
    }

    @Override
    public String toString() {
        return spelling;
    }
}
