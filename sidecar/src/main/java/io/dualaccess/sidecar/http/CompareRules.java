package io.dualaccess.sidecar.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How JSON bodies are compared beyond "equal by value": paths left out
 * ({@code dualaccess.http.ignore-paths}), arrays compared as multisets
 * ({@code dualaccess.http.unordered-paths}) and per-path rules ({@code dualaccess.http.path-rules}).
 */
record CompareRules(JsonPaths ignore, JsonPaths unordered, List<Pattern> rulePaths, List<PathRule> rules) {

    /** Plain comparison by value. */
    static final CompareRules NONE = new CompareRules(JsonPaths.NONE, JsonPaths.NONE, List.of(), List.of());

    /**
     * Parses {@code path:rule} pairs.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static CompareRules of(JsonPaths ignore, JsonPaths unordered, String pathRules) {
        List<Pattern> paths = new ArrayList<>();
        List<PathRule> rules = new ArrayList<>();
        for (String part : pathRules.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected path:rule pairs such as $.createdAt:timestamp; '" + p + "' has no rule");
            }
            paths.add(JsonPaths.compile(p.substring(0, colon).trim()));
            rules.add(PathRule.of(p.substring(colon + 1)));
        }
        return new CompareRules(ignore, unordered, List.copyOf(paths), List.copyOf(rules));
    }

    /** The rule for a concrete path, or null: values there compare by value. */
    PathRule ruleAt(String path) {
        for (int i = 0; i < rulePaths.size(); i++) {
            if (rulePaths.get(i).matcher(path).matches()) {
                return rules.get(i);
            }
        }
        return null;
    }
}
