package io.dualaccess.conformance;

/**
 * Java functions H2 calls through {@code CREATE ALIAS}: H2 has no stored procedures, and a
 * function's return value is its only OUT parameter ({@code {? = call f(?)}}).
 */
public final class H2Functions {

    private H2Functions() {
    }

    /** {@code a + b}. */
    public static int add(int a, int b) {
        return a + b;
    }

    /** Upper case, null for null. */
    public static String upper(String s) {
        return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
