package io.dualaccess.sidecar.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The route templates of {@code dualaccess.http.routes}: {@code /orders/{id}/summary} (a
 * {@code {name}} or {@code *} is one path segment), {@code /reports/**} (a trailing {@code **} is
 * the rest of the path). A request is named by the first template it matches; the template, not
 * the path, names the route in events, metrics and learned noise, so their number stays bounded.
 */
final class Routes {

    private final List<String> templates;
    private final List<Pattern> patterns;

    private Routes(List<String> templates, List<Pattern> patterns) {
        this.templates = templates;
        this.patterns = patterns;
    }

    /**
     * Parses comma-separated templates.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Routes parse(String text) {
        List<String> templates = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("/")) {
                throw new IllegalArgumentException("expected route templates starting with / (such as /orders/{id}/summary); '" + t + "' does not");
            }
            templates.add(t);
            patterns.add(compile(t));
        }
        return new Routes(List.copyOf(templates), List.copyOf(patterns));
    }

    private static Pattern compile(String template) {
        StringBuilder re = new StringBuilder("^");
        String[] segments = template.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("**") && i == segments.length - 1) {
                re.append("(/.*)?");
                break;
            }
            re.append('/');
            if (s.equals("*") || (s.startsWith("{") && s.endsWith("}") && s.length() > 2)) {
                re.append("[^/]+");
            } else if (s.contains("*") || s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("expected route templates whose segments are literal, {name}, * or a final **; '"
                    + template + "' has segment '" + s + "'");
            } else {
                re.append(Pattern.quote(s));
            }
        }
        return Pattern.compile(re.append("/?$").toString());
    }

    /** The first template matching the path, or null. */
    String match(String path) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(path).matches()) {
                return templates.get(i);
            }
        }
        return null;
    }

    /** Whether no route is configured. */
    boolean isEmpty() {
        return templates.isEmpty();
    }

    /** The templates, in order. */
    List<String> templates() {
        return templates;
    }
}
