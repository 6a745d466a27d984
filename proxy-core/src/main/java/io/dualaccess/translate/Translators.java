package io.dualaccess.translate;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The runtime's two translators: A's SQL for B (phases where A answers) and B's SQL for A
 * ({@code live}: the application then speaks B's SQL). Dialects come from
 * {@code dualaccess.a.dialect} / {@code dualaccess.b.dialect}, or from the URLs; the mapping and
 * the overrides from their files, read once when the runtime starts.
 */
public final class Translators {

    private static final Logger LOG = LoggerFactory.getLogger(Translators.class);

    /** Nothing translated in either direction. */
    public static final Translators NONE = new Translators();

    private final DualAccessConfig config;
    private final Supplier<String> aUrl;
    private final Overrides overrides;
    private final SchemaMapping mapping;
    private volatile Translator toB;
    private volatile Translator toA;

    private Translators() {
        this.config = null;
        this.aUrl = () -> null;
        this.overrides = Overrides.NONE;
        this.mapping = SchemaMapping.NONE;
        this.toB = Translator.NONE;
        this.toA = Translator.NONE;
    }

    private Translators(DualAccessConfig config, Supplier<String> aUrl, Overrides overrides, SchemaMapping mapping) {
        this.config = config;
        this.aUrl = aUrl;
        this.overrides = overrides;
        this.mapping = mapping;
    }

    /**
     * Reads the mapping and overrides files of a configuration.
     *
     * @param aUrl A's JDBC URL when known (the driver's; else {@code dualaccess.a.url}), asked at first use
     * @throws InvalidConfigurationException naming the key whose file cannot be read or is malformed
     */
    public static Translators of(DualAccessConfig config, Supplier<String> aUrl) throws InvalidConfigurationException {
        Overrides overrides = Overrides.NONE;
        String o = config.text(ConfigKey.B_SQL_OVERRIDES);
        try {
            if (o != null && !o.isBlank()) {
                overrides = Overrides.read(Path.of(o));
            }
        } catch (IOException | RuntimeException e) {
            throw invalid(ConfigKey.B_SQL_OVERRIDES, o, e);
        }
        return new Translators(config, aUrl, overrides, mapping(config));
    }

    /**
     * The schema mapping of a configuration ({@link SchemaMapping#NONE} without {@code dualaccess.map.file}),
     * for the translators and for backfill, verify and repair.
     *
     * @throws InvalidConfigurationException naming the key when the file cannot be read or is malformed
     */
    public static SchemaMapping mapping(DualAccessConfig config) throws InvalidConfigurationException {
        String m = config.text(ConfigKey.MAP_FILE);
        try {
            return m == null || m.isBlank() ? SchemaMapping.NONE : SchemaMapping.read(Path.of(m));
        } catch (IOException | RuntimeException e) {
            throw invalid(ConfigKey.MAP_FILE, m, e);
        }
    }

    private static InvalidConfigurationException invalid(ConfigKey key, String file, Exception e) {
        return new InvalidConfigurationException("dualaccess: invalid configuration: " + key.key() + "=" + file + ": "
            + (e instanceof IOException ? "cannot read the file (" + e + ")" : e.getMessage())
            + "; expected a readable file in the format of docs/cross-engine.md");
    }

    /** The translator for the shadow side: to B when {@code shadowIsB}, else to A. */
    public Translator toShadow(boolean shadowIsB) {
        return shadowIsB ? toB() : toA();
    }

    /** A's SQL for B. */
    public Translator toB() {
        Translator t = toB;
        if (t == null) {
            synchronized (this) {
                t = toB;
                if (t == null) {
                    t = build(true);
                    toB = t;
                }
            }
        }
        return t;
    }

    /** B's SQL for A ({@code live}, {@code rampdown}): the mapping reversed, no overrides. */
    public Translator toA() {
        Translator t = toA;
        if (t == null) {
            synchronized (this) {
                t = toA;
                if (t == null) {
                    t = build(false);
                    toA = t;
                }
            }
        }
        return t;
    }

    /** The dialect of A, or null when {@code auto} and no URL tells. */
    public DialectName aDialect() {
        String url = config.has(ConfigKey.A_URL) ? config.text(ConfigKey.A_URL) : aUrl.get();
        return DialectName.resolve(config.text(ConfigKey.A_DIALECT), url);
    }

    /** The dialect of B, or null when {@code auto} and its URL tells nothing. */
    public DialectName bDialect() {
        return DialectName.resolve(config.text(ConfigKey.B_DIALECT), config.bUrl());
    }

    private Translator build(boolean toB) {
        DialectName a = aDialect();
        DialectName b = bDialect();
        if ((a == null || b == null) && (!mapping.none() || !overrides.none())) {
            LOG.warn("dualaccess: the dialect of {} is not known (set {}): statements are sent to {} untranslated",
                a == null ? "A" : "B", a == null ? ConfigKey.A_DIALECT.key() : ConfigKey.B_DIALECT.key(), toB ? "B" : "A");
        }
        if (a == null || b == null) {
            return Translator.NONE;
        }
        Translator t = toB ? Translator.between(a, b, overrides, mapping) : Translator.between(b, a, Overrides.NONE, mapping.inverse());
        if (t.active()) {
            LOG.info("dualaccess: statements sent to {} are translated: {}", toB ? "B" : "A", t);
        }
        return t;
    }
}
