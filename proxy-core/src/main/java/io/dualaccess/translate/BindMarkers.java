package io.dualaccess.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds JDBC bind markers ({@code ?}) in SQL text, outside string literals, quoted identifiers and
 * comments, and swaps them for named markers jOOQ's parser keeps apart from literals: {@code :da3}
 * is A's third parameter. After rendering, the named markers in B's SQL say which of A's
 * parameters each of B's markers takes, in B's order.
 */
final class BindMarkers {

    /** Prefix of a parameter kept as one bind. */
    static final String ONE = "da";
    /** Prefix of an array parameter whose elements become one bind each ({@code in (?, ?, …)}). */
    static final String LIST = "dal";

    private static final Pattern ANY = Pattern.compile("(?i)=\\s*any\\s*\\(\\s*:" + ONE + "(\\d+)\\s*\\)");
    private static final Pattern NAMED = Pattern.compile(":(" + LIST + "|" + ONE + ")(\\d+)(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);

    private BindMarkers() {
    }

    /** A's SQL with {@code ?} replaced by {@code :da1}, {@code :da2}, …; the count of markers is also returned. */
    static Named name(String sql, boolean backslashEscapes) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        int i = 0;
        int len = sql.length();
        while (i < len) {
            int skip = skipQuotedOrComment(sql, i, backslashEscapes);
            if (skip > i) {
                out.append(sql, i, skip);
                i = skip;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '?') {
                out.append(':').append(ONE).append(++n);
            } else {
                out.append(c);
            }
            i++;
        }
        return new Named(out.toString(), n);
    }

    /**
     * Turns {@code = any (:daN)} into {@code in (:dalN)}: for an engine without arrays, the array
     * bound there becomes one bind per element.
     */
    static String anyToInList(String named) {
        Matcher m = ANY.matcher(named);
        return m.find() ? m.replaceAll("in (:" + LIST + "$1)") : named;
    }

    /** B's rendered SQL cut at its named markers: the template and, per marker, A's parameter. */
    static SqlTemplate template(String rendered, boolean backslashEscapes) {
        List<String> texts = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Boolean> lists = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        int len = rendered.length();
        while (i < len) {
            int skip = skipQuotedOrComment(rendered, i, backslashEscapes);
            if (skip > i) {
                text.append(rendered, i, skip);
                i = skip;
                continue;
            }
            char c = rendered.charAt(i);
            if (c == '?') {
                // jOOQ made a bind of its own (not one of A's parameters): B would ask for a value A never gave.
                throw new IllegalStateException("the translation adds a bind value that A's statement does not have");
            }
            if (c == ':') {
                Matcher m = NAMED.matcher(rendered).region(i, len);
                if (m.lookingAt()) {
                    texts.add(text.toString());
                    text.setLength(0);
                    sources.add(Integer.parseInt(m.group(2)));
                    lists.add(LIST.equalsIgnoreCase(m.group(1)));
                    i = m.end();
                    continue;
                }
            }
            text.append(c);
            i++;
        }
        texts.add(text.toString());
        return new SqlTemplate(texts, sources, lists);
    }

    /**
     * If a string literal, quoted identifier or comment starts at {@code i}, the index after it;
     * else {@code i}.
     */
    static int skipQuotedOrComment(String s, int i, boolean backslashEscapes) {
        int len = s.length();
        char c = s.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < len) {
                char d = s.charAt(j);
                if (d == '\\' && backslashEscapes && c != '`') {
                    j += 2;
                    continue;
                }
                if (d == c) {
                    if (j + 1 < len && s.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return len;
        }
        if (c == '-' && i + 1 < len && s.charAt(i + 1) == '-') {
            int end = s.indexOf('\n', i);
            return end < 0 ? len : end + 1;
        }
        if (c == '/' && i + 1 < len && s.charAt(i + 1) == '*') {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? len : end + 2;
        }
        if (c == '$' && !backslashEscapes) {
            // PostgreSQL dollar quoting: $$…$$ or $tag$…$tag$.
            int j = i + 1;
            while (j < len && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < len && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
                String tag = s.substring(i, j + 1);
                int end = s.indexOf(tag, j + 1);
                return end < 0 ? len : end + tag.length();
            }
        }
        return i;
    }

    /** A's SQL with named markers, and how many there are. */
    record Named(String sql, int count) {
    }
}
