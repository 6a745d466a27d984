package io.dualaccess.sidecar.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of JSON path patterns such as {@code $.generatedAt}, {@code $.items[*].id},
 * {@code $.lines[0]}, {@code $.*.etag}: a field is {@code .name} (or {@code .*} for any), an array
 * element {@code [n]} (or {@code [*]} for any). Concrete paths are written the same way
 * ({@link #field}, {@link #element}); names that are not plain are quoted ({@code $['a.b']}).
 */
final class JsonPaths {

    /** The root of every path. */
    static final String ROOT = "$";
    /** No path at all. */
    static final JsonPaths NONE = new JsonPaths(List.of(), List.of());

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_$-]+");

    private final List<String> written;
    private final List<Pattern> patterns;

    private JsonPaths(List<String> written, List<Pattern> patterns) {
        this.written = written;
        this.patterns = patterns;
    }

    /**
     * Parses comma-separated path patterns.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static JsonPaths parse(String text) {
        List<String> written = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                written.add(p);
                patterns.add(compile(p));
            }
        }
        return written.isEmpty() ? NONE : new JsonPaths(List.copyOf(written), List.copyOf(patterns));
    }

    /**
     * One pattern as a regular expression over concrete paths.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Pattern compile(String path) {
        if (!path.startsWith(ROOT)) {
            throw new IllegalArgumentException(expected(path, "does not start with $"));
        }
        StringBuilder re = new StringBuilder("\\$");
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException(expected(path, "has an empty field name"));
                }
                re.append(name.equals("*") ? "(\\.[^.\\[]+|\\['[^']*'\\])" : quoteField(name));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException(expected(path, "has an unclosed ["));
                }
                String inside = path.substring(i + 1, end);
                if (inside.equals("*")) {
                    re.append("\\[\\d+\\]");
                } else if (inside.matches("\\d+")) {
                    re.append("\\[").append(Integer.parseInt(inside)).append("\\]");
                } else if (inside.length() >= 2 && inside.startsWith("'") && inside.endsWith("'")) {
                    re.append(quoteField(inside.substring(1, inside.length() - 1)));
                } else {
                    throw new IllegalArgumentException(expected(path, "has [" + inside + "], not [n], [*] or ['name']"));
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException(expected(path, "has '" + c + "' where . or [ belongs"));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static String quoteField(String name) {
        return PLAIN.matcher(name).matches()
            ? "(\\." + Pattern.quote(name) + "|\\['" + Pattern.quote(name) + "'\\])"
            : "\\['" + Pattern.quote(name) + "'\\]";
    }

    private static String expected(String path, String problem) {
        return "expected JSON paths such as $.generatedAt or $.items[*].id; '" + path + "' " + problem;
    }

    /** Whether the concrete path matches one of the patterns. */
    boolean matches(String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether there is no pattern. */
    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The patterns as written. */
    List<String> written() {
        return written;
    }

    /** The concrete path of a field below {@code parent}. */
    static String field(String parent, String name) {
        return PLAIN.matcher(name).matches() ? parent + '.' + name : parent + "['" + name.replace("'", "\\'") + "']";
    }

    /** The concrete path of an array element below {@code parent}. */
    static String element(String parent, int index) {
        return parent + '[' + index + ']';
    }

    /** The path with every array index made {@code [*]}: noise learned on one element holds for all. */
    static String general(String path) {
        return path.replaceAll("\\[\\d+\\]", "[*]");
    }
}
