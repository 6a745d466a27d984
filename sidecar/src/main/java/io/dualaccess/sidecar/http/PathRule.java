package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How a value at a configured path ({@code dualaccess.http.path-rules}) is compared instead of by value. */
enum PathRule {
    /** Any value on both sides (ids the candidate allocates itself). */
    PRESENT,
    /** The same JSON type on both sides. */
    TYPE,
    /** Both sides an ISO-8601 date or date-time (when something was generated). */
    TIMESTAMP;

    /** Whether the two values (both present) agree under this rule. */
    boolean agree(JsonNode a, JsonNode b) {
        return switch (this) {
            case PRESENT -> true;
            case TYPE -> a.getNodeType() == b.getNodeType();
            case TIMESTAMP -> isTimestamp(a) && isTimestamp(b);
        };
    }

    private static boolean isTimestamp(JsonNode n) {
        if (!n.isTextual()) {
            return false;
        }
        String s = n.asText();
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(s);
                return true;
            } catch (DateTimeParseException e2) {
                try {
                    LocalDate.parse(s);
                    return true;
                } catch (DateTimeParseException e3) {
                    return false;
                }
            }
        }
    }

    /**
     * A rule by its configured name.
     *
     * @throws IllegalArgumentException naming the allowed rules
     */
    static PathRule of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a rule present, type or timestamp; '" + name.trim() + "' is none of them");
        }
    }

    /** The rule's configured name. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
