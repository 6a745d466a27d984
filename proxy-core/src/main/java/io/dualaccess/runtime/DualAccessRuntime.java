package io.dualaccess.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Writes;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.Masking;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.MirrorMetrics;
import io.dualaccess.jdbc.DualConnection;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.ShadowSource;
import io.dualaccess.sql.SqlClassifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything dualaccess runs beside the application for one configuration: B's pool, and (as
 * the migration features land) the shadow workers, the event writer, the journal and the breaker.
 * It never holds an application JDBC object. Started at the first connect, so a bad configuration
 * fails there with a clear message.
 */
public final class DualAccessRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DualAccessRuntime.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DualAccessConfig config;
    private final String name;
    private volatile boolean started;
    private volatile HikariDataSource bPool;
    private volatile HikariDataSource aShadowPool;
    private volatile EventLog events;
    private volatile DivergenceJournal journal;
    private volatile Mirror mirror;
    private volatile io.dualaccess.shadow.ShadowReads shadowReads;
    private volatile ShadowSource aShadowForReads;
    private final SqlClassifier classifier = new SqlClassifier(10_000);
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

    /** @param config the sealed configuration this runtime serves */
    public DualAccessRuntime(DualAccessConfig config) {
        this.config = config;
        this.name = "dualaccess-" + INSTANCES.incrementAndGet();
        // Our own registry keeps values for the admin views; Micrometer's global registry is the
        // documented hook through which the application's registry (Spring Boot's, say) sees them.
        registry.add(new SimpleMeterRegistry());
        registry.add(Metrics.globalRegistry);
    }

    /** The configuration this runtime serves. */
    public DualAccessConfig config() {
        return config;
    }

    /**
     * Checks what can only be checked against the world (B reachable, the phase supported) and
     * starts what the phase needs. Idempotent; the first call wins.
     *
     * @throws InvalidConfigurationException naming the key to fix
     */
    public void start() throws InvalidConfigurationException {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            if (config.usesB()) {
                requireBUrl();
                bPool = createBPool();
                checkB();
            }
            Capabilities.check(config);
            if (config.writes().mirrored() || config.reads().shadowed()) {
                events = new EventLog(Path.of((String) config.get(ConfigKey.LOG_FILE)), (Integer) config.get(ConfigKey.LOG_QUEUE));
            }
            if (config.reads().shadowed()) {
                boolean shadowIsB = !config.reads().bAuthoritative();
                ShadowSource b = () -> bPool.getConnection();
                ShadowSource a = () -> {
                    ShadowSource known = aShadowForReads;
                    if (known == null) {
                        throw new SQLException("dualaccess: no connection to A known yet for shadow reads");
                    }
                    return known.open();
                };
                shadowReads = new io.dualaccess.shadow.ShadowReads(config, shadowIsB ? b : a, shadowIsB ? a : b, shadowIsB, events);
            }
            if (config.writes().mirrored()) {
                journal = new DivergenceJournal(Path.of((String) config.get(ConfigKey.JOURNAL_FILE)),
                    (String) config.get(ConfigKey.JOURNAL_FSYNC));
                mirror = new Mirror(config, config.writes() == Writes.A_MIRROR_B, classifier, events, journal);
                MirrorMetrics.bind(registry, name, events, journal, mirror);
            } else if (events != null) {
                MirrorMetrics.bindEvents(registry, name, events);
            }
            started = true;
            LOG.info("{} started: phase={} reads={} writes={} b.url={}", name, config.phase(), config.reads(),
                config.writes(), Masking.url(config.bUrl()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} effective configuration: {}", name, config.describe());
            }
        }
    }

    private void requireBUrl() throws InvalidConfigurationException {
        if (config.bUrl() == null) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.B_URL.key()
                + " is not set, but reads=" + config.reads() + " writes=" + config.writes() + " (phase "
                + config.phase() + ", from " + config.origin(ConfigKey.PHASE) + ") use database B; set "
                + ConfigKey.B_URL.key() + " (or " + ConfigKey.B_URL.envName() + ") to B's JDBC URL");
        }
    }

    private HikariDataSource createBPool() {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name + "-b");
        hc.setJdbcUrl(config.bUrl());
        if (config.bUser() != null) {
            hc.setUsername(config.bUser());
        }
        if (config.bPassword() != null) {
            hc.setPassword(config.bPassword());
        }
        hc.setMaximumPoolSize(config.bPoolMaxSize());
        hc.setMinimumIdle(0);
        // B may be down when the application starts: never fail construction, we check ourselves.
        hc.setInitializationFailTimeout(-1);
        // A sick B must cost at most the statement timeout per call until the breaker opens.
        hc.setConnectionTimeout(Math.max(250, ((Duration) config.get(ConfigKey.B_STATEMENT_TIMEOUT)).toMillis()));
        hc.setThreadFactory(new DaemonThreads("b-pool"));
        return new HikariDataSource(hc);
    }

    /**
     * Opens one connection to B. Where B answers the application, an unreachable B is a
     * configuration error; where A answers, it is logged and the application carries on.
     */
    private void checkB() throws InvalidConfigurationException {
        // One direct attempt: the pool would keep retrying for its whole connection timeout.
        try (Connection c = openB()) {
            c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            String message = "dualaccess: database B is unreachable: " + ConfigKey.B_URL.key() + " = '"
                + Masking.url(config.bUrl()) + "' (from " + config.origin(ConfigKey.B_URL) + "), user '"
                + config.bUser() + "': " + rootMessage(e) + "; check the URL, " + ConfigKey.B_USER.key() + ", "
                + ConfigKey.B_PASSWORD.key() + " and that B is running";
            if (config.reads().bAuthoritative() || config.writes().bAuthoritative()) {
                closeQuietly();
                throw new InvalidConfigurationException(message, e);
            }
            LOG.warn("{} (A stays authoritative; work for B is skipped until it answers)", message);
        }
    }

    /**
     * Opens the application's connection: to A, or to B where B is authoritative, wrapped.
     *
     * @param aConnector opens the application's connection to A
     * @param aShadow opens connections to A as the shadow side (pooled by the caller or here)
     */
    public DualConnection connect(ShadowSource aConnector, ShadowSource aShadow) throws SQLException {
        return connect(aConnector, aShadow, null);
    }

    /**
     * As {@link #connect(ShadowSource, ShadowSource)}, giving B's driver, where B answers, the
     * application's vendor connection properties too (its user and password excepted).
     */
    public DualConnection connect(ShadowSource aConnector, ShadowSource aShadow, java.util.Properties vendorProperties)
            throws SQLException {
        start();
        if (aShadow != null && aShadowForReads == null) {
            aShadowForReads = aShadow;
        }
        Connection authoritative = config.writes().bAuthoritative() ? openB(vendorProperties) : aConnector.open();
        return DualConnection.wrap(authoritative, this, aShadow);
    }

    /**
     * The paired connection for an application connection, or null when writes are not mirrored.
     *
     * @param aShadow where connections to A come from when A is the shadow side
     */
    public PairedConnection pair(Connection authoritative, ShadowSource aShadow) throws SQLException {
        Mirror m = mirror;
        if (m == null) {
            return null;
        }
        ShadowSource source = config.writes() == Writes.A_MIRROR_B ? bPool::getConnection : aShadow;
        return new PairedConnection(m, authoritative, source);
    }

    /**
     * A pool for A as the shadow side ({@code b-mirror-a}) when connections come from a URL; made
     * at first use with the credentials of that first connect.
     */
    public ShadowSource aShadowPool(String aUrl, java.util.Properties aProperties) {
        return () -> {
            HikariDataSource p = aShadowPool;
            if (p == null) {
                synchronized (this) {
                    p = aShadowPool;
                    if (p == null) {
                        HikariConfig hc = new HikariConfig();
                        hc.setPoolName(name + "-a-shadow");
                        hc.setJdbcUrl(aUrl);
                        hc.setDataSourceProperties(aProperties);
                        hc.setMaximumPoolSize(config.bPoolMaxSize());
                        hc.setMinimumIdle(0);
                        hc.setInitializationFailTimeout(-1);
                        hc.setConnectionTimeout(Math.max(250, ((Duration) config.get(ConfigKey.B_STATEMENT_TIMEOUT)).toMillis()));
                        hc.setThreadFactory(new DaemonThreads("a-shadow-pool"));
                        p = new HikariDataSource(hc);
                        aShadowPool = p;
                    }
                }
            }
            return p.getConnection();
        };
    }

    /** Shadow reads, or null when reads are not shadowed. */
    public io.dualaccess.shadow.ShadowReads shadowReads() {
        return shadowReads;
    }

    /** The runtime's SQL classifier (cached by text). */
    public SqlClassifier classifier() {
        return classifier;
    }

    /** The shared mirror, or null when writes are not mirrored. */
    public Mirror mirror() {
        return mirror;
    }

    /** The comparison log, or null when nothing is compared. */
    public EventLog events() {
        return events;
    }

    /** The divergence journal, or null when writes are not mirrored. */
    public DivergenceJournal journal() {
        return journal;
    }

    /** The runtime's meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Opens a connection to B with dualaccess's B credentials (the application's connection where B answers). */
    public Connection openB() throws SQLException {
        return openB(null);
    }

    private Connection openB(java.util.Properties vendorProperties) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (vendorProperties != null) {
            for (String name : vendorProperties.stringPropertyNames()) {
                if (!name.equals("user") && !name.equals("password")) {
                    p.setProperty(name, vendorProperties.getProperty(name));
                }
            }
        }
        if (config.bUser() != null) {
            p.setProperty("user", config.bUser());
        }
        if (config.bPassword() != null) {
            p.setProperty("password", config.bPassword());
        }
        return java.sql.DriverManager.getDriver(config.bUrl()).connect(config.bUrl(), p);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return Masking.url(m == null ? t.getClass().getSimpleName() : m);
    }

    /** B's pool, or null when the configuration does not use B. */
    public HikariDataSource bPool() {
        return bPool;
    }

    /** Whether {@link #start()} has completed. */
    public boolean started() {
        return started;
    }

    private void closeQuietly() {
        io.dualaccess.shadow.ShadowReads sr = shadowReads;
        shadowReads = null;
        if (sr != null) {
            sr.close();
        }
        EventLog e = events;
        events = null;
        if (e != null) {
            e.close();
        }
        DivergenceJournal j = journal;
        journal = null;
        if (j != null) {
            j.close();
        }
        mirror = null;
        HikariDataSource ap = aShadowPool;
        aShadowPool = null;
        if (ap != null) {
            ap.close();
        }
        HikariDataSource p = bPool;
        bPool = null;
        if (p != null) {
            p.close();
        }
    }

    /** Releases B's pool and every thread of this runtime. Idempotent. */
    @Override
    public void close() {
        closeQuietly();
        started = false;
    }

    @Override
    public String toString() {
        return name + "[phase=" + config.phase() + ", reads=" + config.reads() + ", writes=" + config.writes() + "]";
    }
}
