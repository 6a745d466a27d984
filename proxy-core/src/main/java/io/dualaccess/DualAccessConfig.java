package io.dualaccess;

import io.dualaccess.config.ConfigEntry;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.ConfigParser;
import io.dualaccess.config.ConfigSource;
import io.dualaccess.config.Masking;
import io.dualaccess.config.RawConfig;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The effective, validated configuration of dualaccess. Immutable once built; {@link #toString()}
 * masks secrets. Build one with {@link #builder()} or let the driver discover it from
 * {@code dualaccess.properties}, system properties and the environment.
 */
public final class DualAccessConfig {

    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, ConfigEntry> origins;

    private DualAccessConfig(Map<ConfigKey, Object> values, Map<ConfigKey, ConfigEntry> origins) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values.isEmpty() ? new EnumMap<>(ConfigKey.class) : values));
        this.origins = Collections.unmodifiableMap(origins.isEmpty() ? new EnumMap<>(ConfigKey.class) : new EnumMap<>(origins));
    }

    /** Used by the parser once every value has been validated. */
    public static DualAccessConfig sealed(Map<ConfigKey, Object> values, Map<ConfigKey, ConfigEntry> origins) {
        return new DualAccessConfig(values, origins);
    }

    /** A builder for programmatic users; values are validated exactly as from a properties file. */
    public static Builder builder() {
        return new Builder();
    }

    /** JDBC URL of database B, or null when not configured. */
    public String bUrl() {
        return (String) values.get(ConfigKey.B_URL);
    }

    /** User for B, or null. */
    public String bUser() {
        return (String) values.get(ConfigKey.B_USER);
    }

    /** Password for B, or null. Never log it. */
    public String bPassword() {
        return (String) values.get(ConfigKey.B_PASSWORD);
    }

    /** Maximum size of B's pool. */
    public int bPoolMaxSize() {
        return (Integer) values.get(ConfigKey.B_POOL_MAX_SIZE);
    }

    /** The configured phase. */
    public Phase phase() {
        return (Phase) values.get(ConfigKey.PHASE);
    }

    /** The effective reads axis: {@code dualaccess.reads} if set, else the phase's. */
    public Reads reads() {
        Reads r = (Reads) values.get(ConfigKey.READS);
        return r != null ? r : phase().reads();
    }

    /** The effective writes axis: {@code dualaccess.writes} if set, else the phase's. */
    public Writes writes() {
        Writes w = (Writes) values.get(ConfigKey.WRITES);
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

    /** The effective value of any key (typed), or null. */
    public Object get(ConfigKey key) {
        return values.get(key);
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
            return ConfigParser.parse(raw, System.getenv());
        }
    }
}
