package io.dualaccess.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.List;

/**
 * The application's copy of generated keys: the rows the driver returned, held in memory, read-only
 * and scrollable, with a snapshot of the vendor's column metadata ({@link KeyRowsMetaData}). A light
 * stand-in for a {@code CachedRowSet}, whose creation and filling cost tens of microseconds per
 * insert. Values are the vendor's {@code getObject}; the typed getters convert numbers and text as
 * drivers do, and refuse what they cannot convert.
 */
final class KeyRows implements ResultSet {

    private final KeyRowsMetaData meta;
    private final List<Object[]> rows;
    /** 0: before the first row; rows.size() + 1: after the last. */
    private int cursor;
    private boolean closed;
    private boolean lastWasNull;
    private int fetchSize;
    private int fetchDirection = FETCH_FORWARD;

    KeyRows(KeyRowsMetaData meta, List<Object[]> rows) {
        this.meta = meta;
        this.rows = rows;
    }

    /** Copies every remaining row of a vendor result (the caller reads the vendor's metadata first). */
    static KeyRows copy(ResultSet vendor) throws SQLException {
        KeyRowsMetaData meta = KeyRowsMetaData.of(vendor.getMetaData());
        int n = meta.getColumnCount();
        List<Object[]> rows = new java.util.ArrayList<>(2);
        while (vendor.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = vendor.getObject(i + 1);
            }
            rows.add(row);
        }
        return new KeyRows(meta, rows);
    }

    private void open() throws SQLException {
        if (closed) {
            throw new SQLException("the generated keys result is closed", "24000");
        }
    }

    private Object value(int column) throws SQLException {
        open();
        if (cursor < 1 || cursor > rows.size()) {
            throw new SQLException("no current row in the generated keys result", "24000");
        }
        if (column < 1 || column > meta.getColumnCount()) {
            throw new SQLException("the generated keys result has no column " + column, "07009");
        }
        Object v = rows.get(cursor - 1)[column - 1];
        lastWasNull = v == null;
        return v;
    }

    private static SQLException cannot(Object v, String type) {
        return new SQLException("cannot read the generated key " + v + " (" + v.getClass().getName() + ") as " + type, "22018");
    }

    private static SQLException readOnly() {
        return new SQLFeatureNotSupportedException("the generated keys result is read-only", "0A000");
    }

    private Number number(int column, String type) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw cannot(v, type);
        }
    }

    @Override
    public boolean next() throws SQLException {
        open();
        if (cursor <= rows.size()) {
            cursor++;
        }
        return cursor <= rows.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        open();
        return lastWasNull;
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return value(column);
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a type", "HY009");
        }
        Object v = value(column);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        Object out;
        if (type == Long.class) {
            out = getLong(column);
        } else if (type == Integer.class) {
            out = getInt(column);
        } else if (type == Short.class) {
            out = getShort(column);
        } else if (type == Byte.class) {
            out = getByte(column);
        } else if (type == Double.class) {
            out = getDouble(column);
        } else if (type == Float.class) {
            out = getFloat(column);
        } else if (type == BigDecimal.class) {
            out = getBigDecimal(column);
        } else if (type == java.math.BigInteger.class) {
            out = getBigDecimal(column).toBigIntegerExact();
        } else if (type == String.class) {
            out = getString(column);
        } else if (type == Boolean.class) {
            out = getBoolean(column);
        } else {
            throw cannot(v, type.getName());
        }
        return type.cast(out);
    }

    @Override
    public Object getObject(int column, java.util.Map<String, Class<?>> map) throws SQLException {
        return value(column);
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("f")) {
            return false;
        }
        throw cannot(v, "boolean");
    }

    @Override
    public byte getByte(int column) throws SQLException {
        Number n = number(column, "byte");
        return n == null ? 0 : n.byteValue();
    }

    @Override
    public short getShort(int column) throws SQLException {
        Number n = number(column, "short");
        return n == null ? 0 : n.shortValue();
    }

    @Override
    public int getInt(int column) throws SQLException {
        Number n = number(column, "int");
        return n == null ? 0 : n.intValue();
    }

    @Override
    public long getLong(int column) throws SQLException {
        Number n = number(column, "long");
        return n == null ? 0 : n.longValue();
    }

    @Override
    public float getFloat(int column) throws SQLException {
        Number n = number(column, "float");
        return n == null ? 0 : n.floatValue();
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Number n = number(column, "double");
        return n == null ? 0 : n.doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Number n = number(column, "BigDecimal");
        if (n == null || n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal b = getBigDecimal(column);
        return b == null ? null : b.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw cannot(v, "byte[]");
    }

    private <T> T as(int column, Class<T> type) throws SQLException {
        Object v = value(column);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        throw cannot(v, type.getSimpleName());
    }

    @Override
    public Date getDate(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Timestamp t) {
            return new Date(t.getTime());
        }
        return as(column, Date.class);
    }

    @Override
    public Time getTime(int column) throws SQLException {
        return as(column, Time.class);
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Date d) {
            return new Timestamp(d.getTime());
        }
        return as(column, Timestamp.class);
    }

    @Override
    public Date getDate(int column, java.util.Calendar cal) throws SQLException {
        return getDate(column);
    }

    @Override
    public Time getTime(int column, java.util.Calendar cal) throws SQLException {
        return getTime(column);
    }

    @Override
    public Timestamp getTimestamp(int column, java.util.Calendar cal) throws SQLException {
        return getTimestamp(column);
    }

    @Override
    public java.io.InputStream getBinaryStream(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new java.io.ByteArrayInputStream(b);
    }

    @Override
    public java.io.InputStream getAsciiStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
    }

    @Override
    public java.io.Reader getCharacterStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new java.io.StringReader(s);
    }

    @Override
    public java.io.Reader getNCharacterStream(int column) throws SQLException {
        return getCharacterStream(column);
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        return as(column, Ref.class);
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        return as(column, Blob.class);
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        return as(column, Clob.class);
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        return as(column, NClob.class);
    }

    @Override
    public Array getArray(int column) throws SQLException {
        return as(column, Array.class);
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        return as(column, RowId.class);
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        return as(column, SQLXML.class);
    }

    @Override
    public java.net.URL getURL(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof java.net.URL) {
            return (java.net.URL) v;
        }
        try {
            return new java.net.URL(v.toString());
        } catch (java.net.MalformedURLException e) {
            throw cannot(v, "URL");
        }
    }

    @Override
    public int findColumn(String label) throws SQLException {
        open();
        int i = meta.find(label);
        if (i < 1) {
            throw new SQLException("the generated keys result has no column " + label, "42703");
        }
        return i;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        open();
        return meta;
    }

    @Override
    public Statement getStatement() throws SQLException {
        open();
        return null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        open();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        open();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("the generated keys result has no cursor name", "0A000");
    }

    // ---- position ------------------------------------------------------------------------

    @Override
    public boolean isBeforeFirst() throws SQLException {
        open();
        return cursor == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        open();
        return cursor > rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        open();
        return cursor == 1 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        open();
        return cursor == rows.size() && !rows.isEmpty();
    }

    @Override
    public void beforeFirst() throws SQLException {
        open();
        cursor = 0;
    }

    @Override
    public void afterLast() throws SQLException {
        open();
        cursor = rows.size() + 1;
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public int getRow() throws SQLException {
        open();
        return cursor >= 1 && cursor <= rows.size() ? cursor : 0;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        open();
        int n = rows.size();
        int to = row >= 0 ? row : n + 1 + row;
        cursor = Math.max(0, Math.min(n + 1, to));
        return cursor >= 1 && cursor <= n;
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        open();
        int n = rows.size();
        cursor = (int) Math.max(0, Math.min(n + 1L, (long) cursor + delta));
        return cursor >= 1 && cursor <= n;
    }

    @Override
    public boolean previous() throws SQLException {
        open();
        if (cursor > 0) {
            cursor--;
        }
        return cursor >= 1 && cursor <= rows.size();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        open();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        open();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        open();
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        open();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        open();
        return TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public int getConcurrency() throws SQLException {
        open();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        open();
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        open();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        open();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        open();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("the generated keys result wraps no " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ---- by label: the same as by index --------------------------------------------------
    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public java.io.InputStream getAsciiStream(String label) throws SQLException {
        return getAsciiStream(findColumn(label));
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(String label) throws SQLException {
        return getUnicodeStream(findColumn(label));
    }

    @Override
    public java.io.InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public java.io.Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public Object getObject(String label, java.util.Map<String, Class<?>> x) throws SQLException {
        return getObject(findColumn(label), x);
    }

    @Override
    public Ref getRef(String label) throws SQLException {
        return getRef(findColumn(label));
    }

    @Override
    public Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public Clob getClob(String label) throws SQLException {
        return getClob(findColumn(label));
    }

    @Override
    public Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }

    @Override
    public Date getDate(String label, java.util.Calendar x) throws SQLException {
        return getDate(findColumn(label), x);
    }

    @Override
    public Time getTime(String label, java.util.Calendar x) throws SQLException {
        return getTime(findColumn(label), x);
    }

    @Override
    public Timestamp getTimestamp(String label, java.util.Calendar x) throws SQLException {
        return getTimestamp(findColumn(label), x);
    }

    @Override
    public java.net.URL getURL(String label) throws SQLException {
        return getURL(findColumn(label));
    }

    @Override
    public RowId getRowId(String label) throws SQLException {
        return getRowId(findColumn(label));
    }

    @Override
    public NClob getNClob(String label) throws SQLException {
        return getNClob(findColumn(label));
    }

    @Override
    public SQLXML getSQLXML(String label) throws SQLException {
        return getSQLXML(findColumn(label));
    }

    @Override
    public String getNString(String label) throws SQLException {
        return getNString(findColumn(label));
    }

    @Override
    public java.io.Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> x) throws SQLException {
        return getObject(findColumn(label), x);
    }

    // ---- read-only ------------------------------------------------------------------------

    @Override
    public void updateNull(int column) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int column, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int column, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int column, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int column, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int column, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int column, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int column, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int column, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int column, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int column, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int column, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int column, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, java.io.InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, java.io.InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, java.io.Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int column, Object x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int column, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String label) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String label, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String label, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String label, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String label, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String label, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String label, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String label, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String label, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String label, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String label, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String label, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String label, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String label, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String label, java.io.InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String label, java.io.InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String label, java.io.Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String label, Object x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String label, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(int column, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String label, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String label, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String label, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(int column, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String label, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int column, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String label, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String label, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String label, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int column, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String label, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int column, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String label, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String label, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String label, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String label, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String label, java.io.InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String label, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String label, java.io.Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int column, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String label, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String label, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String label, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String label, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String label, java.io.InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String label, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, java.io.Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String label, java.io.Reader x) throws SQLException {
        throw readOnly();
    }
}
