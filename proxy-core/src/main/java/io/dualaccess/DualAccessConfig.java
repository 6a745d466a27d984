package io.dualaccess;

import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.config.ConfigEntry;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.ConfigParser;
import io.dualaccess.config.ConfigSource;
import io.dualaccess.config.FileMode;
import io.dualaccess.config.Masking;
import io.dualaccess.config.ParsedConfig;
import io.dualaccess.config.RawConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The effective, validated configuration of dualaccess. Immutable once built; {@link #toString()}
 * masks secrets. Build one with {@link #builder()} or let the driver discover it from
 * {@code dualaccess.properties}, system properties and the environment.
 */
public final class DualAccessConfig {

    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, ConfigEntry> origins;

    private DualAccessConfig(ParsedConfig parsed) {
        this.values = parsed.values();
        this.origins = parsed.origins();
    }

    /**
     * The configuration made of what the parser validated (the driver's discovery, the Spring
     * starter's environment, the command line tools' files).
     */
    public static DualAccessConfig from(ParsedConfig parsed) {
        return new DualAccessConfig(parsed);
    }

    /**
     * Discovers the configuration from this process's classpath ({@code dualaccess.properties}),
     * system properties, environment and the connection's properties, and validates it.
     *
     * @throws InvalidConfigurationException naming each bad key and value
     */
    public static DualAccessConfig discover(Properties connectionProperties) throws InvalidConfigurationException {
        return new DualAccessConfig(ConfigDiscovery.discover(connectionProperties));
    }

    /** A builder for programmatic users; values are validated exactly as from a properties file. */
    public static Builder builder() {
        return new Builder();
    }

    /** JDBC URL of database B, or null when not configured. */
    public String bUrl() {
        return text(ConfigKey.B_URL);
    }

    /** User for B, or null. */
    public String bUser() {
        return text(ConfigKey.B_USER);
    }

    /** Password for B, or null. Never log it. */
    public String bPassword() {
        return text(ConfigKey.B_PASSWORD);
    }

    /** Maximum size of B's pool. */
    public int bPoolMaxSize() {
        return integer(ConfigKey.B_POOL_MAX_SIZE);
    }

    /** The configured phase. */
    public Phase phase() {
        return typed(ConfigKey.PHASE, Phase.class, "a phase");
    }

    /** The effective reads axis: {@code dualaccess.reads} if set, else the phase's. */
    public Reads reads() {
        Reads r = typed(ConfigKey.READS, Reads.class, "a reads axis");
        return r != null ? r : phase().reads();
    }

    /** The effective writes axis: {@code dualaccess.writes} if set, else the phase's. */
    public Writes writes() {
        Writes w = typed(ConfigKey.WRITES, Writes.class, "a writes axis");
        return w != null ? w : phase().writes();
    }

    /** Whether the effective axes need database B. */
    public boolean usesB() {
        return reads().usesB() || writes().usesB();
    }

    /** Where a key's effective value came from: "system property dualaccess.phase", or "default". */
    public String origin(ConfigKey key) {
        ConfigEntry e = origins.get(key);
        return e == null ? "default" : e.origin();
    }

    /** The raw entry behind a key, or null when it has its default. */
    public ConfigEntry entry(ConfigKey key) {
        return origins.get(key);
    }

    /**
     * The effective value of any key (typed), or null.
     *
     * @deprecated use the typed getter for the key's kind ({@link #text}, {@link #integer},
     *     {@link #duration}, ...), which names the key when it is of another kind
     */
    @Deprecated
    public Object get(ConfigKey key) {
        return values.get(key);
    }

    /** A key's value as text for messages, secrets masked; null when unset. */
    public String shown(ConfigKey key) {
        Object v = values.get(key);
        return v == null ? null : Masking.value(key, String.valueOf(v));
    }

    /** Whether a key has a value (given, or by default). */
    public boolean has(ConfigKey key) {
        return values.get(key) != null;
    }

    /** A key whose value is text (a URL, a file, one of a set of words), or null when unset. */
    public String text(ConfigKey key) {
        return typed(key, String.class, "text");
    }

    /** A key whose value is an integer (it has a default, so it is always set). */
    public int integer(ConfigKey key) {
        return required(key, Integer.class, "an integer");
    }

    /** A key whose value is a number (a rate, a percentage). */
    public double number(ConfigKey key) {
        return required(key, Double.class, "a number");
    }

    /** A key whose value is true or false. */
    public boolean flag(ConfigKey key) {
        return required(key, Boolean.class, "true or false");
    }

    /** A key whose value is a duration ({@link Duration#ZERO} for off), or null when unset and without default. */
    public Duration duration(ConfigKey key) {
        return typed(key, Duration.class, "a duration");
    }

    /** A key whose value is a size in bytes (0 for off). */
    public long size(ConfigKey key) {
        return required(key, Long.class, "a size");
    }

    /** A key whose value is file permissions. */
    public FileMode fileMode(ConfigKey key) {
        return required(key, FileMode.class, "file permissions");
    }

    /** A key whose value is a list of names (tables, hosts; lower case), empty when none. */
    @SuppressWarnings("unchecked")
    public Set<String> names(ConfigKey key) {
        Set<String> names = typed(key, Set.class, "a list of names");
        return names == null ? Set.of() : names;
    }

    /** Per-table phase overrides ({@code dualaccess.tables.phase}), in the order given. */
    public Map<String, Phase> tablePhases() {
        return tableMap(ConfigKey.TABLES_PHASE, Phase.class);
    }

    /** Per-table reads-axis overrides ({@code dualaccess.tables.reads}), in the order given. */
    public Map<String, Reads> tableReads() {
        return tableMap(ConfigKey.TABLES_READS, Reads.class);
    }

    /** Per-table writes-axis overrides ({@code dualaccess.tables.writes}), in the order given. */
    public Map<String, Writes> tableWrites() {
        return tableMap(ConfigKey.TABLES_WRITES, Writes.class);
    }

    @SuppressWarnings("unchecked")
    private <V> Map<String, V> tableMap(ConfigKey key, Class<V> type) {
        Map<String, ?> map = typed(key, Map.class, "table:value pairs");
        if (map == null) {
            return Map.of();
        }
        for (Object v : map.values()) {
            if (!type.isInstance(v)) {
                throw new IllegalArgumentException(key.key() + " holds " + v + ", not a " + type.getSimpleName());
            }
        }
        return (Map<String, V>) map;
    }

    private <T> T required(ConfigKey key, Class<T> type, String kind) {
        T v = typed(key, type, kind);
        if (v == null) {
            throw new IllegalArgumentException(key.key() + " has no value and no default; it is not read as " + kind);
        }
        return v;
    }

    /** The one cast of a configuration value: a key read as another kind is a bug, named here. */
    private <T> T typed(ConfigKey key, Class<T> type, String kind) {
        Object v = values.get(key);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalArgumentException(key.key() + " is not " + kind + " (its value is a " + v.getClass().getSimpleName() + ")");
        }
        return type.cast(v);
    }

    /**
     * A string that is equal for equal configurations; used to share one runtime per distinct
     * configuration. It contains secrets: never print it.
     */
    public String identity() {
        StringBuilder b = new StringBuilder();
        for (ConfigKey k : ConfigKey.values()) {
            b.append(k.key()).append('=').append(values.get(k)).append('\n');
        }
        return b.toString();
    }

    /** Effective settings with secrets masked, one {@code key=value (origin)} per entry. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            Object v = values.get(k);
            if (v != null) {
                out.put(k.key(), Masking.value(k, String.valueOf(v)) + " (" + origin(k) + ")");
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DualAccessConfig other && identity().equals(other.identity());
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity());
    }

    @Override
    public String toString() {
        return "DualAccessConfig" + describe();
    }

    /** Collects settings for {@link DualAccessConfig#builder()}. */
    public static final class Builder {
        private final RawConfig raw = new RawConfig();

        private Builder() {
        }

        /** Sets any key by name, as in a properties file. */
        public Builder set(String key, String value) {
            raw.add(key, value, ConfigSource.BUILDER);
            return this;
        }

        /** Database B's URL, user and password. */
        public Builder b(String url, String user, String password) {
            set(ConfigKey.B_URL.key(), url);
            if (user != null) {
                set(ConfigKey.B_USER.key(), user);
            }
            if (password != null) {
                set(ConfigKey.B_PASSWORD.key(), password);
            }
            return this;
        }

        /** The migration phase. */
        public Builder phase(Phase phase) {
            return set(ConfigKey.PHASE.key(), phase.configValue());
        }

        /** Overrides the reads axis. */
        public Builder reads(Reads reads) {
            return set(ConfigKey.READS.key(), reads.configValue());
        }

        /** Overrides the writes axis. */
        public Builder writes(Writes writes) {
            return set(ConfigKey.WRITES.key(), writes.configValue());
        }

        /**
         * Validates and seals the configuration.
         *
         * @throws InvalidConfigurationException naming each bad key and value
         */
        public DualAccessConfig build() throws InvalidConfigurationException {
            return new DualAccessConfig(ConfigParser.parse(raw, System.getenv()));
        }
    }
}
