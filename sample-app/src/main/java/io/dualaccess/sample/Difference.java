package io.dualaccess.sample;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A difference planted in database B on purpose, so a migration run shows real mismatches
 * ({@code sample.b-difference}).
 */
public enum Difference {
    /**
     * B's {@code products.price} column was created with one decimal instead of two: 19.99 is
     * stored as 20.0, while 4.50 still compares equal. Product reads mismatch on column {@code price}.
     */
    PRICE_SCALE("price-scale"),
    /**
     * B's copy was taken before the newest product was added: it lacks that row. Product reads
     * mismatch on row count, and mirrored orders of that product fail or change no row on B.
     */
    MISSING_ROW("missing-row");

    private final String value;

    Difference(String value) {
        this.value = value;
    }

    /** The name used in {@code sample.b-difference}. */
    public String value() {
        return value;
    }

    /** Parses a comma-separated list; {@code none} or empty means no difference. */
    static Set<Difference> parseList(String key, String text) {
        Set<Difference> out = EnumSet.noneOf(Difference.class);
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) {
                continue;
            }
            Difference found = null;
            for (Difference d : values()) {
                if (d.value.equals(p)) {
                    found = d;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(key + " = '" + text + "': unknown difference '" + part.trim()
                    + "'; expected a comma-separated list of price-scale, missing-row, or none");
            }
            out.add(found);
        }
        return out;
    }
}
