package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dualaccess.events.ValueRenderer;

import java.util.Locale;
import java.util.Set;

/**
 * How a differing value appears in a comparison event: as {@code dualaccess.log.values} says
 * (masked: type and length; full: the value; none: left out), and always masked for credentials
 * ({@code Authorization}, {@code Cookie}, {@code Set-Cookie} headers) and for the JSON paths of
 * {@code dualaccess.http.mask-paths} (and everything below them).
 */
final class EventValues {

    /** Shown for a value one side does not have. */
    static final String ABSENT = "(absent)";
    /** Longest text shown for one value (objects and arrays are shown as compact JSON). */
    static final int MAX_CHARS = 200;

    private static final Set<String> SECRET_HEADERS = Set.of("header.authorization", "header.proxy-authorization",
        "header.cookie", "header.set-cookie");

    private final ValueRenderer renderer;
    private final JsonPaths mask;

    EventValues(ValueRenderer renderer, JsonPaths mask) {
        this.renderer = renderer;
        this.mask = mask;
    }

    /** Whether values are left out of events entirely. */
    boolean none() {
        return renderer == ValueRenderer.NONE;
    }

    /** The value at {@code path} as the event shows it. */
    Object show(String path, JsonNode v) {
        if (v.isMissingNode()) {
            return ABSENT;
        }
        if (renderer != ValueRenderer.FULL || masked(path)) {
            return masked(v);
        }
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String s = v.isTextual() ? v.textValue() : v.toString();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }

    private boolean masked(String path) {
        if (SECRET_HEADERS.contains(path)) {
            return true;
        }
        if (mask.isEmpty() || !path.startsWith(JsonPaths.ROOT)) {
            return false;
        }
        // The path itself or any ancestor: masking $.customer hides $.customer.email too.
        for (int i = path.length(); i > 0; i--) {
            if (i == path.length() || path.charAt(i) == '.' || path.charAt(i) == '[') {
                if (mask.matches(path.substring(0, i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object masked(JsonNode v) {
        if (v.isTextual()) {
            return "string(" + v.textValue().length() + ")";
        }
        if (v.isArray()) {
            return "array(" + v.size() + ")";
        }
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
