package io.dualaccess;

/**
 * The writes axis of a migration: which side executes a write first (and whose result the
 * application sees), and whether the other side receives the same write. Values are written in
 * configuration as their {@link #configValue()}.
 */
public enum Writes {
    /** Writes go to A only. */
    A("a", false, false),
    /** A executes and answers; every write is mirrored to B. */
    A_MIRROR_B("a-mirror-b", false, true),
    /** B executes and answers; every write is mirrored to A, which is kept whole for rollback. */
    B_MIRROR_A("b-mirror-a", true, true),
    /** Writes go to B only. */
    B("b", true, false);

    private final String configValue;
    private final boolean bAuthoritative;
    private final boolean mirrored;

    Writes(String configValue, boolean bAuthoritative, boolean mirrored) {
        this.configValue = configValue;
        this.bAuthoritative = bAuthoritative;
        this.mirrored = mirrored;
    }

    /** The spelling used in configuration ({@code a-mirror-b}). */
    public String configValue() {
        return configValue;
    }

    /** Whether B's result is the one the application sees. */
    public boolean bAuthoritative() {
        return bAuthoritative;
    }

    /** Whether writes are mirrored to the shadow side. */
    public boolean mirrored() {
        return mirrored;
    }

    /** Whether this axis touches B at all. */
    public boolean usesB() {
        return bAuthoritative || mirrored;
    }

    /** Whether this axis touches A at all. */
    public boolean usesA() {
        return !bAuthoritative || mirrored;
    }

    /** The value for a configuration spelling, or null. */
    public static Writes fromConfigValue(String value) {
        for (Writes w : values()) {
            if (w.configValue.equals(value)) {
                return w;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configValue;
    }
}
