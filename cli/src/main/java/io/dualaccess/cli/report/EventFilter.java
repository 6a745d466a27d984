package io.dualaccess.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which events the report counts: a time window, and any of the given tables, outcomes, kinds and
 * request path prefixes (each filter that is set must match; within one, any value).
 */
final class EventFilter {

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d|w)");

    final Instant since;
    final Instant until;
    final List<String> tables;
    final List<String> outcomes;
    final List<String> kinds;
    final List<String> pathPrefixes;
    private final long sinceMillis;
    private final long untilMillis;

    EventFilter(Instant since, Instant until, List<String> tables, List<String> outcomes, List<String> kinds,
                List<String> pathPrefixes) {
        this.since = since;
        this.until = until;
        this.tables = lower(tables);
        this.outcomes = lower(outcomes);
        this.kinds = lower(kinds);
        this.pathPrefixes = pathPrefixes == null ? List.of() : List.copyOf(pathPrefixes);
        this.sinceMillis = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        this.untilMillis = until == null ? Long.MAX_VALUE : until.toEpochMilli();
    }

    static EventFilter none() {
        return new EventFilter(null, null, null, null, null, null);
    }

    private static List<String> lower(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(out);
    }

    boolean isEmpty() {
        return since == null && until == null && tables.isEmpty() && outcomes.isEmpty() && kinds.isEmpty()
            && pathPrefixes.isEmpty();
    }

    /** Whether the event is counted: {@code since} inclusive, {@code until} exclusive. */
    boolean test(LogEvent e) {
        if (e.epochMillis < sinceMillis || e.epochMillis >= untilMillis) {
            return false;
        }
        if (!outcomes.isEmpty() && !outcomes.contains(e.outcome.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!kinds.isEmpty() && (e.kind == null || !kinds.contains(e.kind.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (!tables.isEmpty() && !touchesTable(e)) {
            return false;
        }
        if (!pathPrefixes.isEmpty() && !pathMatches(e.requestPath)) {
            return false;
        }
        return true;
    }

    /** Whether the event is in the time window ({@code since} inclusive, {@code until} exclusive). */
    boolean inWindow(LogEvent e) {
        return e.epochMillis >= sinceMillis && e.epochMillis < untilMillis;
    }

    /** Whether a table of the event is one of the filter's (always true without a table filter). */
    boolean tableSelected(String table) {
        return tables.isEmpty() || tables.contains(table.toLowerCase(Locale.ROOT));
    }

    private boolean touchesTable(LogEvent e) {
        for (String t : e.tables) {
            if (tables.contains(t.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private boolean pathMatches(String path) {
        if (path == null) {
            return false;
        }
        for (String prefix : pathPrefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a time bound: an ISO-8601 instant ({@code 2026-11-25T16:00:00Z}), a date-time with an
     * offset, a local date-time or date (taken as UTC), or a duration back from {@code now}
     * ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, {@code 1w}, combined as {@code 1h30m}).
     *
     * @throws IllegalArgumentException naming the option, the value and what is expected
     */
    static Instant parseTime(String option, String value, Instant now) {
        String v = value.trim();
        Duration back = relative(v);
        if (back != null) {
            return now.minus(back);
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // fall through to the error
        }
        throw new IllegalArgumentException(option + " '" + value + "': expected an ISO-8601 time"
            + " (2026-11-25T16:00:00Z, 2026-11-25T17:00:00+01:00, 2026-11-25) or a time back from now"
            + " (90s, 30m, 2h, 7d, 1h30m)");
    }

    private static Duration relative(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(s);
        int at = 0;
        Duration total = Duration.ZERO;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            at = m.end();
        }
        return at == 0 ? null : total;
    }
}
