package io.dualaccess.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.dualaccess.InvalidConfigurationException;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One trial's world: a fresh in-memory H2 database (A) holding {@value #ROWS} rows, and a HikariCP
 * pool whose connections go through the mode's proxy. The layering is the same in every mode:
 *
 * <pre>
 *   benchmark → HikariCP pool → [proxy of the mode] → H2
 *   raw:              jdbcUrl jdbc:h2:mem:…             (H2's driver)
 *   p6spy:            jdbcUrl jdbc:p6spy:h2:mem:…       (P6SpyDriver, then H2's driver)
 *   datasource-proxy: dataSource = ProxyDataSource(H2 JdbcDataSource), no-op listener
 *   dualaccess-*:     jdbcUrl jdbc:dualaccess:h2:mem:…  (DualAccessDriver, then H2's driver),
 *                     configured with Hikari dataSourceProperties (dualaccess.phase, dualaccess.b.url,
 *                     and for modes with B the comparison log and journal in a scratch directory);
 *                     B is a second in-memory H2 with the same tables and rows, reached through
 *                     dualaccess's own pool
 * </pre>
 *
 * The pool's own calls (validation, resetting auto-commit on return) therefore pass through the
 * proxy too, as they do in an application. Setup and the per-iteration cleanup use a separate
 * plain H2 connection, never the proxy.
 */
public final class Fixture implements AutoCloseable {

    /** Rows in {@code item}. */
    public static final int ROWS = 10_000;
    /**
     * Most rows {@code event} ever holds: the insert that crosses a multiple of this many ids empties
     * it first. Every mode then inserts into the same sequence of table sizes per operation, so
     * neither time nor allocation per operation depends on how fast a mode filled the table.
     */
    public static final int EVENT_WINDOW = 10_000;
    /** Rows read by {@code select1000Rows}. */
    public static final int RANGE = 1_000;
    /** Connections in the pool: enough for a few JMH threads ({@code -t}); the default is one. */
    static final int POOL_SIZE = 4;

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final Mode mode;
    private final String aUrl;
    private final String bUrl;
    private final Connection aAdmin;
    private final Connection bAdmin;
    private final Path scratch;
    private final HikariDataSource pool;
    private final AtomicLong eventIds = new AtomicLong();

    private Fixture(Mode mode, String aUrl, String bUrl, Connection aAdmin, Connection bAdmin, Path scratch,
                    HikariDataSource pool) {
        this.mode = mode;
        this.aUrl = aUrl;
        this.bUrl = bUrl;
        this.aAdmin = aAdmin;
        this.bAdmin = bAdmin;
        this.scratch = scratch;
        this.pool = pool;
    }

    /** Opens a fixture for the mode, with a no-op listener for datasource-proxy. */
    public static Fixture open(Mode mode) throws SQLException {
        return open(mode, new NoOpQueryExecutionListener());
    }

    /**
     * Opens a fixture for the mode.
     *
     * @param dsProxyListener the query listener of datasource-proxy (ignored by other modes); the
     *                        benchmarks pass a no-op one, tests a counting one
     * @throws ModeNotAvailableException if this build of dualaccess refuses the mode's phase
     */
    public static Fixture open(Mode mode, QueryExecutionListener dsProxyListener) throws SQLException {
        return open(mode, dsProxyListener, java.util.Map.of());
    }

    /**
     * Opens a fixture for the mode, with further dualaccess connection properties for the modes that
     * go through dualaccess (a probe's settings, such as {@code dualaccess.shadow.budget}).
     */
    public static Fixture open(Mode mode, QueryExecutionListener dsProxyListener, java.util.Map<String, String> settings)
            throws SQLException {
        String name = "bench_" + mode.name().toLowerCase() + "_" + DATABASES.incrementAndGet();
        String aUrl = "jdbc:h2:mem:" + name + "_a;DB_CLOSE_DELAY=-1";
        String bUrl = mode.usesB() ? "jdbc:h2:mem:" + name + "_b;DB_CLOSE_DELAY=-1" : null;
        Connection aAdmin = null;
        Connection bAdmin = null;
        Path scratch = null;
        try {
            aAdmin = h2(aUrl).getConnection();
            populate(aAdmin);
            if (bUrl != null) {
                bAdmin = h2(bUrl).getConnection();
                populate(bAdmin);
                scratch = Files.createTempDirectory("dualaccess-bench-");
            }
            HikariDataSource pool = pool(mode, aUrl, bUrl, scratch, dsProxyListener, settings);
            return new Fixture(mode, aUrl, bUrl, aAdmin, bAdmin, scratch, pool);
        } catch (IOException e) {
            shutdown(aAdmin);
            shutdown(bAdmin);
            throw new UncheckedIOException(e);
        } catch (SQLException | RuntimeException e) {
            shutdown(aAdmin);
            shutdown(bAdmin);
            deleteScratch(scratch);
            throw e;
        }
    }

    private static HikariDataSource pool(Mode mode, String aUrl, String bUrl, Path scratch,
                                         QueryExecutionListener listener, java.util.Map<String, String> settings) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("bench-" + mode.spelling());
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(POOL_SIZE);
        hc.setAutoCommit(true);
        hc.setConnectionTimeout(5_000);
        String rest = aUrl.substring("jdbc:".length());
        switch (mode) {
            case RAW -> hc.setJdbcUrl(aUrl);
            case P6SPY -> hc.setJdbcUrl("jdbc:p6spy:" + rest);
            case DATASOURCE_PROXY -> hc.setDataSource(ProxyDataSourceBuilder.create("bench", h2(aUrl))
                .listener(listener)
                .build());
            default -> {
                hc.setJdbcUrl("jdbc:dualaccess:" + rest);
                // Connection properties, never dualaccess.* system properties or DUALACCESS_* variables:
                // they would leak into every other mode of the same JVM.
                hc.addDataSourceProperty("dualaccess.phase", mode.phase());
                if (bUrl != null) {
                    hc.addDataSourceProperty("dualaccess.b.url", bUrl);
                    // Comparison log and divergence journal as an operator would keep them (defaults:
                    // masked values, journal fsync by interval), but in a scratch directory rather
                    // than the working directory.
                    hc.addDataSourceProperty("dualaccess.log.file", scratch.resolve("comparisons.jsonl").toString());
                    hc.addDataSourceProperty("dualaccess.journal.file", scratch.resolve("journal.jsonl").toString());
                }
                // Defaults otherwise: sample rate 1, the shadow budget of one core (dualaccess.shadow.budget).
                settings.forEach(hc::addDataSourceProperty);
            }
        }
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            InvalidConfigurationException refused = find(e, InvalidConfigurationException.class);
            if (refused != null && mode.usesB()) {
                throw new ModeNotAvailableException(mode, refused);
            }
            throw e;
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    private static void populate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, grp INT NOT NULL, name VARCHAR(40) NOT NULL,"
                + " amount BIGINT NOT NULL, price DOUBLE PRECISION NOT NULL, updated TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE event (id BIGINT PRIMARY KEY, item_id INT NOT NULL, kind VARCHAR(16) NOT NULL,"
                + " amount BIGINT NOT NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO item (id, grp, name, amount, price, updated) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                ps.setInt(1, id);
                ps.setInt(2, id % 100);
                ps.setString(3, "item-" + id);
                ps.setLong(4, id * 10L);
                ps.setDouble(5, id * 0.25);
                ps.setTimestamp(6, new Timestamp(EPOCH_MILLIS + id * 1_000L));
                ps.addBatch();
                if (id % 1_000 == 0) {
                    ps.executeBatch();
                }
            }
        }
    }

    /** The mode of this fixture. */
    public Mode mode() {
        return mode;
    }

    /** The pool the benchmarks borrow from. */
    public HikariDataSource dataSource() {
        return pool;
    }

    /**
     * A fresh range of {@code count} ids for the {@code event} table; safe across JMH threads. When
     * the range reaches into the next {@link #EVENT_WINDOW} ids, the table is emptied first (through the
     * plain H2 connection, not the proxy: the same amortised cost in every mode).
     */
    public long nextEventIds(int count) throws SQLException {
        long first = eventIds.getAndAdd(count);
        long last = first + count - 1;
        if (first > 0 && (first - 1) / EVENT_WINDOW != last / EVENT_WINDOW) {
            clearEvents();
        }
        return first;
    }

    /** Empties {@code event} (on A, and on B if the mode uses it). */
    public synchronized void clearEvents() throws SQLException {
        truncate(aAdmin);
        if (bAdmin != null) {
            truncate(bAdmin);
        }
    }

    private static void truncate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE event");
        }
    }

    /** Rows of {@code event} on A, read without the proxy (for tests). */
    public long countEvents() throws SQLException {
        try (Statement s = aAdmin.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A's URL, as H2 sees it. */
    public String aUrl() {
        return aUrl;
    }

    /** B's URL, or null if the mode does not use B. */
    public String bUrl() {
        return bUrl;
    }

    /** Rows of {@code event} on B, read without the proxy (for tests); -1 if the mode has no B. */
    public long countEventsOnB() throws SQLException {
        if (bAdmin == null) {
            return -1;
        }
        try (Statement s = bAdmin.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        // The runtime outlives the pool (the driver keeps one per URL until the JVM exits): closed here,
        // its log writer stops before the scratch directory goes, instead of writing into it again.
        io.dualaccess.runtime.DualAccessRuntime runtime = scratch == null ? null : runtime();
        pool.close();
        if (runtime != null) {
            runtime.close();
        }
        shutdown(aAdmin);
        shutdown(bAdmin);
        deleteScratch(scratch);
    }

    /** The directory of this trial's comparison log and journal, or null for a mode without B (for tests). */
    Path scratch() {
        return scratch;
    }

    /** The dualaccess runtime behind the pool, or null when it cannot be had. */
    private io.dualaccess.runtime.DualAccessRuntime runtime() {
        try (Connection c = pool.getConnection()) {
            return c.isWrapperFor(io.dualaccess.runtime.DualAccessRuntime.class)
                ? io.dualaccess.runtime.DualAccessRuntime.of(c) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** Removes the comparison log and journal of this trial (the runtime may still hold them open: best effort). */
    private static void deleteScratch(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // left in the temporary directory
        }
    }

    private static void shutdown(Connection admin) {
        if (admin == null) {
            return;
        }
        try (Statement s = admin.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already gone
        }
        try {
            admin.close();
        } catch (SQLException ignored) {
            // already closed by SHUTDOWN
        }
    }
}
