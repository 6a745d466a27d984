package io.dualaccess.route;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.source.ConnectionSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The phase shared by a fleet: one row per scope in a table in B ({@code dualaccess.control.table}),
 * {@code *} for the global axes and one row per table override. A row's null axis follows the
 * global one (for a table) or the configuration (for {@code *}); a table row with both axes null
 * records that the override was cleared, so it also hides an override from the configuration file.
 * Created on demand with DDL that H2, PostgreSQL and MariaDB all accept.
 */
public final class ControlTable {

    /** The row holding the global axes. */
    public static final String GLOBAL = "*";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final String name;
    private final ConnectionSource b;

    /**
     * One row of the table.
     *
     * @param target {@link #GLOBAL} or a table name (lower case)
     * @param reads the reads axis, or null
     * @param writes the writes axis, or null
     * @param version a counter over the whole table: the highest is the latest change
     * @param updatedAt when it was written (ISO-8601 UTC)
     * @param updatedBy who wrote it
     */
    public record Row(String target, Reads reads, Writes writes, long version, String updatedAt, String updatedBy) {
    }

    /**
     * @param name the table's name (checked: letters, digits and underscores, optionally schema-qualified)
     * @param b where connections to B come from
     */
    public ControlTable(String name, ConnectionSource b) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a table name of letters, digits and underscores (optionally schema.table)");
        }
        this.name = name;
        this.b = b;
    }

    /**
     * The control table's name a configuration sets: {@code dualaccess.control.table}, placed in
     * {@code dualaccess.b.schema} when that is set and the name has no schema of its own.
     */
    public static String name(DualAccessConfig config) {
        String table = config.text(ConfigKey.CONTROL_TABLE);
        String schema = config.text(ConfigKey.B_SCHEMA);
        return schema == null || table.contains(".") ? table : schema + "." + table;
    }

    /** The table's name. */
    public String name() {
        return name;
    }

    /** Creates the table when it is missing; another instance creating it at the same moment is fine. */
    void ensure(Connection c) throws SQLException {
        int dot = name.indexOf('.');
        if (dot > 0) {
            try (Statement s = c.createStatement()) {
                s.execute("create schema if not exists " + name.substring(0, dot));
            } catch (SQLException noRightOrExists) {
                // Created by an administrator, or not creatable: the table's own DDL reports what is wrong.
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists " + name + " (target varchar(255) not null primary key,"
                + " reads_axis varchar(20), writes_axis varchar(20), version bigint not null,"
                + " updated_at varchar(40) not null, updated_by varchar(255))");
        } catch (SQLException e) {
            // PostgreSQL may refuse a concurrent CREATE TABLE IF NOT EXISTS with a duplicate-key error.
            if (!exists(c)) {
                throw e;
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private boolean exists(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + name)) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Every row, by target; creates the table when missing. */
    public Map<String, Row> read() throws SQLException {
        try (Connection c = b.open()) {
            Map<String, Row> rows = new LinkedHashMap<>();
            try {
                select(c, rows);
            } catch (SQLException missing) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                ensure(c);
                select(c, rows);
            }
            return rows;
        }
    }

    private void select(Connection c, Map<String, Row> rows) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "select target, reads_axis, writes_axis, version, updated_at, updated_by from " + name + " order by version")) {
            while (rs.next()) {
                String target = rs.getString(1);
                Reads r = axis(rs.getString(2), Reads::fromConfigValue, "reads_axis", target);
                Writes w = axis(rs.getString(3), Writes::fromConfigValue, "writes_axis", target);
                rows.put(target, new Row(target, r, w, rs.getLong(4), rs.getString(5), rs.getString(6)));
            }
        }
    }

    private <T> T axis(String text, Function<String, T> parse, String column, String target) throws SQLException {
        if (text == null || text.isBlank()) {
            return null;
        }
        T v = parse.apply(text.trim().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new SQLException("dualaccess: control table " + name + ", row '" + target + "': " + column + " = '" + text
                + "' is not an axis dualaccess knows (see docs/phases.md)", "22023");
        }
        return v;
    }

    /** Writes one row (insert or update), stamped with the next version, and commits. */
    public void write(String target, Reads reads, Writes writes, String actor) throws SQLException {
        try (Connection c = b.open()) {
            ensure(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                upsert(c, target, reads, writes, actor);
                c.commit();
            } catch (SQLException first) {
                c.rollback();
                // Another instance inserted the same target meanwhile: the row exists now, update it.
                try {
                    upsert(c, target, reads, writes, actor);
                    c.commit();
                } catch (SQLException again) {
                    c.rollback();
                    again.addSuppressed(first);
                    throw again;
                }
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private void upsert(Connection c, String target, Reads reads, Writes writes, String actor) throws SQLException {
        long version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select max(version) from " + name)) {
            rs.next();
            version = rs.getLong(1) + 1;
        }
        String now = Instant.now().toString();
        String by = actor == null ? null : actor.length() > 255 ? actor.substring(0, 255) : actor;
        try (PreparedStatement up = c.prepareStatement("update " + name
            + " set reads_axis = ?, writes_axis = ?, version = ?, updated_at = ?, updated_by = ? where target = ?")) {
            up.setString(1, reads == null ? null : reads.configValue());
            up.setString(2, writes == null ? null : writes.configValue());
            up.setLong(3, version);
            up.setString(4, now);
            up.setString(5, by);
            up.setString(6, target);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("insert into " + name
            + " (target, reads_axis, writes_axis, version, updated_at, updated_by) values (?, ?, ?, ?, ?, ?)")) {
            in.setString(1, target);
            in.setString(2, reads == null ? null : reads.configValue());
            in.setString(3, writes == null ? null : writes.configValue());
            in.setLong(4, version);
            in.setString(5, now);
            in.setString(6, by);
            in.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "ControlTable[" + name + "]";
    }
}
