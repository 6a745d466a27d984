package io.dualaccess.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sample shop's settings: {@code sample.*} keys, from (later wins) the defaults, system
 * properties, environment variables ({@code sample.b-difference} is {@code SAMPLE_B_DIFFERENCE}),
 * and the map given by the caller. {@code dualaccess.*} keys in the caller's map are handed to the
 * driver as connection properties; dualaccess reads its own system properties and environment.
 */
public final class SampleConfig {

    /** Every {@code sample.*} key with its default. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("sample.host", "127.0.0.1");
        d.put("sample.port", "8080");
        d.put("sample.a.url", "jdbc:h2:mem:shop_a;DB_CLOSE_DELAY=-1");
        d.put("sample.a.user", "sa");
        d.put("sample.a.password", "");
        d.put("sample.b.url", "jdbc:h2:mem:shop_b;DB_CLOSE_DELAY=-1");
        d.put("sample.b.user", "sa");
        d.put("sample.b.password", "");
        d.put("sample.proxy", "true");
        d.put("sample.b-difference", "none");
        d.put("sample.b-seed", "copy");
        d.put("sample.seed.customers", "40");
        d.put("sample.seed.orders", "300");
        d.put("sample.pool.size", "8");
        d.put("sample.request-header", "X-Request-Id");
        d.put("sample.http-shadow", "false");
        d.put("sample.candidate-port", "0");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values;
    private final Map<String, String> dualaccess;

    private SampleConfig(Map<String, String> values, Map<String, String> dualaccess) {
        this.values = values;
        this.dualaccess = dualaccess;
        // Fail at start with the key's name rather than at the first request.
        port();
        proxy();
        differences();
        bSeed();
        seedCustomers();
        seedOrders();
        poolSize();
    }

    /** Defaults, then system properties, environment, and {@code given}. */
    public static SampleConfig fromEnvironment(Map<String, String> given) {
        return resolve(System.getProperties(), System.getenv(), given);
    }

    /** Defaults and {@code given} only (tests: nothing leaks in from the process). */
    public static SampleConfig of(Map<String, String> given) {
        return resolve(new Properties(), Map.of(), given);
    }

    static SampleConfig resolve(Properties system, Map<String, String> env, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (String key : DEFAULTS.keySet()) {
            String s = system.getProperty(key);
            if (s != null) {
                values.put(key, s);
            }
            String e = env.get(envName(key));
            if (e != null) {
                values.put(key, e);
            }
        }
        Map<String, String> dualaccess = new TreeMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().startsWith("dualaccess.")) {
                dualaccess.put(e.getKey(), e.getValue());
            } else if (DEFAULTS.containsKey(e.getKey())) {
                values.put(e.getKey(), e.getValue());
            } else {
                throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'; expected one of "
                    + DEFAULTS.keySet() + " or a dualaccess.* key");
            }
        }
        return new SampleConfig(values, Collections.unmodifiableMap(dualaccess));
    }

    /** {@code sample.b-difference} is {@code SAMPLE_B_DIFFERENCE}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value of a {@code sample.*} key. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null && !values.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return v;
    }

    /** Interface Jetty binds ({@code sample.host}). */
    public String host() {
        return get("sample.host");
    }

    /** HTTP port ({@code sample.port}); 0 picks a free one. */
    public int port() {
        return integer("sample.port", 0, 65535);
    }

    /** A's plain JDBC URL ({@code sample.a.url}); the pool uses it behind {@code jdbc:dualaccess:}. */
    public String aUrl() {
        return get("sample.a.url");
    }

    /** A's user. */
    public String aUser() {
        return get("sample.a.user");
    }

    /** A's password. */
    public String aPassword() {
        return get("sample.a.password");
    }

    /** B's JDBC URL ({@code sample.b.url}), handed to dualaccess as {@code dualaccess.b.url}. */
    public String bUrl() {
        return get("sample.b.url");
    }

    /** B's user. */
    public String bUser() {
        return get("sample.b.user");
    }

    /** B's password. */
    public String bPassword() {
        return get("sample.b.password");
    }

    /** Whether the pool goes through {@code jdbc:dualaccess:} ({@code sample.proxy}); false connects to A directly. */
    public boolean proxy() {
        String v = get("sample.proxy").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("sample.proxy = '" + get("sample.proxy") + "': expected true or false");
        }
        return v.equals("true");
    }

    /** Differences planted in B ({@code sample.b-difference}). */
    public Set<Difference> differences() {
        return Difference.parseList("sample.b-difference", get("sample.b-difference"));
    }

    /**
     * What B holds at start ({@code sample.b-seed}): {@code copy} (A's seed, as a snapshot taken
     * when the migration began) or {@code empty} (schema only, for a backfill to fill).
     */
    public String bSeed() {
        String v = get("sample.b-seed").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("copy") && !v.equals("empty")) {
            throw new IllegalArgumentException("sample.b-seed = '" + get("sample.b-seed") + "': expected copy or empty");
        }
        return v;
    }

    /** Customers seeded. */
    public int seedCustomers() {
        return integer("sample.seed.customers", 1, 1_000_000);
    }

    /** Past orders seeded, spread over the last two weeks. */
    public int seedOrders() {
        return integer("sample.seed.orders", 0, 10_000_000);
    }

    /** The application's HikariCP pool size. */
    public int poolSize() {
        return integer("sample.pool.size", 1, 200);
    }

    /** Header the request id is taken from ({@code sample.request-header}). */
    public String requestHeader() {
        return get("sample.request-header");
    }

    /**
     * Whether {@code GET /orders/{id}/summary} is shadowed over HTTP ({@code sample.http-shadow}) to
     * its rewrite, served on {@link #candidatePort()}, with a primary twin on another port.
     */
    public boolean httpShadow() {
        String v = get("sample.http-shadow").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("sample.http-shadow = '" + get("sample.http-shadow") + "': expected true or false");
        }
        return v.equals("true");
    }

    /** Port of the rewritten order summary ({@code sample.candidate-port}); 0 picks a free one. */
    public int candidatePort() {
        return integer("sample.candidate-port", 0, 65535);
    }

    /** {@code dualaccess.*} settings given by the caller, passed to the driver as connection properties. */
    public Map<String, String> dualaccess() {
        return dualaccess;
    }

    private int integer(String key, int min, int max) {
        String raw = get(key);
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + raw + "': expected an integer from " + min + " to " + max);
        }
    }
}
