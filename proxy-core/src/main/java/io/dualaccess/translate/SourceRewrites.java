package io.dualaccess.translate;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few rewrites of the source text that jOOQ's open-source parser cannot do itself, made before
 * it parses: each turns a vendor form into one jOOQ parses and renders for every engine. Kept small
 * on purpose; everything else is jOOQ's.
 * <ul>
 *   <li>MySQL's {@code INSERT IGNORE INTO …} as {@code INSERT INTO … ON CONFLICT DO NOTHING}.</li>
 *   <li>MySQL's {@code REPLACE INTO t (c, …) VALUES …} as {@code INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c), …}
 *       (jOOQ has no REPLACE; with the target's keys from the {@link Catalog} it renders the upsert).</li>
 *   <li>MySQL's {@code DATE_FORMAT(d, '%Y-%m')} as {@code TO_CHAR(d, 'YYYY-MM')} (jOOQ does not know
 *       DATE_FORMAT, and does not translate format strings).</li>
 *   <li>{@code LIKE … ESCAPE ''} (no escape character; Hibernate writes it for a JPQL {@code like} without
 *       {@code escape}), which jOOQ cannot parse: a control character stands in for the empty escape
 *       while jOOQ parses and renders, and is put back after.</li>
 *   <li>PostgreSQL's {@code string_agg(x, sep ORDER BY y)}, which jOOQ parses as the standard
 *       {@code LISTAGG … WITHIN GROUP}.</li>
 * </ul>
 */
final class SourceRewrites {

    private static final Pattern STRING_AGG_ORDER = Pattern.compile(
        "(?i)\\bstring_agg\\s*\\(([^()']+?),\\s*('(?:[^']|'')*')\\s+order\\s+by\\s+([^()']+?)\\)");
    private static final Pattern INSERT_IGNORE = Pattern.compile("(?is)^\\s*insert\\s+ignore\\s+into\\s");
    private static final Pattern REPLACE = Pattern.compile(
        "(?is)^\\s*replace\\s+(?:low_priority\\s+|delayed\\s+)?(?:into\\s+)?([^\\s(]+)\\s*\\(([^()]*)\\)\\s*(values?\\s*\\(.*)$");
    private static final Pattern DATE_FORMAT = Pattern.compile("(?i)\\bdate_format\\s*\\(");

    /** MySQL's DATE_FORMAT specifiers in PostgreSQL's TO_CHAR template (FM: without padding, as MySQL). */
    private static final Map<Character, String> FORMAT = Map.ofEntries(
        Map.entry('Y', "YYYY"), Map.entry('y', "YY"), Map.entry('m', "MM"), Map.entry('c', "FMMM"),
        Map.entry('d', "DD"), Map.entry('e', "FMDD"), Map.entry('H', "HH24"), Map.entry('k', "FMHH24"),
        Map.entry('h', "HH12"), Map.entry('I', "HH12"), Map.entry('l', "FMHH12"), Map.entry('i', "MI"),
        Map.entry('s', "SS"), Map.entry('S', "SS"), Map.entry('f', "US"), Map.entry('p', "AM"),
        Map.entry('M', "FMMonth"), Map.entry('b', "Mon"), Map.entry('W', "FMDay"), Map.entry('a', "Dy"),
        Map.entry('j', "DDD"), Map.entry('T', "HH24:MI:SS"), Map.entry('r', "HH12:MI:SS AM"));

    private static final Pattern EMPTY_ESCAPE = Pattern.compile("(?i)\\bescape\\s*''(?!')");
    /** Stands in for the empty escape while jOOQ works: never in real SQL. */
    private static final String NO_ESCAPE = "\u0001";
    private static final String NO_ESCAPE_RENDERED = "escape '" + NO_ESCAPE + "'";

    private SourceRewrites() {
    }

    /** {@code ESCAPE ''} with a stand-in jOOQ parses ({@link #restoreEmptyEscape} puts it back). */
    static String emptyEscape(String sql) {
        return sql.indexOf("''") < 0 ? sql : EMPTY_ESCAPE.matcher(sql).replaceAll(Matcher.quoteReplacement(NO_ESCAPE_RENDERED));
    }

    /** The rendered SQL with the empty escape back in place of its stand-in. */
    static String restoreEmptyEscape(String rendered) {
        return rendered.indexOf(NO_ESCAPE) < 0 ? rendered : rendered.replace(NO_ESCAPE_RENDERED, "escape ''");
    }

