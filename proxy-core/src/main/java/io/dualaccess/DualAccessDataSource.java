package io.dualaccess;

import io.dualaccess.route.PhaseControl;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.source.ConnectionSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Wraps the application's {@link DataSource} for A, for users who configure pools in code
 * (HikariCP's {@code setDataSource}, a Spring bean):
 *
 * <pre>{@code
 * DataSource ds = DualAccessDataSource.builder(aDataSource)
 *     .b("jdbc:postgresql://b-host/shop", "app", secret)
 *     .phase(Phase.OFF)
 *     .build();
 * }</pre>
 *
 * <p>The data source owns its runtime (B's pool and workers); {@link #close()} releases it.
 */
public final class DualAccessDataSource implements DataSource, AutoCloseable {

    private final DataSource a;
    /** Connections to A when A is the shadow side; null: from {@link #a}, as the application's. */
    private final ConnectionSource aShadow;
    private final DualAccessRuntime runtime;

    /**
     * @param a the application's data source for database A
     * @param config the validated configuration
     */
    public DualAccessDataSource(DataSource a, DualAccessConfig config) {
        this(a, null, config);
    }

    /**
     * A data source whose connections to A as the shadow side (mirrored writes and shadow reads in
     * phase {@code live}) come from {@code aShadow}, a pool of its own say, rather than from {@code a}
     * (an unpooled source, when a pool sits above this data source).
     *
     * @param a the application's data source for database A
     * @param aShadow opens connections to A for the shadow side; null: {@code a}
     * @param config the validated configuration
     */
    public DualAccessDataSource(DataSource a, ConnectionSource aShadow, DualAccessConfig config) {
        this.a = Objects.requireNonNull(a, "a");
        this.aShadow = aShadow;
        this.runtime = new DualAccessRuntime(Objects.requireNonNull(config, "config"));
    }

    /** Starts a builder around the application's data source for A. */
    public static Builder builder(DataSource a) {
        return new Builder(a);
    }

    /** The configuration this data source applies. */
    public DualAccessConfig config() {
        return runtime.config();
    }

    /**
     * The phase of this data source's connections, changeable while they are open: each follows a
     * change at its next transaction (see {@code docs/phases.md}).
     */
    public PhaseControl phaseControl() {
        return runtime.phaseControl();
    }

    /** The runtime behind this data source (B's pool, the phase control, the comparison log, the metrics). */
    public DualAccessRuntime runtime() {
        return runtime;
    }

    @Override
    public Connection getConnection() throws SQLException {
        runtime.start();
        return runtime.connect(a::getConnection, aShadow != null ? aShadow : a::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        runtime.start();
        return runtime.connect(() -> a.getConnection(username, password),
            aShadow != null ? aShadow : () -> a.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return a.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        a.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        a.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return a.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return a.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(a)) {
            return iface.cast(a);
        }
        return a.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(a) || a.isWrapperFor(iface);
    }

    /** Releases the runtime (B's pool, workers). The wrapped data source for A is not closed: it is the caller's. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "DualAccessDataSource[" + runtime + "]";
    }

    /** Fluent construction; validation happens in {@link #build()}. */
    public static final class Builder {
        private final DataSource a;
        private final DualAccessConfig.Builder config = DualAccessConfig.builder();

        private Builder(DataSource a) {
            this.a = a;
        }

        /** Database B's URL, user and password. */
        public Builder b(String url, String user, String password) {
            config.b(url, user, password);
            return this;
        }

        /** The migration phase. */
        public Builder phase(Phase phase) {
            config.phase(phase);
            return this;
        }

        /** Overrides the reads axis. */
        public Builder reads(Reads reads) {
            config.reads(reads);
            return this;
        }

        /** Overrides the writes axis. */
        public Builder writes(Writes writes) {
            config.writes(writes);
            return this;
        }

        /** Sets any key by name, as in a properties file. */
        public Builder set(String key, String value) {
            config.set(key, value);
            return this;
        }

        /**
         * @throws InvalidConfigurationException naming each bad key and value
         */
        public DualAccessDataSource build() throws InvalidConfigurationException {
            return new DualAccessDataSource(a, config.build());
        }
    }
}
