package io.dualaccess;

/**
 * The reads axis of a migration: which side answers a read, and whether the other side replays it
 * for comparison. Values are written in configuration as their {@link #configValue()}.
 */
public enum Reads {
    /** Reads go to A only. */
    A("a", false, false),
    /** A answers; B replays the read in the background and the results are compared. */
    A_SHADOW_B("a-shadow-b", false, true),
    /** B answers; A replays the read in the background and the results are compared. */
    B_SHADOW_A("b-shadow-a", true, true),
    /** Reads go to B only. */
    B("b", true, false);

    private final String configValue;
    private final boolean bAuthoritative;
    private final boolean shadowed;

    Reads(String configValue, boolean bAuthoritative, boolean shadowed) {
        this.configValue = configValue;
        this.bAuthoritative = bAuthoritative;
        this.shadowed = shadowed;
    }

    /** The spelling used in configuration ({@code a-shadow-b}). */
    public String configValue() {
        return configValue;
    }

    /** Whether B's answer is the one the application sees. */
    public boolean bAuthoritative() {
        return bAuthoritative;
    }

    /** Whether reads are replayed on the shadow side. */
    public boolean shadowed() {
        return shadowed;
    }

    /** Whether this axis touches B at all. */
    public boolean usesB() {
        return bAuthoritative || shadowed;
    }

    /** Whether this axis touches A at all. */
    public boolean usesA() {
        return !bAuthoritative || shadowed;
    }

    /** The value for a configuration spelling, or null. */
    public static Reads fromConfigValue(String value) {
        for (Reads r : values()) {
            if (r.configValue.equals(value)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configValue;
    }
}
