package io.dualaccess;

/**
 * A named preset of the two migration axes. Each phase is a step of the migration playbook;
 * {@code dualaccess.reads} and {@code dualaccess.writes} can override either axis.
 */
public enum Phase {
    /** Before the migration: dualaccess is a transparent pass-through to A. */
    OFF("off", Reads.A, Writes.A),
    /** Read migration: A serves, reads are compared on B. */
    SHADOW_READ("shadow-read", Reads.A_SHADOW_B, Writes.A),
    /** Write migration starts: A serves, writes are mirrored to B while backfill copies legacy rows. */
    DUAL_WRITE("dual-write", Reads.A, Writes.A_MIRROR_B),
    /** After backfill: A serves, writes mirrored, reads compared on B. */
    SHADOW("shadow", Reads.A_SHADOW_B, Writes.A_MIRROR_B),
    /** B serves; A is the shadow, kept whole for rollback. */
    LIVE("live", Reads.B_SHADOW_A, Writes.B_MIRROR_A),
    /** A is no longer read but still written. */
    RAMPDOWN("rampdown", Reads.B, Writes.B_MIRROR_A),
    /** A is decommissioned. */
    COMPLETE("complete", Reads.B, Writes.B);

    private final String configValue;
    private final Reads reads;
    private final Writes writes;

    Phase(String configValue, Reads reads, Writes writes) {
        this.configValue = configValue;
        this.reads = reads;
        this.writes = writes;
    }

    /** The spelling used in configuration ({@code shadow-read}). */
    public String configValue() {
        return configValue;
    }

    /** The reads axis this phase selects. */
    public Reads reads() {
        return reads;
    }

    /** The writes axis this phase selects. */
    public Writes writes() {
        return writes;
    }

    /** The value for a configuration spelling, or null. */
    public static Phase fromConfigValue(String value) {
        for (Phase p : values()) {
            if (p.configValue.equals(value)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configValue;
    }
}
