package io.dualaccess.cli.migrate;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.Masking;
import io.dualaccess.keyset.TableShape;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.TableScope;
import io.dualaccess.translate.SchemaMapping;
import io.dualaccess.translate.Translators;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options every database subcommand shares: where the configuration comes from (the driver's
 * properties file, with {@code dualaccess.a.*} for A and {@code dualaccess.b.*} for B) and which
 * tables to work on.
 */
public final class Databases {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "The properties file the driver uses (dualaccess.a.url/user/password for A, dualaccess.b.* for B). "
            + "Default: as the driver finds it (dualaccess.properties on the classpath, -Ddualaccess.config, DUALACCESS_CONFIG); "
            + "system properties dualaccess.* and DUALACCESS_* variables override it.")
    Path config;

    @Option(names = {"-t", "--tables"}, split = ",", paramLabel = "TABLE",
        description = "Tables to work on (comma-separated, schema.table allowed). Default: dualaccess.tables.include, "
            + "else every table of A's schema not in dualaccess.tables.exclude.")
    List<String> tables;

    private DualAccessConfig loaded;

    /** The validated configuration (read once). */
    DualAccessConfig config() throws InvalidConfigurationException {
        if (loaded == null) {
            ClassLoader cl = Databases.class.getClassLoader();
            ConfigDiscovery.NamedFile file = config == null ? null : new ConfigDiscovery.NamedFile(config, "option --config");
            loaded = DualAccessConfig.from(ConfigDiscovery.discover(cl, System.getProperties(), System.getenv(), null, file));
        }
        return loaded;
    }

    /** B's names for A's tables and columns ({@code dualaccess.map.file}), or none. */
    SchemaMapping mapping() throws InvalidConfigurationException {
        return Translators.mapping(config());
    }

    /** Opens connections to A. */
    ConnectionSource a() throws InvalidConfigurationException {
        DualAccessConfig c = config();
        return source("A", ConfigKey.A_URL, c.text(ConfigKey.A_URL), c.text(ConfigKey.A_USER),
            c.text(ConfigKey.A_PASSWORD));
    }

    /** Opens connections to B. */
    ConnectionSource b() throws InvalidConfigurationException {
        DualAccessConfig c = config();
        return source("B", ConfigKey.B_URL, c.bUrl(), c.bUser(), c.bPassword());
    }

    private static ConnectionSource source(String side, ConfigKey key, String url, String user, String password)
        throws InvalidConfigurationException {
        if (url == null) {
            throw new InvalidConfigurationException("dualaccess: " + key.key() + " is not set: the command needs database "
                + side + " (set it in the properties file given with --config, or DUALACCESS_"
                + key.key().substring(ConfigKey.PREFIX.length()).toUpperCase(Locale.ROOT).replace('.', '_') + ")");
        }
        return () -> {
            try {
                return user == null && password == null ? DriverManager.getConnection(url)
                    : DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                throw new SQLException("cannot connect to " + side + " (" + key.key() + " = " + Masking.url(url) + "): "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
        };
    }

    /** The tables in scope: the option, else the include list, else A's tables minus the exclude list. */
    List<String> tables(ConnectionSource a) throws SQLException, InvalidConfigurationException {
        if (tables != null && !tables.isEmpty()) {
            return tables.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        java.util.Set<String> include = config().names(ConfigKey.TABLES_INCLUDE);
        if (include != null && !include.isEmpty()) {
            return List.copyOf(include);
        }
        TableScope scope = TableScope.of(config());
        List<String> out = new ArrayList<>();
        try (Connection c = a.open()) {
            for (String t : TableShape.list(c)) {
                if (scope.covers(t.toLowerCase(Locale.ROOT))) {
                    out.add(t);
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("no tables in scope: A's schema has none (or all are excluded)");
        }
        return out;
    }
}
