package io.dualaccess.cdc;

import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;
import io.dualaccess.source.ConnectionSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Debezium's schema history for a MySQL/MariaDB sync, kept in a table of B
 * ({@code dualaccess.sync.schema-history-table}, one row per DDL record, keyed by the sync's name
 * and a sequence) instead of a local file: a sync restarted on another host, or after its
 * directory was lost, finds the table definitions it had seen next to its offsets.
 *
 * <p>The engine creates this class by name; it finds B and the table under the id given in the
 * engine property {@value #ID_PROPERTY}, registered by {@link Sync}.
 */
public final class SchemaHistoryInB extends AbstractSchemaHistory {

    /** The engine property naming the registered table. */
    public static final String ID_PROPERTY = CONFIGURATION_FIELD_PREFIX_STRING + "dualaccess.id";

    /** Where one sync's history lives. */
    record Registration(String table, String sync, ConnectionSource b) {
    }

    private static final Map<String, Registration> REGISTERED = new ConcurrentHashMap<>();

    private Registration registration;
    private long nextSeq = -1;

    /** Called by the engine. */
    public SchemaHistoryInB() {
    }

    static void register(String id, String table, String sync, ConnectionSource b) {
        REGISTERED.put(id, new Registration(table, sync, b));
    }

    static void unregister(String id) {
        REGISTERED.remove(id);
    }

    @Override
    public void configure(Configuration config, HistoryRecordComparator comparator, SchemaHistoryListener listener, boolean useCatalogBeforeSchema) {
        super.configure(config, comparator, listener, useCatalogBeforeSchema);
        String id = config.getString(ID_PROPERTY);
        registration = id == null ? null : REGISTERED.get(id);
        if (registration == null) {
            throw new SchemaHistoryException("dualaccess: schema history started without a registered sync (" + ID_PROPERTY + " = " + id + ")");
        }
    }

    @Override
    protected synchronized void storeRecord(HistoryRecord record) throws SchemaHistoryException {
        try (Connection c = registration.b().open()) {
            c.setAutoCommit(true);
            if (nextSeq < 0) {
                nextSeq = maxSeq(c) + 1;
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + registration.table()
                + " (sync_name, seq, history_record) values (?, ?, ?)")) {
                ps.setString(1, registration.sync());
                ps.setLong(2, nextSeq);
                ps.setString(3, DocumentWriter.defaultWriter().write(record.document()));
                ps.executeUpdate();
            }
            nextSeq++;
        } catch (SQLException | IOException e) {
            throw new SchemaHistoryException("dualaccess: cannot store the schema history in B's " + registration.table() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized void recoverRecords(Consumer<HistoryRecord> records) {
        try (Connection c = registration.b().open();
             PreparedStatement ps = c.prepareStatement("select seq, history_record from " + registration.table()
                 + " where sync_name = ? order by seq")) {
            ps.setString(1, registration.sync());
            long max = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    max = rs.getLong(1);
                    records.accept(new HistoryRecord(DocumentReader.defaultReader().read(rs.getString(2))));
                }
            }
            nextSeq = max + 1;
        } catch (SQLException | IOException e) {
            throw new SchemaHistoryException("dualaccess: cannot read the schema history from B's " + registration.table() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists() {
        if (!storageExists()) {
            return false;
        }
        try (Connection c = registration.b().open()) {
            return maxSeq(c) >= 0;
        } catch (SQLException e) {
            throw new SchemaHistoryException("dualaccess: cannot read the schema history from B: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean storageExists() {
        try (Connection c = registration.b().open()) {
            return TablesInB.exists(c, registration.table());
        } catch (SQLException e) {
            throw new SchemaHistoryException("dualaccess: cannot reach B for the schema history: " + e.getMessage(), e);
        }
    }

    @Override
    public void initializeStorage() {
        try {
            create(registration.b(), registration.table());
        } catch (SQLException e) {
            throw new SchemaHistoryException("dualaccess: cannot create the schema history table " + registration.table() + " in B: " + e.getMessage(), e);
        }
    }

    /** Creates the table in B when it is missing. */
    static void create(ConnectionSource b, String table) throws SQLException {
        TablesInB.createIfMissing(b, table, c -> {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String text = product.contains("postgres") ? "text" : product.contains("mariadb") || product.contains("mysql") ? "longtext" : "clob";
            return "sync_name varchar(200) not null, seq bigint not null, history_record " + text + " not null, primary key (sync_name, seq)";
        });
    }

    /** Removes one sync's history (with its offsets: a fresh start). */
    static void clear(ConnectionSource b, String table, String sync) throws SQLException {
        try (Connection c = b.open()) {
            if (!TablesInB.exists(c, table)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where sync_name = ?")) {
                ps.setString(1, sync);
                ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select max(seq) from " + registration.table() + " where sync_name = ?")) {
            ps.setString(1, registration.sync());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        }
    }

    @Override
    public String toString() {
        return "schema history in B's " + (registration == null ? "?" : registration.table());
    }
}
