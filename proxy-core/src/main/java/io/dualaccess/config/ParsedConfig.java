package io.dualaccess.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the parser found valid: each key's typed value and the entry it came from. A neutral value
 * that only {@link ConfigParser} makes, so the public configuration can build itself from it
 * without taking unvalidated values from anyone else.
 */
public final class ParsedConfig {

    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, ConfigEntry> origins;

    ParsedConfig(Map<ConfigKey, Object> values, Map<ConfigKey, ConfigEntry> origins) {
        this.values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(ConfigKey.class) : new EnumMap<>(values));
        this.origins = Collections.unmodifiableMap(origins.isEmpty() ? new EnumMap<>(ConfigKey.class) : new EnumMap<>(origins));
    }

    /** Each set or defaulted key's typed value (a key without a value is absent). */
    public Map<ConfigKey, Object> values() {
        return values;
    }

    /** The entry behind each key that was given (absent: the key has its default). */
    public Map<ConfigKey, ConfigEntry> origins() {
        return origins;
    }
}
