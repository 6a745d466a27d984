package io.dualaccess.translate;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
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
    /** Opens a connection to B, for its {@link Catalog}; null: translate without one. */
    private final Callable<Connection> bConnections;
    private volatile Translator toB;
    private volatile Translator toA;

    private Translators() {
        this.config = null;
        this.aUrl = () -> null;
        this.overrides = Overrides.NONE;
        this.mapping = SchemaMapping.NONE;
        this.bConnections = null;
        this.toB = Translator.NONE;
        this.toA = Translator.NONE;
    }

    private Translators(DualAccessConfig config, Supplier<String> aUrl, Overrides overrides, SchemaMapping mapping,
                        Callable<Connection> bConnections) {
        this.config = config;
        this.aUrl = aUrl;
        this.overrides = overrides;
        this.mapping = mapping;
        this.bConnections = bConnections;
    }

    /**
     * Reads the mapping and overrides files of a configuration.
     *
     * @param aUrl A's JDBC URL when known (the driver's; else {@code dualaccess.a.url}), asked at first use
     * @throws InvalidConfigurationException naming the key whose file cannot be read or is malformed
     */
    public static Translators of(DualAccessConfig config, Supplier<String> aUrl) throws InvalidConfigurationException {
        return of(config, aUrl, null);
    }

    /**
     * Reads the mapping and overrides files of a configuration; the translator to B learns B's
     * tables ({@link Catalog}) from a connection opened in the background when it is first used.
     *
     * @param aUrl A's JDBC URL when known (the driver's; else {@code dualaccess.a.url}), asked at first use
     * @param bConnections opens a connection to B (closed after reading its tables), or null
     * @throws InvalidConfigurationException naming the key whose file cannot be read or is malformed
     */
    public static Translators of(DualAccessConfig config, Supplier<String> aUrl, Callable<Connection> bConnections)
            throws InvalidConfigurationException {
        Overrides overrides = Overrides.NONE;
        String o = config.text(ConfigKey.B_SQL_OVERRIDES);
        try {
            if (o != null && !o.isBlank()) {
                overrides = Overrides.read(Path.of(o));
            }
        } catch (IOException | RuntimeException e) {
            throw invalid(ConfigKey.B_SQL_OVERRIDES, o, e);
        }
        return new Translators(config, aUrl, overrides, mapping(config), bConnections);
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
            if (toB && bConnections != null && t.wantsCatalog()) {
                learnInBackground(t, b);
            }
        }
        return t;
    }

    /**
     * Reads B's tables on a daemon thread, never on the application's: until they arrive,
     * statements are translated without them. B may be down at start: tried again twice.
     */
    private void learnInBackground(Translator t, DialectName b) {
        Thread loader = new Thread(() -> {
            long[] waits = {0, 5_000, 30_000};
            Exception last = null;
            for (long wait : waits) {
                try {
                    Thread.sleep(wait);
                    try (Connection c = bConnections.call()) {
                        t.learn(Catalog.read(c, b));
                        LOG.debug("dualaccess: the translator to B knows B's tables");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    last = e;
                }
            }
            LOG.warn("dualaccess: cannot read B's tables for the translator (translating without their types and keys): {}",
                String.valueOf(last));
        }, "dualaccess-catalog");
        loader.setDaemon(true);
        loader.start();
    }
}
