package io.dualaccess.config;

import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a configuration value is read from text: what it becomes and what is allowed. A parse
 * failure is an {@link IllegalArgumentException} whose message says what was expected.
 */
public interface ConfigType {

    /** Converts the text (already trimmed, placeholders resolved) or throws saying what was expected. */
    Object parse(String text);

    /** What is allowed, as shown in error messages and in the configuration reference. */
    String allowed();

    /** Allowed values for "did you mean" suggestions, or an empty array when the type is open. */
    default String[] choices() {
        return new String[0];
    }

    /** Any text. */
    ConfigType TEXT = simple("any text", s -> s);

    /** A JDBC URL of a real database: not empty, starting with {@code jdbc:}, not our own prefix. */
    ConfigType JDBC_URL = simple("a JDBC URL such as jdbc:postgresql://host:5432/db", s -> {
        if (!s.startsWith("jdbc:")) {
            throw new IllegalArgumentException("expected a JDBC URL starting with jdbc:");
        }
        if (s.startsWith("jdbc:dualaccess:")) {
            throw new IllegalArgumentException("expected the URL of database B itself; a jdbc:dualaccess: URL would loop back into dualaccess");
        }
        return s;
    });

    /** true or false. */
    ConfigType BOOLEAN = new Choice<>("true, false", new String[] {"true", "false"}, Boolean::valueOf);

    ConfigType PHASE = enumType(Phase.values(), Phase::configValue, Phase::fromConfigValue);
    ConfigType READS = enumType(Reads.values(), Reads::configValue, Reads::fromConfigValue);
    ConfigType WRITES = enumType(Writes.values(), Writes::configValue, Writes::fromConfigValue);

    /** The longest duration any key takes. */
    Duration MAX_DURATION = Duration.ofDays(1);

    /**
     * A duration such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; a bare number is
     * milliseconds. At least 1ms and at most a day: a zero timeout or wait makes no sense (a
     * circuit breaker refuses it, and a zero timeout would fail every call).
     */
    ConfigType DURATION = simple("a duration from 1ms to 24h such as 500ms, 5s, 2m or 1h", s -> {
        Duration d = Durations.parse(s, "a duration from 1ms to 24h such as 500ms, 5s, 2m or 1h");
        if (d.isZero()) {
            throw new IllegalArgumentException("expected a duration from 1ms to 24h such as 500ms, 5s, 2m or 1h; 0 makes no sense here");
        }
        return d;
    });

    /** A duration as {@link #DURATION}, or {@code 0} / {@code off} for {@link java.time.Duration#ZERO} (disabled). */
    ConfigType DURATION_OR_OFF = simple("a duration up to 24h such as 500ms, 5s, 2m or 1h, or off", s -> {
        if (s.equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        return Durations.parse(s, "a duration up to 24h such as 500ms, 5s, 2m or 1h, or off");
    });

    /**
     * A file size such as {@code 512KB}, {@code 100MB} or {@code 2GB} (a bare number is bytes; KB,
     * MB and GB are 1024-based), from 1KB, or {@code 0} / {@code off} for no limit ({@code 0L}).
     */
    ConfigType SIZE_OR_OFF = simple("a size from 1KB such as 512KB, 100MB or 2GB, or off", s -> {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.equals("OFF") || t.equals("0")) {
            return 0L;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size from 1KB such as 512KB, 100MB or 2GB, or off");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long bytes = switch (unit) {
            case "KB" -> n << 10;
            case "MB" -> n << 20;
            case "GB" -> n << 30;
            default -> n;
        };
        if (bytes < 1024) {
            throw new IllegalArgumentException("expected a size from 1KB such as 512KB, 100MB or 2GB, or off; " + s + " is below 1KB");
        }
        return bytes;
    });

    /** Permissions for files dualaccess creates: three octal digits, the owner keeping read and write. */
    ConfigType FILE_MODE = simple("three octal digits such as 600 or 640 (the owner must read and write)", FileMode::parse);

    /** A comma-separated list of host names (lower case); empty means none. */
    ConfigType HOST_LIST = simple("a comma-separated list of host names (admin.example.com, 10.0.0.5)", s -> {
        Set<String> out = new LinkedHashSet<>();
        for (String part : s.split(",")) {
            String h = part.trim().toLowerCase(Locale.ROOT);
            if (h.isEmpty()) {
                continue;
            }
            if (!h.matches("[a-z0-9._\\-]+|\\[[0-9a-f:.]+\\]|[0-9a-f:.]+")) {
                throw new IllegalArgumentException("expected a comma-separated list of host names without ports or schemes; '"
                    + part.trim() + "' is not one");
            }
            out.add(h);
        }
        return Collections.unmodifiableSet(out);
    });

    /** Parsing of durations shared by the duration types. */
    final class Durations {
        private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

        private Durations() {
        }

