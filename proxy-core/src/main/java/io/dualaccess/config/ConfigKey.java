package io.dualaccess.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key dualaccess knows. The names are public contract: they are documented in
 * {@code docs/configuration.md}, and a test checks that the page names each of them.
 */
public enum ConfigKey {
    B_URL("dualaccess.b.url", ConfigType.JDBC_URL, null, false,
        "JDBC URL of database B. Required in every phase that reads or writes B."),
    B_USER("dualaccess.b.user", ConfigType.TEXT, null, false,
        "User for database B (may also be given in the URL, as the driver allows)."),
    B_PASSWORD("dualaccess.b.password", ConfigType.TEXT, null, true,
        "Password for database B. Never logged; use ${ENV_NAME} to keep it out of files."),
    B_POOL_MAX_SIZE("dualaccess.b.pool.max-size", ConfigType.intRange(1, 1000), "10", false,
        "Maximum size of dualaccess's own HikariCP pool for database B."),
    PHASE("dualaccess.phase", ConfigType.PHASE, "off", false,
        "Migration phase: a preset of the reads and writes axes."),
    READS("dualaccess.reads", ConfigType.READS, null, false,
        "Overrides the reads axis of the phase."),
    WRITES("dualaccess.writes", ConfigType.WRITES, null, false,
        "Overrides the writes axis of the phase.");

    /** Every key starts with this. */
    public static final String PREFIX = "dualaccess.";
    /** Every environment variable that configures dualaccess starts with this. */
    public static final String ENV_PREFIX = "DUALACCESS_";

    private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();
    private static final Map<String, ConfigKey> BY_ENV = new HashMap<>();

    static {
        for (ConfigKey k : values()) {
            BY_NAME.put(k.key, k);
            BY_ENV.put(k.envName(), k);
        }
    }

    private final String key;
    private final ConfigType type;
    private final String defaultValue;
    private final boolean secret;
    private final String description;

    ConfigKey(String key, ConfigType type, String defaultValue, boolean secret, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    /** The key as written in properties files and system properties. */
    public String key() {
        return key;
    }

    /** How the value is parsed. */
    public ConfigType type() {
        return type;
    }

    /** The default as text, or null when the key has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the value must never appear in messages or logs. */
    public boolean secret() {
        return secret;
    }

    /** One sentence for the configuration reference. */
    public String description() {
        return description;
    }

    /** The environment variable for this key: {@code dualaccess.b.pool.max-size} is {@code DUALACCESS_B_POOL_MAX_SIZE}. */
    public String envName() {
        return toEnvName(key);
    }

    /** The key with this name, or null. */
    public static ConfigKey byName(String name) {
        return BY_NAME.get(name);
    }

    /** The key configured by this environment variable, or null. */
    public static ConfigKey byEnvName(String name) {
        return BY_ENV.get(name);
    }

    /** Maps a key name to its environment variable name. */
    public static String toEnvName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return key;
    }
}
