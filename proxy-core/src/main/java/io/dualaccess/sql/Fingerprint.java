package io.dualaccess.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reduces SQL text to its shape: string and numeric literals become {@code ?}, runs of whitespace
 * and comments become one space, keywords and identifiers are lower-cased. Two executions of the
 * same statement with different literals share a fingerprint, so events can be grouped by it.
 * Also spots the functions whose result differs when a statement is replayed.
 */
public final class Fingerprint {

    /** Functions (and niladic keywords) whose value changes between executions or sides. */
    static final Set<String> NONDETERMINISTIC = Set.of(
        "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "sysdate",
        "systimestamp", "getdate", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
        "unix_timestamp", "utc_timestamp", "utc_date", "utc_time", "curdate", "curtime",
        "random", "rand", "uuid", "uuid_short", "gen_random_uuid", "uuid_generate_v4", "random_uuid", "newid",
        "nextval", "last_insert_id", "connection_id", "pg_backend_pid");

    private Fingerprint() {
    }

    /** The fingerprint and the nondeterministic functions found, in one pass. */
    static Result scan(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> nondet = new ArrayList<>(0);
        int i = 0;
        int n = sql.length();
        boolean pendingSpace = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                boolean partOfIdentifier = out.length() > 0 && isIdentifierChar(out.charAt(out.length() - 1));
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
                    i++;
                }
                if (partOfIdentifier) {
                    out.append(sql, start, i);
                } else {
                    out.append('?');
                }
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < n && isIdentifierChar(sql.charAt(i))) {
                    i++;
                }
                String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
                out.append(word);
                if (NONDETERMINISTIC.contains(word) && !nondet.contains(word) && !isQualifiedColumn(out, word)) {
                    nondet.add(word);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), List.copyOf(nondet));
    }

    private static boolean isQualifiedColumn(StringBuilder out, String word) {
        int before = out.length() - word.length() - 1;
        return before >= 0 && out.charAt(before) == '.';
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'' && i + 1 < n) {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The shape of a statement and what in it is nondeterministic. */
    record Result(String fingerprint, List<String> nondeterministic) {
    }
}