        static Duration parse(String text, String allowed) {
            Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("expected " + allowed);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            Duration d = switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMillis(n);
            };
            if (d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("expected " + allowed + "; " + text + " is longer than 24h");
            }
            return d;
        }
    }

    /** A table name usable in SQL as written: letters, digits and underscores, optionally schema-qualified. */
    ConfigType SQL_NAME = simple("a table name of letters, digits and underscores (table or schema.table)", s -> {
        if (!s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("expected a table name of letters, digits and underscores (table or schema.table)");
        }
        return s;
    });

    /** An unquoted SQL identifier (a schema name). */
    ConfigType SQL_IDENTIFIER = simple("a schema name of letters, digits and underscores", s -> {
        if (!s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("expected a schema name of letters, digits and underscores");
        }
        return s;
    });

    /**
     * Comma-separated {@code table:value} pairs, tables compared case-insensitively, each value
     * parsed by {@code values}; empty means none. The result is an unmodifiable map in the given order.
     */
    static ConfigType tableMap(ConfigType values) {
        String allowed = "comma-separated table:value pairs (orders:shadow, audit_log:off), each value " + values.allowed();
        return simple(allowed, s -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String part : s.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int colon = p.lastIndexOf(':');
                String table = colon < 0 ? "" : p.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : p.substring(colon + 1).trim();
                if (table.isEmpty() || value.isEmpty()) {
                    throw new IllegalArgumentException("expected " + allowed + "; '" + p + "' is not table:value");
                }
                try {
                    out.put(table, values.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("table " + table + ": '" + value + "' " + e.getMessage().replaceFirst("^expected", "is not valid, expected"));
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** A comma-separated list of table names, compared case-insensitively; empty means none. */
    ConfigType TABLE_LIST = simple("a comma-separated list of table names (schema.table or table)", s -> {
        Set<String> out = new LinkedHashSet<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t.toLowerCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableSet(out);
    });

    /**
     * A comma-separated set of the given words (lower case, each at most once), or {@code none} for
     * the empty set. The result is an unmodifiable set in the given order.
     */
    static ConfigType wordSet(String... words) {
        String allowed = "a comma-separated list of " + String.join(", ", words) + ", or none";
        return simple(allowed, s -> {
            Set<String> out = new LinkedHashSet<>();
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("none")) {
                return Collections.unmodifiableSet(out);
            }
            for (String part : t.split(",", -1)) {
                String w = part.trim();
                if (!Arrays.asList(words).contains(w)) {
                    throw new IllegalArgumentException("expected " + allowed + "; '" + w + "' is not "
                        + (w.equals("none") ? "allowed with others" : "one of " + String.join(", ", words)));
                }
                out.add(w);
            }
            return Collections.unmodifiableSet(out);
        });
    }

    /** A number within [min, max]. */
    static ConfigType doubleRange(double min, double max) {
        return range("a number from " + min + " to " + max, Double::valueOf, min, max);
    }

    /** One of the given words (lower case). */
    static ConfigType words(String... words) {
        return new Choice<>(String.join(", ", words), words, w -> w);
    }

    /** An integer within [min, max]. */
    static ConfigType intRange(int min, int max) {
        return range("an integer from " + min + " to " + max, Integer::valueOf, min, max);
    }

    /** A number parsed by {@code parse} and checked against [min, max], with one message for both failures. */
    private static <N extends Comparable<N>> ConfigType range(String allowed, Function<String, N> parse, N min, N max) {
        return simple(allowed, s -> {
            N v;
            try {
                v = parse.apply(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected " + allowed);
            }
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new IllegalArgumentException("expected " + allowed);
            }
            return v;
        });
    }

    /** A type from a description and a converter that throws with its own message. */
    static ConfigType simple(String allowed, Function<String, Object> parse) {
        return new ConfigType() {
            @Override
            public Object parse(String text) {
                return parse.apply(text);
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    /** One of a fixed set of spellings (case-sensitive, as documented). */
    static <E> ConfigType enumType(E[] values, Function<E, String> spelling, Function<String, E> lookup) {
        String[] choices = Arrays.stream(values).map(spelling).toArray(String[]::new);
        return new Choice<>(String.join(", ", choices), choices, lookup);
    }

    /** A closed set of values. */
    final class Choice<E> implements ConfigType {
        private final String allowed;
        private final String[] choices;
        private final Function<String, E> lookup;

        Choice(String allowed, String[] choices, Function<String, E> lookup) {
            this.allowed = allowed;
            this.choices = choices;
            this.lookup = lookup;
        }

        @Override
        public Object parse(String text) {
            for (String c : choices) {
                if (c.equals(text.toLowerCase(Locale.ROOT))) {
                    return lookup.apply(c);
                }
            }
            throw new IllegalArgumentException("expected one of " + allowed);
        }

        @Override
        public String allowed() {
            return "one of " + allowed;
        }

        @Override
        public String[] choices() {
            return choices.clone();
        }

        @Override
        public String toString() {
            return Arrays.stream(choices).collect(Collectors.joining("|"));
        }
    }
}
