package io.dualaccess.keyset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * One column of a table on one side, as copying and comparing need it.
 *
 * @param name the column's exact name on its side (as the catalog stores it)
 * @param sqlType the {@link Types} code the driver reports
 * @param typeName the engine's type name
 */
public record TableColumn(String name, int sqlType, String typeName) {

    /**
     * Reads the value for copying to the other side. Timestamps come as {@link LocalDateTime} (or
     * {@link OffsetDateTime} with a zone), never through {@code java.sql.Timestamp}, so a wall-clock
     * time inside a daylight-saving gap of the JVM's zone is not shifted; LOBs are read into memory
     * (a chunk holds them), because a LOB belongs to the connection that read it.
     */
    public Object read(ResultSet rs, int index) throws SQLException {
        Object v;
        switch (sqlType) {
            case Types.TIMESTAMP -> v = withZone() ? rs.getObject(index, OffsetDateTime.class)
                : rs.getObject(index, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> v = rs.getObject(index, OffsetDateTime.class);
            case Types.DATE -> v = rs.getObject(index, LocalDate.class);
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> v = rs.getBytes(index);
            case Types.CLOB, Types.NCLOB, Types.LONGVARCHAR, Types.LONGNVARCHAR -> v = rs.getString(index);
            default -> v = rs.getObject(index);
        }
        return rs.wasNull() ? null : v;
    }

    /** The value of a key column, in the one Java type per kind that {@link Keys} encodes. */
    public Object readKey(ResultSet rs, int index) throws SQLException {
        Object v = read(rs, index);
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger i && i.bitLength() < 64) {
            return i.longValue();
        }
        if (v instanceof String s && isUuid()) {
            return UUID.fromString(s);
        }
        if (v != null && !(v instanceof Long || v instanceof BigDecimal || v instanceof BigInteger || v instanceof String
            || v instanceof UUID || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof OffsetDateTime
            || v instanceof byte[])) {
            return v.toString();
        }
        return v;
    }

    /**
     * Binds a value read on the other side (by {@link #read}) to a parameter for this column. Values
     * the other engine's driver made (PostgreSQL's {@code PGobject} for json, arrays, UUIDs on an
     * engine without them) go as text unless this side is the same engine.
     */
    public void bind(PreparedStatement ps, int index, Object v, Dialect dialect) throws SQLException {
        if (v == null) {
            ps.setNull(index, sqlType == Types.OTHER || sqlType == Types.ARRAY ? Types.NULL : sqlType);
            return;
        }
        if (v instanceof UUID u && dialect != Dialect.POSTGRESQL && dialect != Dialect.H2) {
            ps.setString(index, u.toString());
            return;
        }
        if (v instanceof Array a) {
            if (dialect == Dialect.POSTGRESQL || dialect == Dialect.H2) {
                ps.setObject(index, a.getArray());
            } else {
                ps.setString(index, a.toString());
            }
            return;
        }
        String driverClass = v.getClass().getName();
        if (driverClass.startsWith("org.postgresql.")) {
            if (dialect == Dialect.POSTGRESQL) {
                ps.setObject(index, v);
            } else {
                ps.setString(index, v.toString());
            }
            return;
        }
        if (v instanceof String s && dialect == Dialect.POSTGRESQL && sqlType == Types.OTHER) {
            // Text for json, uuid, inet, ... columns: let the server cast it, as it would a literal.
            ps.setObject(index, s, Types.OTHER);
            return;
        }
        ps.setObject(index, v);
    }

    private boolean withZone() {
        String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return t.contains("timestamptz") || t.contains("with time zone");
    }

    private boolean isUuid() {
        return typeName != null && typeName.equalsIgnoreCase("uuid");
    }
}
