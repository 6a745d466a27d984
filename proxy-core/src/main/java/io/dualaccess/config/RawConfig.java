package io.dualaccess.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Settings gathered from all sources in order of precedence (later entries override earlier ones),
 * plus the problems met while gathering them (an unreadable file). Validation happens in
 * {@link ConfigParser}, so every problem is reported together.
 */
public final class RawConfig {

    private final List<ConfigEntry> entries = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Adds one setting; {@code name} is a key such as {@code dualaccess.phase}. */
    public RawConfig add(String name, String value, ConfigSource source) {
        entries.add(new ConfigEntry(name, ConfigKey.byName(name), value, source));
        return this;
    }

    /** Adds every entry of a properties file or map, each checked against the known keys. */
    public RawConfig addAll(Properties props, ConfigSource source) {
        for (String name : props.stringPropertyNames()) {
            add(name, props.getProperty(name), source);
        }
        return this;
    }

    /** Adds the {@code dualaccess.*} entries of a properties object, ignoring the others (they belong to A's driver). */
    public RawConfig addPrefixed(Properties props, ConfigSource source, String... skip) {
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(ConfigKey.PREFIX) && !List.of(skip).contains(name)) {
                add(name, props.getProperty(name), source);
            }
        }
        return this;
    }

    /** Adds the {@code DUALACCESS_*} environment variables, mapping each to its key. */
    public RawConfig addEnvironment(Map<String, String> env, String... skip) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(ConfigKey.ENV_PREFIX) && !List.of(skip).contains(name)) {
                entries.add(new ConfigEntry(name, ConfigKey.byEnvName(name), e.getValue(), ConfigSource.ENVIRONMENT));
            }
        }
        return this;
    }

    /** Records a problem found while gathering (for example an unreadable file). */
    public RawConfig problem(String message) {
        problems.add(message);
        return this;
    }

    /** All entries in order of precedence, lowest first. */
    public List<ConfigEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Problems met while gathering. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }
}
