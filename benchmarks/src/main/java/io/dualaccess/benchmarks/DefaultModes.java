package io.dualaccess.benchmarks;

import org.openjdk.jmh.annotations.Param;

/**
 * Prints the default modes, comma-separated, as listed in {@link JdbcState#mode}'s {@code @Param}:
 * run.sh reads them from here, so the list lives in one place.
 */
public final class DefaultModes {

    private DefaultModes() {
    }

    /** The default modes, in their declared order. */
    public static String[] get() {
        try {
            return JdbcState.class.getField("mode").getAnnotation(Param.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("JdbcState has no field 'mode'", e);
        }
    }

    /** @param args none */
    public static void main(String[] args) {
        System.out.println(String.join(",", get()));
    }
}
