package io.dualaccess.config;

import io.dualaccess.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns gathered settings into validated, typed values ({@link ParsedConfig}), or fails with one message that
 * lists every problem: where the value came from, the key, the value and what is allowed.
 */
public final class ConfigParser {

    private ConfigParser() {
    }

    /**
     * @param raw settings in order of precedence, lowest first
     * @param env environment used to resolve {@code ${NAME}} placeholders
     * @throws InvalidConfigurationException listing every problem
     */
    public static ParsedConfig parse(RawConfig raw, Map<String, String> env) throws InvalidConfigurationException {
        List<String> problems = new ArrayList<>(raw.problems());
        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, ConfigEntry> origins = new EnumMap<>(ConfigKey.class);
        for (ConfigEntry e : raw.entries()) {
            if (e.key() == null) {
                problems.add(unknown(e));
                continue;
            }
            String text;
            try {
                text = Placeholders.resolve(e.value() == null ? "" : e.value(), env).trim();
            } catch (IllegalArgumentException ex) {
                problems.add(describe(e) + ": " + ex.getMessage());
                continue;
            }
            if (text.isEmpty() && e.key().defaultValue() == null) {
                // An empty value unsets a key that has no default (for example to drop B's user).
                values.remove(e.key());
                origins.put(e.key(), e);
                continue;
            }
            try {
                values.put(e.key(), e.key().type().parse(text.isEmpty() ? e.key().defaultValue() : text));
                origins.put(e.key(), e);
            } catch (IllegalArgumentException ex) {
                problems.add(describe(e) + ": " + ex.getMessage() + suggestValue(e.key(), text));
            }
        }
        for (ConfigKey k : ConfigKey.values()) {
            if (!values.containsKey(k) && k.defaultValue() != null && !origins.containsKey(k)) {
                values.put(k, k.type().parse(k.defaultValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(message(problems));
        }
        return new ParsedConfig(values, origins);
    }

    /** The one message for a list of problems. */
    public static String message(List<String> problems) {
        if (problems.size() == 1) {
            return "dualaccess: invalid configuration: " + problems.get(0);
        }
        return "dualaccess: invalid configuration (" + problems.size() + " problems):"
            + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }

    /** "dualaccess.phase = 'shadoww' (system property dualaccess.phase)" with secrets masked. */
    public static String describe(ConfigEntry e) {
        String shown = Masking.value(e.key(), e.value());
        return e.name() + " = '" + shown + "' (from " + e.origin() + ")";
    }

    private static String unknown(ConfigEntry e) {
        String suggestion;
        if (e.source() == ConfigSource.ENVIRONMENT) {
            suggestion = Suggestions.closest(e.name(), Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).toList());
        } else {
            String name = e.name().startsWith(ConfigKey.PREFIX) ? e.name() : ConfigKey.PREFIX + e.name();
            suggestion = Suggestions.closest(name, Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
        }
        // The value of an unknown key is not shown: it may be a misspelt password.
        return "unknown key " + e.name() + " (from " + e.origin() + ")"
            + (suggestion != null ? "; did you mean " + suggestion + "?" : "; see docs/configuration.md for the keys");
    }

    private static String suggestValue(ConfigKey key, String text) {
        String[] choices = key.type().choices();
        if (choices.length == 0) {
            return "";
        }
        String s = Suggestions.closest(text, List.of(choices));
        return s != null ? "; did you mean '" + s + "'?" : "";
    }
}
