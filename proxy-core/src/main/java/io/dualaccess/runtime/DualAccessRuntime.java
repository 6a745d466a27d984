package io.dualaccess.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.Masking;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.JsonLinesFile;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.jdbc.ConnectionRuntime;
import io.dualaccess.jdbc.DualConnection;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.ShadowSession;
import io.dualaccess.route.SequenceAlignment;
import io.dualaccess.route.ControlTable;
import io.dualaccess.route.PhaseChange;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.SqlClassifier;
import io.dualaccess.sql.StatementInfo;
import io.dualaccess.sql.TableScope;
import io.dualaccess.threads.DaemonThreads;
import io.dualaccess.translate.Translators;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Everything dualaccess runs beside the application for one configuration: B's pool, the phase
 * control, the mirror, the shadow workers, the event writer and the journal. Each piece starts
 * when a phase first needs it (at the first connect, or when the phase changes at run time). It
 * never holds an application JDBC object. Started at the first connect, so a bad configuration
 * fails there with a clear message.
 */
public final class DualAccessRuntime implements ConnectionRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DualAccessRuntime.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DualAccessConfig config;
    private final String name;
    private final PhaseControl control;
    /** Guards the lazily started machinery (never held while calling into the phase control). */
    private final Object machinery = new Object();
    private volatile boolean started;
    private volatile HikariDataSource bPool;
    private volatile HikariDataSource aShadowPool;
    /** B's read pool: sessions read-only on the server, for shadow reads replayed in auto-commit (null where B's engine has none). */
    private volatile HikariDataSource bReadPool;
    private volatile EventLog events;
    private volatile DivergenceJournal journal;
    private volatile Mirror mirrorToB;
    private volatile Mirror mirrorToA;
    private volatile ShadowReads shadowOnB;
    private volatile ShadowReads shadowOnA;
    private volatile ConnectionSource aShadowForReads;
    /** A's JDBC URL as the driver or the first connection to A gave it: A's dialect when {@code dualaccess.a.dialect} is auto. */
    private volatile String aUrl;
    /** Translators for each direction, made with the machinery (reading the mapping and overrides files). */
    private volatile Translators translators;
    /** Why B could not be reached when the runtime started, or null: the breaker starts open with it. */
    private volatile String bUnreachable;
    private final SqlClassifier classifier = new SqlClassifier(10_000);
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    /** Listeners for every comparison event, also of a log made later (by a phase change). */
    private final List<Consumer<ComparisonEvent>> eventListeners =
        new CopyOnWriteArrayList<>();
    /** Started extensions (the admin server), closed in reverse order. */
    private final List<AutoCloseable> extensions = new CopyOnWriteArrayList<>();

    /** @param config the sealed configuration this runtime serves */
    public DualAccessRuntime(DualAccessConfig config) {
        this.config = config;
        this.name = "dualaccess-" + INSTANCES.incrementAndGet();
        // Our own registry keeps values for the admin views; Micrometer's global registry is the
        // documented hook through which the application's registry (Spring Boot's, say) sees them.
        registry.add(new SimpleMeterRegistry());
        registry.add(Metrics.globalRegistry);
        Duration poll = config.duration(ConfigKey.CONTROL_POLL);
        ControlTable table = config.bUrl() != null && !poll.isZero()
            ? new ControlTable(ControlTable.name(config), this::openControlConnection) : null;
        this.control = new PhaseControl(Capabilities.configured(config), this::prepare, table, poll);
        this.control.addListener(this::logChange);
        this.control.lagLimits(config.duration(ConfigKey.SYNC_PHASE_CHANGE_LAG), config.duration(ConfigKey.SYNC_PHASE_CHANGE_WAIT));
    }

    /**
     * The runtime behind an application connection from dualaccess (the driver's, the data
     * source's, or a pool's proxy around one).
     *
     * @throws SQLException when the connection is not dualaccess's
     */
    public static DualAccessRuntime of(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(DualAccessRuntime.class)) {
            throw new SQLException("not a dualaccess connection: " + connection.getClass().getName());
        }
        return connection.unwrap(DualAccessRuntime.class);
    }

    /** The configuration this runtime serves. */
    public DualAccessConfig config() {
        return config;
    }

    /** The runtime's name ({@code dualaccess-N}), also its thread and meter tag. */
    public String name() {
        return name;
    }

    /**
     * The phase of this runtime, changeable at run time: global axes and per-table overrides, and
     * (with {@code dualaccess.control.table}) the fleet's shared phase.
     */
    @Override
    public PhaseControl phaseControl() {
        return control;
    }

    /**
     * Checks what can only be checked against the world (B reachable, the phase supported), starts
     * what the phase needs and reads the control table. Idempotent; the first call wins.
     *
     * @throws InvalidConfigurationException naming the key to fix
     */
    public void start() throws InvalidConfigurationException {
        if (started) {
            return;
        }
        boolean readControl;
        // B's first connect happens before the runtime's lock is taken: an unreachable B must not
        // hold up every other thread that touches the runtime, and the connect itself is bounded.
        Capabilities.check(config);
        PhaseSnapshot first = control.current();
        boolean probed = first.usesB() || control.shared();
        boolean reachable = false;
        if (probed) {
            requireBUrl(first);
            reachable = checkB(first);
        }
        synchronized (this) {
            if (started) {
                return;
            }
            PhaseSnapshot s = control.current();
            boolean bReachable = false;
            if (s.usesB() || control.shared()) {
                requireBUrl(s);
                bPool = createBPool();
                bReachable = probed ? reachable : checkB(s);
            }
            try {
                ensure(s);
            } catch (InvalidConfigurationException e) {
                closeQuietly();
                throw e;
            }
            started = true;
            readControl = bReachable;
            LOG.info("{} started: phase={} b.url={}{}", name, s, Masking.url(config.bUrl()),
                control.shared() ? ", control table " + ControlTable.name(config) + " every " + config.duration(ConfigKey.CONTROL_POLL) : "");
            try {
                startExtensions();
            } catch (InvalidConfigurationException | RuntimeException e) {
                closeQuietly();
                started = false;
                throw e;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} effective configuration: {}", name, config.describe());
            }
        }
        // Outside the runtime's lock: applying the fleet's phase calls back into prepare().
        control.start(readControl);
    }

    /** Keys that switch an extension on, and the jar that brings it. */
    private static final Map<ConfigKey, String> EXTENSION_JARS = Map.of(
        ConfigKey.ADMIN_PORT, "the sidecar jar (io.dualaccess:sidecar)",
        ConfigKey.HTTP_CANDIDATE, "the sidecar jar (io.dualaccess:sidecar)",
        ConfigKey.SYNC_ENABLED, "the cdc jar (io.dualaccess:cdc) and its dependencies");

    private void startExtensions() throws InvalidConfigurationException {
        Map<ConfigKey, RuntimeExtension> found = new EnumMap<>(ConfigKey.class);
        for (ClassLoader loader : new ClassLoader[] {RuntimeExtension.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (RuntimeExtension e : ServiceLoader.load(RuntimeExtension.class, loader)) {
                found.putIfAbsent(e.enabledBy(), e);
            }
        }
        for (Map.Entry<ConfigKey, String> wanted : EXTENSION_JARS.entrySet()) {
            ConfigKey key = wanted.getKey();
            if (!config.has(key) || Boolean.FALSE.equals(config.get(key))) {
                continue;
            }
            RuntimeExtension e = found.get(key);
            if (e == null) {
                throw new InvalidConfigurationException("dualaccess: invalid configuration: " + key.key() + " = '"
                    + config.shown(key) + "' (from " + config.origin(key) + ") asks for a feature that is not on the classpath: add "
                    + wanted.getValue() + " next to the driver, or unset " + key.key());
            }
            extensions.add(e.start(this));
        }
    }

    /**
     * A started extension of the given type (the sidecar's admin server, say), or null.
     *
     * @param type the class of the object the extension's {@code start} returned
     */
    public <T> T extension(Class<T> type) {
        for (AutoCloseable e : extensions) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    /**
     * Adds a listener for every comparison event of this runtime, including events of a comparison
     * log created later (when a phase change starts comparing). Called on the thread that builds the
     * event (a shadow worker, the application's thread, or for mirrored writes the event writer):
     * keep it cheap and non-blocking (see {@link EventLog#addListener}).
     */
    public void addEventListener(Consumer<ComparisonEvent> listener) {
        synchronized (machinery) {
            eventListeners.add(listener);
            EventLog e = events;
            if (e != null) {
                e.addListener(listener);
            }
        }
    }

    /** Removes a listener added with {@link #addEventListener}. */
    public void removeEventListener(Consumer<ComparisonEvent> listener) {
        synchronized (machinery) {
            eventListeners.remove(listener);
            EventLog e = events;
            if (e != null) {
                e.removeListener(listener);
            }
        }
    }

    private void requireBUrl(PhaseSnapshot s) throws InvalidConfigurationException {
        if (config.bUrl() == null) {
            String what = s.version() == 0
                ? "reads=" + s.reads() + " writes=" + s.writes() + (s.tables().isEmpty() ? "" : " and table overrides " + s.tables().keySet())
                    + " (phase " + config.phase() + ", from " + config.origin(ConfigKey.PHASE) + ") use"
                : "phase " + s + " (set at run time by " + s.actor() + ") uses";
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.B_URL.key()
                + " is not set, but " + what + " database B; set "
                + ConfigKey.B_URL.key() + " (or " + ConfigKey.B_URL.envName() + ") to B's JDBC URL");
        }
    }

    /** Starts whatever {@code s} needs that is not running yet. */
    private void ensure(PhaseSnapshot s) throws InvalidConfigurationException {
        synchronized (machinery) {
            if (translators == null && (s.anyMirrored() || s.anyShadowed())) {
                translators = Translators.of(config, () -> aUrl, () -> bPool.getConnection());
            }
            if (s.usesB()) {
                requireBUrl(s);
                if (bPool == null) {
                    bPool = createBPool();
                }
            }
            if (s.anyMirrored() || s.anyShadowed()) {
                eventLog();
            }
            boolean shadowIsB = !s.bAuthoritative();
            if (s.anyMirrored()) {
                if (journal == null) {
                    journal = new DivergenceJournal(Path.of(config.text(ConfigKey.JOURNAL_FILE)),
                        config.text(ConfigKey.JOURNAL_FSYNC), config.fileMode(ConfigKey.FILES_MODE),
                        new JsonLinesFile.Rollover(config.size(ConfigKey.JOURNAL_MAX_SIZE), Duration.ZERO,
                            config.integer(ConfigKey.JOURNAL_MAX_FILES)));
                    MirrorMetrics.bindMirror(registry, name, this, DualAccessRuntime::mirror, journal);
                }
                if (shadowIsB && mirrorToB == null) {
                    Mirror m = new Mirror(config, true, classifier, events, journal, this::phaseName, () -> translators().toB());
                    m.guard().probeWith(() -> bPool.getConnection());
                    String down = bUnreachable;
                    if (down != null) {
                        // Connect already found B unreachable: no statement pays a timeout to find out again.
                        m.guard().open(down);
                    }
                    mirrorToB = m;
                } else if (!shadowIsB && mirrorToA == null) {
                    Mirror m = new Mirror(config, false, classifier, events, journal, this::phaseName, () -> translators().toA());
                    m.guard().probeWith(() -> {
                        ConnectionSource known = aShadowForReads;
                        if (known == null) {
                            throw new SQLException("dualaccess: no connection to A known yet");
                        }
                        return known.open();
                    });
                    mirrorToA = m;
                }
            }
            if (s.anyShadowed()) {
                ConnectionSource b = () -> bPool.getConnection();
                ConnectionSource a = () -> {
                    ConnectionSource known = aShadowForReads;
                    if (known == null) {
                        throw new SQLException("dualaccess: no connection to A known yet for shadow reads");
                    }
                    return known.open();
                };
                if (shadowIsB && shadowOnB == null) {
                    ShadowReads.ReadPool readPool = ShadowReads.readPool(config.bUrl(), config.duration(ConfigKey.B_STATEMENT_TIMEOUT));
                    if (readPool != null && bReadPool == null) {
                        bReadPool = createBReadPool(readPool);
                    }
                    ConnectionSource bRead = readPool == null ? null : () -> bReadPool.getConnection();
                    shadowOnB = new ShadowReads(config, b, a, true, events, this::phaseName, () -> translators().toB(), bRead);
                    MirrorMetrics.bindShadowReads(registry, name, "b", shadowOnB);
                } else if (!shadowIsB && shadowOnA == null) {
                    shadowOnA = new ShadowReads(config, a, b, false, events, this::phaseName, () -> translators().toA());
                    MirrorMetrics.bindShadowReads(registry, name, "a", shadowOnA);
                }
            }
        }
    }

    /**
     * The comparison log, opened now if nothing has been logged yet: for extensions that compare
     * something besides statements (HTTP shadowing) whatever the phase.
     */
    public EventLog eventLog() {
        EventLog e = events;
        if (e == null) {
            synchronized (machinery) {
                e = events;
                if (e == null) {
                    e = new EventLog(Path.of(config.text(ConfigKey.LOG_FILE)), config.integer(ConfigKey.LOG_QUEUE),
                        ValueRenderer.of(config.text(ConfigKey.LOG_VALUES)), config.fileMode(ConfigKey.FILES_MODE),
                        new JsonLinesFile.Rollover(config.size(ConfigKey.LOG_MAX_SIZE),
                            config.duration(ConfigKey.LOG_MAX_AGE), config.integer(ConfigKey.LOG_MAX_FILES)),
                        aggregated(config), config.duration(ConfigKey.LOG_AGGREGATE_INTERVAL));
                    e.describe(() -> aUrl, () -> config.text(ConfigKey.B_URL));
                    MirrorMetrics.bindEvents(registry, name, e);
                    for (Consumer<ComparisonEvent> l : eventListeners) {
                        e.addListener(l);
                    }
                    events = e;
                }
            }
        }
        return e;
    }

    /** {@code dualaccess.log.aggregate}: the outcomes logged as aggregates. */
    static Set<Outcome> aggregated(DualAccessConfig config) {
        Set<Outcome> out = EnumSet.noneOf(Outcome.class);
        for (String o : config.names(ConfigKey.LOG_AGGREGATE)) {
            out.add(Outcome.valueOf(o.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    private String phaseName() {
        return control.current().phaseName();
    }

    /** Called by the phase control before a change is applied. */
    private List<SequenceAlignment.Result> prepare(PhaseSnapshot from, PhaseSnapshot to, boolean local) throws SQLException {
        start();
        ensure(to);
        if (local && from.bAuthoritative() != to.bAuthoritative()) {
            return alignSequences(to.bAuthoritative());
        }
        return List.of();
    }

    /**
     * Moves the key generators of the side becoming authoritative past the other side's largest
     * keys (B's past A's on the way to {@code live}; A's past B's on a rollback, since A received
     * B's keys as the mirror), for every table with a generated key on both sides that dualaccess
     * mirrors ({@code dualaccess.tables.include}/{@code exclude}).
     */
    private List<SequenceAlignment.Result> alignSequences(boolean toB) throws SQLException {
        String target = toB ? "B" : "A";
        ConnectionSource a = aShadowForReads;
        if (a == null) {
            throw new SQLException("dualaccess: refused to make " + target + " authoritative: its sequences must first move"
                + " past the other side's, and no connection to A is known yet (open one application connection through"
                + " dualaccess first, or move them with SequenceAlignment.align and then change the phase)", "55000");
        }
        TableScope scope = TableScope.of(config);
        String controlTable = ControlTable.name(config).toLowerCase(Locale.ROOT);
        List<SequenceAlignment.Result> out = new ArrayList<>();
        try (Connection ca = a.open(); Connection cb = openB()) {
            List<String> onB = generatedKeyTables(cb);
            for (String t : generatedKeyTables(ca)) {
                if (!onB.contains(t) || t.equals(controlTable) || !scope.covers(t)) {
                    continue;
                }
                try {
                    out.addAll(SequenceAlignment.align(toB ? ca : cb, toB ? cb : ca, List.of(t),
                        (long) config.integer(ConfigKey.CONTROL_SEQUENCE_GAP)));
                } catch (SQLException e) {
                    throw new SQLException("dualaccess: refused to make " + target + " authoritative: cannot move " + target
                        + "'s key generator for table " + t + " past the other side's largest key: " + e.getMessage()
                        + "; fix the table, or list it in " + ConfigKey.TABLES_EXCLUDE.key() + " if it is not migrated",
                        e.getSQLState(), e);
                }
            }
        }
        return out;
    }

    private static List<String> generatedKeyTables(Connection c) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        DatabaseMetaData md = c.getMetaData();
        String schema;
        try {
            schema = c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            schema = null;
        }
        try (ResultSet rs = md.getColumns(c.getCatalog(), schema, "%", "%")) {
            while (rs.next()) {
                if ("YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
                    out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every applied change becomes a comparison event of kind {@code phase}. */
    private void logChange(PhaseChange c) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("scope", c.table() == null ? "global" : "table");
        change.put("table", c.table());
        change.put("from", c.before().toString());
        change.put("to", c.after().toString());
        change.put("from_reads", c.table() == null ? c.before().reads().configValue() : c.before().reads(c.table()).configValue());
        change.put("from_writes", c.table() == null ? c.before().writes().configValue() : c.before().writes(c.table()).configValue());
        change.put("to_reads", c.table() == null ? c.after().reads().configValue() : c.after().reads(c.table()).configValue());
        change.put("to_writes", c.table() == null ? c.after().writes().configValue() : c.after().writes(c.table()).configValue());
        change.put("actor", c.actor());
        change.put("source", c.source());
        change.put("version", c.after().version());
        List<Object> sequences = new ArrayList<>();
        for (SequenceAlignment.Result r : c.sequences()) {
            if (r.column() != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("table", r.table());
                m.put("column", r.column());
                m.put("max_a", r.maxA());
                m.put("next", r.next());
                sequences.add(m);
            }
        }
        change.put("sequences", sequences);
        String what = "phase " + c.before() + " -> " + c.after();
        eventLog().publish(new ComparisonEvent(System.currentTimeMillis(), "phase", c.after().phaseName(), Outcome.APPLIED, null,
            "phase", what, null, SideResult.NOT_RUN, SideResult.NOT_RUN, c.table() == null ? List.of() : List.of(c.table()),
            null, List.of(), null, change));
    }

    /**
     * How long a wait for the shadow side may take: B's first connect, a connection from a shadow-side
     * pool (B's, or A's in {@code b-mirror-a}): the statement timeout, at least 250 ms.
     */
    private long firstConnectMillis() {
        return Math.max(250, config.duration(ConfigKey.B_STATEMENT_TIMEOUT).toMillis());
    }

    /**
     * The settings both shadow-side pools share (B's, and A's as the shadow side): sized by
     * {@code dualaccess.b.pool.max-size}, empty until used, never failing construction (the side may
     * be down when the application starts: we check ourselves), no wait past the statement timeout,
     * READ COMMITTED, daemon threads.
     */
    private HikariConfig shadowPoolConfig(String pool, String url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name + "-" + pool);
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(config.bPoolMaxSize());
        hc.setMinimumIdle(0);
        hc.setInitializationFailTimeout(-1);
        // No call waits past the statement timeout: neither the wait for a connection nor the
        // pool's validity check of an idle one (a black-holed side would hold it for the default 5 s).
        long timeout = firstConnectMillis();
        hc.setConnectionTimeout(timeout);
        hc.setValidationTimeout(Math.max(250, timeout / 2));
        // Mirrored transactions apply the authoritative side's committed order at READ COMMITTED,
        // whatever isolation the application runs at (PairedConnection#isolationChanged); shadow
        // reads lose nothing by it.
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        boundCancel(hc, url);
        hc.setThreadFactory(new DaemonThreads(pool + "-pool"));
        return hc;
    }

    private HikariDataSource createBPool() throws InvalidConfigurationException {
        HikariConfig hc = bPoolConfig("b");
        // The statement timeout as a session setting, once per connection, not per mirrored statement.
        ShadowSession.configure(hc, config.bUrl(), config.duration(ConfigKey.B_STATEMENT_TIMEOUT),
            config.text(ConfigKey.B_FOREIGN_KEY_CHECKS));
        return openBPool(hc);
    }

    /** The settings of a pool of B's, with B's credentials. */
    private HikariConfig bPoolConfig(String pool) {
        HikariConfig hc = shadowPoolConfig(pool, config.bUrl());
        if (config.bUser() != null) {
            hc.setUsername(config.bUser());
        }
        if (config.bPassword() != null) {
            hc.setPassword(config.bPassword());
        }
        return hc;
    }

    private HikariDataSource openBPool(HikariConfig hc) throws InvalidConfigurationException {
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            // Not chained: the pool's message (and so its stack trace) holds the URL unmasked.
            throw new InvalidConfigurationException("dualaccess: no driver takes " + ConfigKey.B_URL.key() + " = '"
                + Masking.url(config.bUrl()) + "' (from " + config.origin(ConfigKey.B_URL) + "): "
                + Masking.url(String.valueOf(e.getMessage())) + "; check the URL and that B's JDBC driver is on the classpath");
        }
    }

    /**
     * B's read pool: as B's own pool, but each connection's session is read-only on the server
     * ({@code initSql}), so a shadow read replays in auto-commit, one round trip, and can never
     * write; or, on H2, each connection stays in a read-only transaction that every replay rolls
     * back. Only shadow reads use it; mirrored writes and the control table use B's own pool.
     */
    private HikariDataSource createBReadPool(ShadowReads.ReadPool readPool) throws InvalidConfigurationException {
        HikariConfig hc = bPoolConfig("b-read");
        if (readPool.initSql() != null) {
            hc.setConnectionInitSql(readPool.initSql());
        }
        if (!readPool.autoCommit()) {
            // H2: no read-only session; the connections stay in a read-only transaction each replay rolls back.
            hc.setAutoCommit(false);
            hc.setReadOnly(true);
        }
        return openBPool(hc);
    }

    /**
     * PostgreSQL's driver cancels a statement past its query timeout over a new connection and
     * waits for the server to close it, by default for up to 10 s, and the statement's thread waits
     * for that cancel: against a B that accepts connections and never answers, a 2 s timeout cost
     * 12 s. One second bounds it (unless the URL sets its own {@code cancelSignalTimeout}).
     */
    private static void boundCancel(HikariConfig hc, String url) {
        if (url != null && url.startsWith("jdbc:postgresql:") && !url.contains("cancelSignalTimeout")) {
            hc.addDataSourceProperty("cancelSignalTimeout", "1");
        }
    }

    /** The control table's connections: B's pool once running; a direct attempt before (fails fast when B is down). */
    private Connection openControlConnection() throws SQLException {
        HikariDataSource p = bPool;
        return started && p != null ? p.getConnection() : openB();
    }

    /**
     * Opens one connection to B. Where B answers the application, an unreachable B is a
     * configuration error; where A answers, it is logged and the application carries on.
     *
     * @return whether B answered
     */
    private boolean checkB(PhaseSnapshot s) throws InvalidConfigurationException {
        // One direct attempt, bounded like the pool's: the pool would keep retrying for its whole
        // connection timeout, and a driver without a connect timeout of its own could wait forever.
        Duration limit = Duration.ofMillis(firstConnectMillis());
        try (Connection c = BoundedConnect.open(this::openB, limit, "database B")) {
            int seconds = (int) Math.max(1, (limit.toMillis() + 999) / 1000);
            if (!c.isValid(seconds)) {
                throw new SQLException("its connection did not answer isValid within " + seconds + " s");
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            String message = "dualaccess: database B is unreachable: " + ConfigKey.B_URL.key() + " = '"
                + Masking.url(config.bUrl()) + "' (from " + config.origin(ConfigKey.B_URL) + "), user '"
                + config.bUser() + "': " + rootMessage(e) + "; check the URL, " + ConfigKey.B_USER.key() + ", "
                + ConfigKey.B_PASSWORD.key() + " and that B is running";
            if (s.bAuthoritative()) {
                if (Thread.holdsLock(this)) {
                    closeQuietly();
                }
                throw new InvalidConfigurationException(message, e);
            }
            LOG.warn("{} (A stays authoritative; work for B is skipped until it answers)", message);
            bUnreachable = "B unreachable at start: " + rootMessage(e);
            return false;
        }
    }

    /**
     * Opens the application's connection: to A, or to B where B is authoritative, wrapped.
     *
     * @param aConnector opens the application's connection to A
     * @param aShadow opens connections to A as the shadow side (pooled by the caller or here)
     */
    public DualConnection connect(ConnectionSource aConnector, ConnectionSource aShadow) throws SQLException {
        return connect(aConnector, aShadow, null);
    }

    /**
     * As {@link #connect(ConnectionSource, ConnectionSource)}, giving B's driver, where B answers, the
     * application's vendor connection properties too (its user and password excepted).
     */
    public DualConnection connect(ConnectionSource aConnector, ConnectionSource aShadow, Properties vendorProperties)
            throws SQLException {
        start();
        if (aShadow != null && aShadowForReads == null) {
            aShadowForReads = aShadow;
        }
        PhaseSnapshot s = control.current();
        ensure(s);
        return DualConnection.open(this, s, aConnector, aShadow, vendorProperties);
    }

    /**
     * Opens the application's connection to one side: B with dualaccess's credentials (and the
     * application's vendor properties), or A through the application's connector.
     */
    @Override
    public Connection openAuthoritative(boolean b, ConnectionSource aConnector, Properties vendorProperties)
            throws SQLException {
        return b ? openB(vendorProperties) : aConnector.open();
    }

    /**
     * The paired connection for an application connection, or null when nothing is mirrored.
     *
     * @param s the snapshot the connection pinned
     * @param aShadow where connections to A come from when A is the shadow side
     */
    @Override
    public PairedConnection pair(Connection authoritative, ConnectionSource aShadow, PhaseSnapshot s) throws SQLException {
        if (aUrl == null && !s.bAuthoritative() && (s.anyMirrored() || s.anyShadowed())) {
            noteAUrl(authoritative);
        }
        if (!s.anyMirrored()) {
            return null;
        }
        ensure(s);
        boolean shadowIsB = !s.bAuthoritative();
        Mirror m = shadowIsB ? mirrorToB : mirrorToA;
        ConnectionSource source = shadowIsB ? () -> bPool.getConnection() : aShadow;
        return new PairedConnection(m, authoritative, source, s);
    }

    /** The paired connection for the phase in force (see {@link #pair(Connection, ConnectionSource, PhaseSnapshot)}). */
    public PairedConnection pair(Connection authoritative, ConnectionSource aShadow) throws SQLException {
        return pair(authoritative, aShadow, control.current());
    }

    /**
     * A pool for A as the shadow side ({@code b-mirror-a}) when connections come from a URL; made
     * at first use with the credentials of that first connect.
     */
    public ConnectionSource aShadowPool(String aUrl, Properties aProperties) {
        if (this.aUrl == null) {
            this.aUrl = aUrl;
        }
        return () -> {
            HikariDataSource p = aShadowPool;
            if (p == null) {
                synchronized (this) {
                    p = aShadowPool;
                    if (p == null) {
                        HikariConfig hc = shadowPoolConfig("a-shadow", aUrl);
                        // Added to boundCancel's default (Hikari merges them): the application's own value wins.
                        hc.setDataSourceProperties(aProperties);
                        p = new HikariDataSource(hc);
                        aShadowPool = p;
                    }
                }
            }
            return p.getConnection();
        };
    }

    /** Shadow reads for the phase in force, or null when no read is shadowed. */
    public ShadowReads shadowReads() {
        return shadowReads(control.current());
    }

    /** Shadow reads for a snapshot's direction, or null when it shadows no read. */
    @Override
    public ShadowReads shadowReads(PhaseSnapshot s) {
        if (!s.anyShadowed()) {
            return null;
        }
        return s.bAuthoritative() ? shadowOnA : shadowOnB;
    }

    /** The translators of both directions ({@link Translators#NONE} before anything is mirrored or shadowed). */
    public Translators translators() {
        Translators t = translators;
        return t == null ? Translators.NONE : t;
    }

    /** A data source gives no URL: A's dialect is read from its first connection's (auto dialect only). */
    private void noteAUrl(Connection a) {
        try {
            aUrl = a.getMetaData().getURL();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("A's URL not known from its connection: {}", e.toString());
        }
    }

    @Override
    public StatementInfo classify(String sql) {
        return classifier.classify(sql);
    }

    /** The runtime's SQL classifier (cached by text). */
    public SqlClassifier classifier() {
        return classifier;
    }

    /** The mirror of the phase in force (its direction), or null when none has been started for it. */
    public Mirror mirror() {
        return control.current().bAuthoritative() ? mirrorToA : mirrorToB;
    }

    /** The comparison log, or null when nothing has been logged yet. */
    public EventLog events() {
        return events;
    }

    /** The divergence journal, or null when no write has been mirrored yet. */
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

    private Connection openB(Properties vendorProperties) throws SQLException {
        if (config.bUrl() == null) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.B_URL.key()
                + " is not set, but database B is needed; set " + ConfigKey.B_URL.key() + " to B's JDBC URL");
        }
        Properties p = new Properties();
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
        return DriverManager.getDriver(config.bUrl()).connect(config.bUrl(), p);
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

    /**
     * B's read pool, where shadow reads replay on B (made with the first shadowed phase, where B's
     * engine has one: PostgreSQL, MariaDB, H2), or null.
     */
    public HikariDataSource bReadPool() {
        return bReadPool;
    }

    /** Whether {@link #start()} has completed. */
    public boolean started() {
        return started;
    }

    private void closeQuietly() {
        for (int i = extensions.size() - 1; i >= 0; i--) {
            try {
                extensions.get(i).close();
            } catch (Exception e) {
                LOG.warn("{}: closing {} failed: {}", name, extensions.get(i), e.toString());
            }
        }
        extensions.clear();
        synchronized (machinery) {
            for (ShadowReads sr : new ShadowReads[] {shadowOnB, shadowOnA}) {
                if (sr != null) {
                    sr.close();
                }
            }
            shadowOnB = null;
            shadowOnA = null;
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
            for (Mirror m : new Mirror[] {mirrorToB, mirrorToA}) {
                if (m != null) {
                    m.guard().close();
                }
            }
            mirrorToB = null;
            mirrorToA = null;
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
            HikariDataSource rp = bReadPool;
            bReadPool = null;
            if (rp != null) {
                rp.close();
            }
        }
    }

    /** Stops polling, releases B's pool and every thread of this runtime. Idempotent. */
    @Override
    public void close() {
        control.close();
        closeQuietly();
        started = false;
    }

    @Override
    public String toString() {
        return name + "[phase=" + control.current() + "]";
    }
}
