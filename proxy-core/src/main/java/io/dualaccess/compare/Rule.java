package io.dualaccess.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The normalisation rules, by their stable names. A name appears in mismatch reports and, after
 * {@code dualaccess.compare.}, as the configuration key of the rule; renaming one breaks both, so
 * names never change.
 */
public enum Rule {
    /** Numbers compare by value: {@code 1.0 = 1.00 = 1}, whatever the integer width or decimal scale. */
    NUMBERS("numbers"),
    /** Floating-point values agree when they round to the same significant digits (a relative tolerance). */
    FLOAT_TOLERANCE("float-tolerance"),
    /** Trailing spaces of a CHAR/NCHAR column's text are ignored (some engines pad CHAR, others strip it); other text keeps them. */
    CHAR_TRIM("char-trim"),
    /** Timestamps compare as UTC instants, truncated to a common precision. */
    TIMESTAMP_PRECISION("timestamp-precision"),
    /** {@code true}/{@code false} equal the numbers 1/0. */
    BOOLEANS("booleans"),
    /** Column labels compare case-insensitively. */
    LABELS_CASE("labels-case"),
    /** Large text and binary values (and every BLOB/CLOB above the threshold) compare by a SHA-256 of their content. */
    LOBS_HASH("lobs-hash"),
    /** JSON documents compare by value: key order and whitespace do not matter. */
    JSON("json"),
    /** Named columns are left out of the comparison. */
    IGNORE_COLUMNS("ignore-columns");

    private static final Rule[] ALL = values();

    private final String ruleName;

    Rule(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The stable name, as in reports ({@code float-tolerance}). */
    public String ruleName() {
        return ruleName;
    }

    /** The configuration key that sets this rule ({@code dualaccess.compare.float-tolerance}). */
    public String configKey() {
        return "dualaccess.compare." + ruleName;
    }

    /** The rule with this stable name. */
    public static Rule named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Rule r : ALL) {
            if (r.ruleName.equals(wanted)) {
                return r;
            }
        }
        List<String> known = new ArrayList<>();
        for (Rule r : ALL) {
            known.add(r.ruleName);
        }
        throw new IllegalArgumentException("no comparison rule named '" + name + "'; known: " + known);
    }

    /** This rule as one bit of a set (an int, so a column's rules cost no allocation per row). */
    int bit() {
        return 1 << ordinal();
    }

    /** The names of the rules in a bit set, in declaration order. */
    static List<String> names(int bits) {
        List<String> out = new ArrayList<>();
        for (Rule r : ALL) {
            if ((bits & r.bit()) != 0) {
                out.add(r.ruleName);
            }
        }
        return List.copyOf(out);
    }
}
