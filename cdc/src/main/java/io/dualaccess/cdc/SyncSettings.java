package io.dualaccess.cdc;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.source.ConnectionSource;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * What one sync needs, read from dualaccess's configuration: A (the source, whose change log is
 * read), B (where changes are applied), the tables, the name and the Debezium settings derived from
 * them.
 *
 * @param name             the sync's name ({@code dualaccess.sync.slot}): PostgreSQL's slot and publication, and the offsets' key in B
 * @param aUrl             A's JDBC URL
 * @param aUser            A's user
 * @param aPassword        A's password
 * @param b                opens connections to B
 * @param tables           the tables as configured (lower case)
 * @param pollInterval     Debezium's poll interval
 * @param snapshot         the snapshot mode
 * @param serverId         MySQL/MariaDB replica server id, or null to derive one
 * @param schemaHistory    MySQL/MariaDB schema history file, or null to keep it in B's {@code schemaHistoryTable}
 * @param schemaHistoryTable MySQL/MariaDB schema history table in B
 * @param offsetsTable     the offsets table in B
 */
public record SyncSettings(String name, String aUrl, String aUser, String aPassword, ConnectionSource b,
                           Set<String> tables, Duration pollInterval, String snapshot, Integer serverId,
                           Path schemaHistory, String schemaHistoryTable, String offsetsTable) {

    /** The source engines the sync reads. */
    public enum Source {
        /** PostgreSQL through the pgoutput logical decoding plugin. */
        POSTGRES,
        /** MySQL or MariaDB through the row binlog. */
        BINLOG
    }

    /**
     * Reads the sync's settings from a validated configuration.
     *
     * @throws InvalidConfigurationException naming the key that is missing or wrong
     */
    @SuppressWarnings("unchecked")
    public static SyncSettings of(DualAccessConfig config) throws InvalidConfigurationException {
        String aUrl = (String) config.get(ConfigKey.A_URL);
        if (aUrl == null) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.A_URL.key()
                + " is not set, but the sync reads A's change log; set it to A's JDBC URL (jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:)");
        }
        if (config.bUrl() == null) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.B_URL.key()
                + " is not set, but the sync applies A's changes to B; set it to B's JDBC URL");
        }
        Set<String> tables = (Set<String>) config.get(ConfigKey.SYNC_TABLES);
        if (tables.isEmpty()) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.SYNC_TABLES.key()
                + " is empty (from " + config.origin(ConfigKey.SYNC_TABLES) + "); list the tables of A to keep in sync (orders, public.customers)");
        }
        source(aUrl);
        String bUrl = config.bUrl();
        String bUser = config.bUser();
        String bPassword = config.bPassword();
        ConnectionSource b = () -> bUser == null && bPassword == null ? DriverManager.getConnection(bUrl)
            : DriverManager.getConnection(bUrl, bUser, bPassword);
        return new SyncSettings((String) config.get(ConfigKey.SYNC_SLOT), aUrl, (String) config.get(ConfigKey.A_USER),
            (String) config.get(ConfigKey.A_PASSWORD), b, tables, (Duration) config.get(ConfigKey.SYNC_POLL_INTERVAL),
            (String) config.get(ConfigKey.SYNC_SNAPSHOT), (Integer) config.get(ConfigKey.SYNC_SERVER_ID),
            config.get(ConfigKey.SYNC_SCHEMA_HISTORY) == null ? null : Path.of((String) config.get(ConfigKey.SYNC_SCHEMA_HISTORY)),
            (String) config.get(ConfigKey.SYNC_SCHEMA_HISTORY_TABLE), (String) config.get(ConfigKey.SYNC_OFFSETS_TABLE));
    }

    /** The kind of source A's URL names. */
    public static Source source(String aUrl) throws InvalidConfigurationException {
        if (aUrl.startsWith("jdbc:postgresql:")) {
            return Source.POSTGRES;
        }
        if (aUrl.startsWith("jdbc:mariadb:") || aUrl.startsWith("jdbc:mysql:")) {
            return Source.BINLOG;
        }
        throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.A_URL.key() + " = '"
            + io.dualaccess.config.Masking.url(aUrl) + "' names an engine the sync cannot read; expected jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
    }

    /** Opens a plain connection to A. */
    public Connection connectA() throws SQLException {
        return aUser == null && aPassword == null ? DriverManager.getConnection(aUrl) : DriverManager.getConnection(aUrl, aUser, aPassword);
    }

    /**
     * The tables as A names them, schema-qualified ({@code public.orders}, {@code shop.orders}):
     * a bare name gets A's current schema (PostgreSQL) or database (MySQL/MariaDB).
     */
    public List<String> qualifiedTables() throws SQLException {
        String current;
        try (Connection c = connectA(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(source() == Source.POSTGRES ? "select current_schema()" : "select database()")) {
            rs.next();
            current = rs.getString(1);
        }
        List<String> out = new ArrayList<>();
        for (String t : tables) {
            out.add(t.contains(".") ? t : current + "." + t);
        }
        return out;
    }

    /** The source engine. */
    public Source source() {
        try {
            return source(aUrl);
        } catch (InvalidConfigurationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The Debezium embedded engine's configuration for this sync: connector, A's coordinates,
     * tables, exact types, transaction markers, and offsets kept in B by {@link OffsetsInB}.
     *
     * @param offsetsId the key under which {@link OffsetsInB} finds this sync's offset table
     * @param relayPort  for a MariaDB A, the loopback port of its {@link MariaDbBinlogRelay}; else 0
     */
    public Properties debezium(String offsetsId, int relayPort) throws SQLException {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("topic.prefix", name);
        p.setProperty("offset.storage", OffsetsInB.class.getName());
        p.setProperty(OffsetsInB.ID_PROPERTY, offsetsId);
        // offsets reach B with the changes they cover; the engine's own flush only confirms them to A
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("poll.interval.ms", Long.toString(Math.max(1, pollInterval.toMillis())));
        p.setProperty("max.batch.size", "2048");
        p.setProperty("max.queue.size", "8192");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("tombstones.on.delete", "false");
        // a heartbeat a second while A's log is quiet tells the applier it has caught up (the lag falls to ~0)
        p.setProperty("heartbeat.interval.ms", "1000");
        p.setProperty("snapshot.mode", snapshot);
        p.setProperty("table.include.list", String.join(",", qualifiedTables().stream().map(SyncSettings::regex).toList()));
        p.setProperty("errors.max.retries", "0");
        URI u = URI.create(aUrl.substring("jdbc:".length()));
        p.setProperty("database.hostname", u.getHost() == null ? "localhost" : u.getHost());
        if (aUser != null) {
            p.setProperty("database.user", aUser);
        }
        if (aPassword != null) {
            p.setProperty("database.password", aPassword);
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
        if (source() == Source.POSTGRES) {
            p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            p.setProperty("database.port", Integer.toString(u.getPort() < 0 ? 5432 : u.getPort()));
            p.setProperty("database.dbname", path);
            p.setProperty("plugin.name", "pgoutput");
            p.setProperty("slot.name", name);
            p.setProperty("publication.name", name);
            // the publication lists exactly the synced tables (created, or altered to them)
            p.setProperty("publication.autocreate.mode", "filtered");
            p.setProperty("interval.handling.mode", "string");
            p.setProperty("hstore.handling.mode", "json");
        } else {
            p.setProperty("connector.class", "io.debezium.connector.mysql.MySqlConnector");
            p.setProperty("database.port", Integer.toString(u.getPort() < 0 ? 3306 : u.getPort()));
            p.setProperty("database.include.list", qualifiedTables().stream().map(t -> t.substring(0, t.indexOf('.')))
                .distinct().map(SyncSettings::regex).reduce((x, y) -> x + "," + y).orElse(""));
            p.setProperty("database.server.id", Integer.toString(serverId != null ? serverId : derivedServerId()));
            if (schemaHistory != null) {
                p.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
                p.setProperty("schema.history.internal.file.filename", schemaHistory.toAbsolutePath().toString());
            } else {
                // in B, beside the offsets: a restart needs no local file
                p.setProperty("schema.history.internal", SchemaHistoryInB.class.getName());
                p.setProperty(SchemaHistoryInB.ID_PROPERTY, offsetsId);
            }
            p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
            p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
            // the binlog is the whole server's: MariaDB-only DDL of other databases (SET STATEMENT … FOR,
            // sequences) must not stop the sync; DDL of the synced tables is applied to B by hand anyway
            p.setProperty("schema.history.internal.skip.unparseable.ddl", "true");
            p.setProperty("include.schema.changes", "false");
            p.setProperty("database.ssl.mode", "disabled");
            if (aUrl.startsWith("jdbc:mariadb:")) {
                p.setProperty("database.jdbc.driver", MariaDbAsMySqlDriver.class.getName());
                p.setProperty("database.protocol", MariaDbAsMySqlDriver.PROTOCOL);
                if (relayPort > 0) {
                    p.setProperty("database.hostname", "127.0.0.1");
                    p.setProperty("database.port", Integer.toString(relayPort));
                }
            }
            p.setProperty("snapshot.locking.mode", "minimal");
            p.setProperty("bigint.unsigned.handling.mode", "precise");
        }
        return p;
    }

    /** Whether A is MariaDB (read through {@link MariaDbBinlogRelay}). */
    boolean mariaDb() {
        return aUrl.startsWith("jdbc:mariadb:");
    }

    /** A's host and port as its URL names them. */
    String aHost() {
        URI u = URI.create(aUrl.substring("jdbc:".length()));
        return u.getHost() == null ? "localhost" : u.getHost();
    }

    int aPort() {
        URI u = URI.create(aUrl.substring("jdbc:".length()));
        return u.getPort() < 0 ? 3306 : u.getPort();
    }

    private int derivedServerId() {
        // stable per name, away from the low ids servers are usually given
        return 100_000 + Math.floorMod(name.hashCode(), 1_000_000_000);
    }

    private static String regex(String name) {
        return name.toLowerCase(Locale.ROOT).replace(".", "\\.");
    }
}
