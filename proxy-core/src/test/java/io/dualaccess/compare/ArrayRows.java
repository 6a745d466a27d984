package io.dualaccess.compare;

/** A {@link RowSource} over one row of driver values at a time ({@link #row}), for digest tests. */
class ArrayRows implements RowSource {
    /** The current row's values, column 1 first. */
    Object[] row;
    boolean wasNull;

    @Override
    public Object getObject(int column) {
        Object v = row[column - 1];
        wasNull = v == null;
        return v;
    }

    @Override
    public long getLong(int column) {
        Object v = getObject(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    @Override
    public double getDouble(int column) {
        Object v = getObject(column);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }
}
