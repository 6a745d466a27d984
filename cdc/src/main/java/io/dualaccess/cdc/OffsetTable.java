package io.dualaccess.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dualaccess.source.ConnectionSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table in B that holds each sync's position in A's change log: one row per sync name and
 * source partition, written in the same B transaction as the changes it covers, so B's data and
 * its position never disagree. It also counts what was applied, which proves that a restart
 * applied nothing twice.
 */
public final class OffsetTable {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String table;
    private final String sync;

    /**
     * @param table the table's name in B ({@code dualaccess.sync.offsets-table})
     * @param sync  the sync's name ({@code dualaccess.sync.slot})
     */
    public OffsetTable(String table, String sync) {
        this.table = table;
        this.sync = sync;
    }

    /** Creates the table in B when it is missing. */
    public void create(ConnectionSource b) throws SQLException {
        TablesInB.createIfMissing(b, table, c -> "sync_name varchar(200) not null, partition_key varchar(1000) not null,"
            + " source_offset varchar(4000) not null, transactions bigint not null, events bigint not null,"
            + " updated_at timestamp not null, primary key (sync_name, partition_key)");
    }

    /** This sync's stored offsets: canonical partition JSON to offset JSON. */
    public Map<String, String> load(ConnectionSource b) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = b.open();
             PreparedStatement ps = c.prepareStatement("select partition_key, source_offset from " + table + " where sync_name = ?")) {
            ps.setString(1, sync);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Stores a position on B's connection, in the caller's open transaction.
     *
     * @param transactions A's transactions this B transaction applies
     * @param events       change events it applies
     */
    public void save(Connection c, Map<String, ?> partition, Map<String, ?> offset, long transactions, long events) throws SQLException {
        String key = json(partition);
        String value = json(offset);
        java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
        try (PreparedStatement up = c.prepareStatement("update " + table + " set source_offset = ?, transactions = transactions + ?,"
            + " events = events + ?, updated_at = ? where sync_name = ? and partition_key = ?")) {
            up.setString(1, value);
            up.setLong(2, transactions);
            up.setLong(3, events);
            up.setTimestamp(4, now);
            up.setString(5, sync);
            up.setString(6, key);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("insert into " + table
            + " (sync_name, partition_key, source_offset, transactions, events, updated_at) values (?, ?, ?, ?, ?, ?)")) {
            in.setString(1, sync);
            in.setString(2, key);
            in.setString(3, value);
            in.setLong(4, transactions);
            in.setLong(5, events);
            in.setTimestamp(6, now);
            in.executeUpdate();
        }
    }

    /** Removes this sync's offsets (a fresh start: the next run snapshots again). */
    public void clear(ConnectionSource b) throws SQLException {
        try (Connection c = b.open(); PreparedStatement ps = c.prepareStatement("delete from " + table + " where sync_name = ?")) {
            ps.setString(1, sync);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** Canonical JSON of a partition or offset map (keys sorted), the form stored in B. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write offset as JSON: " + value, e);
        }
    }

    static Object parse(byte[] json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read offset key as JSON", e);
        }
    }
}
