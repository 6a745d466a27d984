package io.dualaccess.spring;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.ConfigParser;
import io.dualaccess.config.ConfigSource;
import io.dualaccess.config.RawConfig;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code dualaccess.*} from Spring's {@link Environment} (application.properties and .yml,
 * profiles, system properties, {@code DUALACCESS_*} variables, any property source) into the
 * product's own {@link DualAccessConfig}: the keys are {@link ConfigKey}'s, found with Spring's
 * relaxed binding as {@code @ConfigurationProperties} would, and validated by dualaccess's parser,
 * so a bad value fails with dualaccess's message naming the key, the value, where it was written
 * and what is allowed. An unknown {@code dualaccess.*} key is an error too (with a suggestion), as
 * it is in a properties file.
 */
public final class EnvironmentConfig {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("dualaccess");

    private EnvironmentConfig() {
    }

    /**
     * Whether the starter is switched on: {@code dualaccess.enabled=true}, or {@code dualaccess.b.url}
     * set and {@code dualaccess.enabled} not {@code false}.
     */
    public static boolean enabled(Environment env) {
        Binder binder = Binder.get(env);
        BindResult<String> enabled = binder.bind(StarterKey.ENABLED.key(), String.class);
        if (enabled.isBound() && !enabled.get().isBlank()) {
            return Boolean.parseBoolean(enabled.get().trim());
        }
        return binder.bind(ConfigKey.B_URL.key(), String.class).map(s -> !s.isBlank()).orElse(false);
    }

    /**
     * The validated configuration.
     *
     * @throws InvalidConfigurationException listing every bad or unknown key
     */
    public static DualAccessConfig bind(Environment env) throws InvalidConfigurationException {
        Binder binder = Binder.get(env);
        RawConfig raw = new RawConfig();
        for (ConfigKey k : ConfigKey.values()) {
            Origin origin = new Origin();
            try {
                BindResult<String> one = binder.bind(k.key(), Bindable.of(String.class), origin);
                if (one.isBound()) {
                    raw.add(k.key(), one.get(), origin.source());
                    continue;
                }
                // YAML lists (tables.include: [a, b]) arrive as indexed entries: the product takes them comma-separated.
                BindResult<List<String>> list = binder.bind(k.key(), Bindable.listOf(String.class), origin);
                if (list.isBound()) {
                    raw.add(k.key(), String.join(",", list.get()), origin.source());
                }
            } catch (BindException e) {
                raw.problem(k.key() + " (from " + origin.source() + "): " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
        }
        unknownKeys(env).forEach((name, source) -> raw.add(name, "", source));
        return DualAccessConfig.from(ConfigParser.parse(raw, System.getenv()));
    }

    /** {@code dualaccess.*} names in the environment that are neither the product's keys nor the starter's. */
    static Map<String, ConfigSource> unknownKeys(Environment env) {
        List<ConfigurationPropertyName> known = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            known.add(ConfigurationPropertyName.of(k.key()));
        }
        for (StarterKey k : StarterKey.values()) {
            known.add(ConfigurationPropertyName.of(k.key()));
        }
        Map<String, ConfigSource> out = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            Object underlying = source.getUnderlyingSource();
            if (underlying instanceof SystemEnvironmentPropertySource vars) {
                // Variable names lose the dashes of a key: compare them the product's way.
                for (String name : vars.getPropertyNames()) {
                    if (name.startsWith(ConfigKey.ENV_PREFIX) && ConfigKey.byEnvName(name) == null && !isStarterEnvName(name)) {
                        out.putIfAbsent(name, ConfigSource.ENVIRONMENT);
                    }
                }
                continue;
            }
            if (!(source instanceof IterableConfigurationPropertySource names)) {
                continue;
            }
            names.stream().filter(ROOT::isAncestorOf)
                .filter(n -> known.stream().noneMatch(k -> k.equals(n) || k.isAncestorOf(n)))
                .forEach(n -> out.putIfAbsent(n.toString(), describe(source.getConfigurationProperty(n), underlying)));
        }
        return out;
    }

    private static boolean isStarterEnvName(String name) {
        for (StarterKey k : StarterKey.values()) {
            if (ConfigKey.toEnvName(k.key()).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static ConfigSource describe(ConfigurationProperty property, Object underlying) {
        if (property != null && property.getOrigin() != null) {
            return new ConfigSource("Spring environment, " + property.getOrigin());
        }
        String name = underlying instanceof EnumerablePropertySource<?> ps ? ps.getName() : String.valueOf(underlying);
        return new ConfigSource("Spring environment, property source " + name);
    }

    /** Remembers where the bound value was written (a file and line, a variable), never the value. */
    private static final class Origin implements BindHandler {
        private ConfigSource source = new ConfigSource("Spring environment");

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
            ConfigurationProperty p = context.getConfigurationProperty();
            if (p != null) {
                source = describe(p, p.getSource() == null ? null : p.getSource().getUnderlyingSource());
            }
            return result;
        }

        ConfigSource source() {
            return source;
        }
    }
}
