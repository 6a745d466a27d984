package io.dualaccess.config;

import java.util.Map;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} in configuration values from the
 * environment, so secrets can stay out of properties files.
 */
final class Placeholders {

    private Placeholders() {
    }

    /**
     * @return the resolved text
     * @throws IllegalArgumentException naming the variable that is not set, or the malformed placeholder
     */
    static String resolve(String text, Map<String, String> env) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("has an unclosed placeholder '" + text.substring(start) + "'; expected ${ENV_NAME}");
            }
            out.append(text, pos, start);
            String expr = text.substring(start + 2, end);
            String name = expr;
            String fallback = null;
            int sep = expr.indexOf(":-");
            if (sep >= 0) {
                name = expr.substring(0, sep);
                fallback = expr.substring(sep + 2);
            }
            String value = env.get(name);
            if (value == null) {
                if (fallback == null) {
                    throw new IllegalArgumentException("uses ${" + name + "} but environment variable " + name + " is not set");
                }
                value = fallback;
            }
            out.append(value);
            pos = end + 1;
            start = text.indexOf("${", pos);
        }
        out.append(text, pos, text.length());
        return out.toString();
    }
}
