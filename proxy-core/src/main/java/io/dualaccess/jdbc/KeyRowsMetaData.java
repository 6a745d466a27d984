package io.dualaccess.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The vendor's column metadata of a generated keys result, read once into arrays: the vendor's
 * result is closed once its keys are read (some drivers' metadata then refuses to answer). What the
 * vendor refused to tell is refused again, with the same exception.
 */
final class KeyRowsMetaData implements ResultSetMetaData {

    private static final int LABEL = 0;
    private static final int NAME = 1;
    private static final int TYPE = 2;
    private static final int TYPE_NAME = 3;
    private static final int CLASS_NAME = 4;
    private static final int PRECISION = 5;
    private static final int SCALE = 6;
    private static final int NULLABLE = 7;
    private static final int DISPLAY_SIZE = 8;
    private static final int SIGNED = 9;
    private static final int AUTO_INCREMENT = 10;
    private static final int CASE_SENSITIVE = 11;
    private static final int SEARCHABLE = 12;
    private static final int CURRENCY = 13;
    private static final int READ_ONLY = 14;
    private static final int WRITABLE = 15;
    private static final int DEFINITELY_WRITABLE = 16;
    private static final int TABLE = 17;
    private static final int SCHEMA = 18;
    private static final int CATALOG = 19;
    private static final int ATTRIBUTES = 20;

    /** Per column, per attribute: the vendor's answer, or the SQLException it gave. */
    private final Object[][] columns;

    private KeyRowsMetaData(Object[][] columns) {
        this.columns = columns;
    }

    static KeyRowsMetaData of(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        Object[][] columns = new Object[n][ATTRIBUTES];
        for (int c = 0; c < n; c++) {
            for (int a = 0; a < ATTRIBUTES; a++) {
                try {
                    columns[c][a] = read(md, c + 1, a);
                } catch (SQLException | RuntimeException e) {
                    columns[c][a] = new Refused(e);
                }
            }
        }
        return new KeyRowsMetaData(columns);
    }

    private static Object read(ResultSetMetaData md, int c, int attribute) throws SQLException {
        switch (attribute) {
            case LABEL: return md.getColumnLabel(c);
            case NAME: return md.getColumnName(c);
            case TYPE: return md.getColumnType(c);
            case TYPE_NAME: return md.getColumnTypeName(c);
            case CLASS_NAME: return md.getColumnClassName(c);
            case PRECISION: return md.getPrecision(c);
            case SCALE: return md.getScale(c);
            case NULLABLE: return md.isNullable(c);
            case DISPLAY_SIZE: return md.getColumnDisplaySize(c);
            case SIGNED: return md.isSigned(c);
            case AUTO_INCREMENT: return md.isAutoIncrement(c);
            case CASE_SENSITIVE: return md.isCaseSensitive(c);
            case SEARCHABLE: return md.isSearchable(c);
            case CURRENCY: return md.isCurrency(c);
            case READ_ONLY: return md.isReadOnly(c);
            case WRITABLE: return md.isWritable(c);
            case DEFINITELY_WRITABLE: return md.isDefinitelyWritable(c);
            case TABLE: return md.getTableName(c);
            case SCHEMA: return md.getSchemaName(c);
            default: return md.getCatalogName(c);
        }
    }

    /** What the vendor's metadata threw for an attribute. */
    private record Refused(Exception e) {
    }

    private Object get(int column, int attribute) throws SQLException {
        if (column < 1 || column > columns.length) {
            throw new SQLException("the generated keys result has no column " + column, "07009");
        }
        Object v = columns[column - 1][attribute];
        if (v instanceof Refused r) {
            if (r.e() instanceof SQLException s) {
                throw s;
            }
            throw (RuntimeException) r.e();
        }
        return v;
    }

    /** The 1-based index of a column by label (then by name), ignoring case; 0 when none. */
    int find(String label) {
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < columns.length; c++) {
                Object v = columns[c][pass == 0 ? LABEL : NAME];
                if (v instanceof String s && s.equalsIgnoreCase(label)) {
                    return c + 1;
                }
            }
        }
        return 0;
    }

    @Override
    public int getColumnCount() {
        return columns.length;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return (Boolean) get(column, AUTO_INCREMENT);
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return (Boolean) get(column, CASE_SENSITIVE);
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return (Boolean) get(column, SEARCHABLE);
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return (Boolean) get(column, CURRENCY);
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return (Integer) get(column, NULLABLE);
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return (Boolean) get(column, SIGNED);
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return (Integer) get(column, DISPLAY_SIZE);
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return (String) get(column, LABEL);
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return (String) get(column, NAME);
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return (String) get(column, SCHEMA);
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return (Integer) get(column, PRECISION);
    }

    @Override
    public int getScale(int column) throws SQLException {
        return (Integer) get(column, SCALE);
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return (String) get(column, TABLE);
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return (String) get(column, CATALOG);
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return (Integer) get(column, TYPE);
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return (String) get(column, TYPE_NAME);
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return (Boolean) get(column, READ_ONLY);
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return (Boolean) get(column, WRITABLE);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return (Boolean) get(column, DEFINITELY_WRITABLE);
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return (String) get(column, CLASS_NAME);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("the generated keys metadata wraps no " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
