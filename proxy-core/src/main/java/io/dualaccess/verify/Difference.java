package io.dualaccess.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One row that differs between A and B, as verify confirmed it after re-reading it.
 *
 * @param table the table as named in the run
 * @param kind what differs
 * @param key the row's primary key (values as the driver of the side that has the row read them)
 * @param columns for {@link Kind#CHANGED}: the labels (A's) of the differing columns; else empty
 */
public record Difference(String table, Kind kind, List<Object> key, List<String> columns) {

    public Difference {
        key = Collections.unmodifiableList(new ArrayList<>(key));
        columns = List.copyOf(columns);
    }

    /** What differs; {@link #value()} is the spelling of reports and key files. */
    public enum Kind {
        /** A has the row, B lacks it. */
        MISSING,
        /** B has a row A lacks. */
        EXTRA,
        /** Both have the row, some columns differ under the normalisation rules. */
        CHANGED;

        /** Lower case, as reported. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind with this spelling. */
        public static Kind of(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
