package io.dualaccess.sidecar.http;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code dualaccess.http.*} keys, read once and checked: a bad value fails the runtime's start
 * with a message naming the key, the value and what was expected.
 *
 * @param candidate base URL of the candidate (no trailing slash)
 * @param twin base URL of the primary twin, or null
 * @param routes the shadowed routes
 * @param methods shadowed methods, upper case
 * @param sampleRate share of matching requests shadowed
 * @param timeout longest a replay may take
 * @param queue captured requests waiting to be replayed
 * @param concurrency replays in flight at once
 * @param bodyCap bytes of a body kept for the comparison
 * @param compareHeaders response headers compared, lower case
 * @param forwardHeaders request headers replayed (lower case), or null for every one but hop-by-hop
 * @param rules how JSON bodies compare
 * @param mask JSON paths masked in events
 * @param noiseMin twin differences at a path before the candidate's there are noise
 */
record ShadowSettings(String candidate, String twin, Routes routes, Set<String> methods, double sampleRate, Duration timeout,
                      int queue, int concurrency, int bodyCap, List<String> compareHeaders, Set<String> forwardHeaders,
                      CompareRules rules, JsonPaths mask, int noiseMin) {

    /** Methods that change nothing by the HTTP specification: shadowed without further consent. */
    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /**
     * Reads the keys.
     *
     * @throws InvalidConfigurationException naming the key, the value and what was expected
     */
    static ShadowSettings of(DualAccessConfig config) throws InvalidConfigurationException {
        String candidate = baseUrl(config, ConfigKey.HTTP_CANDIDATE);
        String twin = baseUrl(config, ConfigKey.HTTP_PRIMARY_TWIN);
        Routes routes = parse(config, ConfigKey.HTTP_ROUTES, Routes::parse);
        if (routes.isEmpty()) {
            throw invalid(config, ConfigKey.HTTP_ROUTES, "route templates such as /orders/{id}/summary: "
                + ConfigKey.HTTP_CANDIDATE.key() + " is set, so some route must be shadowed");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String m : text(config, ConfigKey.HTTP_METHODS).split(",")) {
            String t = m.trim().toUpperCase(Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("[A-Z]+")) {
                throw invalid(config, ConfigKey.HTTP_METHODS, "comma-separated HTTP methods such as GET,HEAD");
            }
            methods.add(t);
        }
        boolean unsafe = config.flag(ConfigKey.HTTP_ALLOW_UNSAFE);
        for (String m : methods) {
            if (!SAFE.contains(m) && !unsafe) {
                throw invalid(config, ConfigKey.HTTP_METHODS, "only GET, HEAD and OPTIONS unless "
                    + ConfigKey.HTTP_ALLOW_UNSAFE.key() + "=true: " + m + " may change state, and the candidate would apply it a second time");
            }
        }
        Set<String> forward = null;
        String fw = text(config, ConfigKey.HTTP_FORWARD_HEADERS).trim();
        if (!fw.equals("*")) {
            forward = lowerList(fw);
        }
        JsonPaths ignore = parse(config, ConfigKey.HTTP_IGNORE_PATHS, JsonPaths::parse);
        JsonPaths unordered = parse(config, ConfigKey.HTTP_UNORDERED_PATHS, JsonPaths::parse);
        CompareRules rules = parse(config, ConfigKey.HTTP_PATH_RULES, s -> CompareRules.of(ignore, unordered, s));
        JsonPaths mask = parse(config, ConfigKey.HTTP_MASK_PATHS, JsonPaths::parse);
        return new ShadowSettings(candidate, twin, routes, Set.copyOf(methods), config.number(ConfigKey.HTTP_SAMPLE_RATE),
            config.duration(ConfigKey.HTTP_TIMEOUT), config.integer(ConfigKey.HTTP_QUEUE),
            config.integer(ConfigKey.HTTP_CONCURRENCY), config.integer(ConfigKey.HTTP_BODY_CAP),
            List.copyOf(lowerList(text(config, ConfigKey.HTTP_COMPARE_HEADERS))), forward == null ? null : Set.copyOf(forward),
            rules, mask, config.integer(ConfigKey.HTTP_NOISE_MIN));
    }

    private static Set<String> lowerList(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : text.split(",")) {
            if (!h.isBlank()) {
                out.add(h.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static String text(DualAccessConfig config, ConfigKey key) {
        String v = config.text(key);
        return v == null ? "" : v;
    }

    private static String baseUrl(DualAccessConfig config, ConfigKey key) throws InvalidConfigurationException {
        String v = config.text(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(v.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getQuery() != null || u.getFragment() != null) {
                throw new IllegalArgumentException("not a base URL");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(config, key, "an http:// or https:// base URL such as http://orders-v2:8080 (no query)");
        }
        String t = v.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(DualAccessConfig config, ConfigKey key, Parser<T> parser) throws InvalidConfigurationException {
        try {
            return parser.parse(text(config, key));
        } catch (IllegalArgumentException e) {
            throw invalid(config, key, e.getMessage().replaceFirst("^expected ", ""));
        }
    }

    private static InvalidConfigurationException invalid(DualAccessConfig config, ConfigKey key, String expected) {
        return new InvalidConfigurationException("dualaccess: invalid configuration: " + key.key() + " = '" + text(config, key)
            + "' (from " + config.origin(key) + "): expected " + expected);
    }
}
