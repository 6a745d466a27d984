package io.dualaccess.repair;

import io.dualaccess.keyset.TableColumn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.Temporal;
import java.util.Locale;

/** Why a value B holds after repair still differs from A's, as far as the two values and B's column type tell. */
final class Unrepairable {

    private Unrepairable() {
    }

    /**
     * @param a A's value
     * @param b B's value, read again after repair wrote A's
     * @param bColumn B's column
     */
    static String reason(Object a, Object b, TableColumn bColumn) {
        String type = bColumn.typeName() == null ? "its type" : bColumn.typeName().toLowerCase(Locale.ROOT);
        if (a == null || b == null) {
            return "B's column " + (b == null ? "holds NULL where A has a value" : "holds a value where A has NULL")
                + " (a default or a trigger on B?)";
        }
        BigDecimal na = decimal(a);
        BigDecimal nb = decimal(b);
        if (na != null && nb != null) {
            if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
                return "B's column (" + type + ") does not hold the value exactly (floating point)";
            }
            int scale = Math.max(0, nb.stripTrailingZeros().scale());
            if (na.stripTrailingZeros().scale() > scale
                && (na.setScale(scale, RoundingMode.HALF_UP).compareTo(nb) == 0 || na.setScale(scale, RoundingMode.HALF_EVEN).compareTo(nb) == 0
                    || na.setScale(scale, RoundingMode.DOWN).compareTo(nb) == 0)) {
                return "B's column (" + type + ") rounds the value to " + scale + " decimal place(s)";
            }
            return "B's column (" + type + ") holds another number (out of its range, or changed by a trigger)";
        }
        if (a instanceof String sa && b instanceof String sb) {
            if (sa.startsWith(sb) && sb.length() < sa.length()) {
                return "B's column (" + type + ") truncates the text to " + sb.length() + " character(s)";
            }
            if (sa.stripTrailing().equals(sb.stripTrailing())) {
                return "B's column (" + type + ") keeps trailing spaces differently";
            }
            if (sa.equalsIgnoreCase(sb)) {
                return "B's column (" + type + ") changes the case of the text";
            }
            return "B's column (" + type + ") stores the text differently (character set or collation?)";
        }
        if (a instanceof Temporal && b instanceof Temporal) {
            return "B's column (" + type + ") keeps the time at another precision or zone";
        }
        return "B's column (" + type + ") stores the value differently";
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