    /** MariaDB's or MySQL's text for jOOQ's parser, when the target is {@code to}. */
    static String fromMysql(String sql, DialectName to) {
        String text = insertIgnore(sql);
        if (!to.mysqlLike()) {
            text = replaceInto(text);
            text = dateFormat(text);
        }
        return text;
    }

    /** PostgreSQL's text for jOOQ's parser. */
    static String fromPostgres(String sql) {
        Matcher agg = STRING_AGG_ORDER.matcher(sql);
        return agg.find() ? agg.replaceAll("listagg($1, $2) within group (order by $3)") : sql;
    }

    /** Whether the text is a REPLACE (its update count is an upsert's: 2 for a replaced row on MySQL). */
    static boolean replace(String sql) {
        return REPLACE.matcher(sql).find();
    }

    private static String insertIgnore(String sql) {
        Matcher m = INSERT_IGNORE.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        return "insert into " + withoutSemicolon(sql.substring(m.end())) + " on conflict do nothing";
    }

    /**
     * REPLACE as an upsert of every listed column. Not the same in one way: on a conflict MySQL
     * deletes the old row, so columns the statement does not list get their defaults, where the
     * upsert keeps them (docs/cross-engine.md, Limits).
     */
    static String replaceInto(String sql) {
        Matcher m = REPLACE.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder("insert into ").append(m.group(1)).append(" (").append(m.group(2)).append(") ")
            .append(withoutSemicolon(m.group(3))).append(" on duplicate key update ");
        List<String> columns = List.of(m.group(2).split(","));
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i).strip();
            out.append(i == 0 ? "" : ", ").append(c).append(" = values(").append(c).append(')');
        }
        return out.toString();
    }

    /** Every {@code DATE_FORMAT(expr, 'literal')} as {@code TO_CHAR(expr, 'template')}; any other form is left to fail. */
    static String dateFormat(String sql) {
        Matcher m = DATE_FORMAT.matcher(sql);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            if (inLiteral(sql, m.start())) {
                out.append(sql, from, m.end());
                from = m.end();
                continue;
            }
            int close = closing(sql, m.end());
            int comma = lastTopLevelComma(sql, m.end(), close);
            if (close < 0 || comma < 0) {
                return sql;
            }
            String format = sql.substring(comma + 1, close).strip();
            if (format.length() < 2 || format.charAt(0) != '\'' || format.charAt(format.length() - 1) != '\'') {
                return sql;
            }
            String template = template(format.substring(1, format.length() - 1));
            out.append(sql, from, m.start()).append("to_char(").append(dateFormat(sql.substring(m.end(), comma)))
                .append(", '").append(template).append("')");
            from = close + 1;
        }
        return out.append(sql.substring(from)).toString();
    }

    /** A DATE_FORMAT format as a TO_CHAR template; letters outside specifiers are quoted, as TO_CHAR needs. */
    static String template(String format) {
        if (format.indexOf('\\') >= 0 || format.indexOf('\'') >= 0 || format.indexOf('"') >= 0) {
            throw new IllegalArgumentException("date_format with quotes or escapes in its format is not translated: " + format);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch == '%' && i + 1 < format.length()) {
                char spec = format.charAt(++i);
                if (spec == '%') {
                    text.append('%');
                    continue;
                }
                String t = FORMAT.get(spec);
                if (t == null) {
                    throw new IllegalArgumentException("date_format specifier %" + spec + " has no to_char equivalent here");
                }
                flush(out, text);
                out.append(t);
            } else {
                text.append(ch);
            }
        }
        flush(out, text);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder text) {
        if (text.isEmpty()) {
            return;
        }
        boolean letters = text.chars().anyMatch(Character::isLetter);
        out.append(letters ? "\"" + text + "\"" : text);
        text.setLength(0);
    }

    /** Whether position {@code at} lies inside a quoted literal or identifier. */
    private static boolean inLiteral(String sql, int at) {
        char quote = 0;
        for (int i = 0; i < at; i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '\'') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            }
        }
        return quote != 0;
    }

    /** The index of the parenthesis closing the one just before {@code start}, or -1. */
    private static int closing(String sql, int start) {
        int depth = 1;
        char quote = 0;
        for (int i = start; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '\'') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lastTopLevelComma(String sql, int start, int end) {
        if (end < 0) {
            return -1;
        }
        int depth = 0;
        int last = -1;
        char quote = 0;
        for (int i = start; i < end; i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '\'') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                last = i;
            }
        }
        return last;
    }

    private static String withoutSemicolon(String s) {
        String rest = s.strip();
        return rest.endsWith(";") ? rest.substring(0, rest.length() - 1) : rest;
    }
}
