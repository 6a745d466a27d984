package io.dualaccess.shadow;

import io.dualaccess.compare.RowDigest;

import java.sql.Timestamp;
import java.sql.Types;

/**
 * The values the application read from the row it is on, for the digest of that row, which runs
 * when the application leaves it ({@link ReadCapture}: rows past the kept ones, on a forward-only,
 * read-only result). The digest takes them instead of reading the columns again, so the driver
 * makes no second String or Timestamp per row. A value is taken only where it is exactly what the
 * digest's own getter would return:
 * <ul>
 * <li>{@code getLong}'s, for the columns the digest reads with {@code getLong}; {@code getInt}'s
 *     for those of them that are {@code INTEGER}, {@code SMALLINT} or {@code TINYINT};</li>
 * <li>{@code getDouble}'s, for the columns the digest reads with {@code getDouble};</li>
 * <li>{@code getString}'s and {@code getTimestamp}'s for the text and {@code TIMESTAMP} columns
 *     whose {@code getObject} returned a {@code String} or a {@code java.sql.Timestamp} on this
 *     result's first row (where the digest read them itself).</li>
 * </ul>
 * A zero from {@code getInt}, {@code getLong} or {@code getDouble} may be SQL NULL, so it is not
 * taken (the digest asks the driver). A Timestamp is taken apart as the application reads it: the
 * application may change its object afterwards. One per read with more rows than are kept; arrays
 * by result column, made once; nothing per row.
 */
final class AppValues {

    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte TEXT = 4;
    static final byte TIMESTAMP = 5;

    private final RowDigest.Shape shape;
    /** Of the columns (bits, the first 64), the text and TIMESTAMP ones whose application values are taken. */
    private long text;
    private long timestamp;
    /** The row the application is on: a column's value counts for it when {@code seenRow} holds it. */
    private int row;
    private final int[] seenRow;
    private final byte[] seenKind;
    /** A long, or a Timestamp's getTime(). */
    private long[] seenLong;
    /** A Timestamp's getNanos(), or -1 for SQL NULL. */
    private int[] seenNanos;
    private double[] seenDouble;
    private String[] seenText;
    /** The column {@link #knownTimestamp} answered for, and what the next wasNull() says (0: ask the driver, 1: not null, 2: null). */
    private int knownColumn;
    private byte knownNull;

    /**
     * @param objectText columns (bits, the first 64) whose getObject returned a String on the first row
     * @param objectTimestamp columns whose getObject returned a java.sql.Timestamp on the first row
     */
    AppValues(RowDigest.Shape shape, long objectText, long objectTimestamp) {
        this.shape = shape;
        int n = shape.width() + 1;
        this.seenRow = new int[n];
        this.seenKind = new byte[n];
        reuse(objectText, objectTimestamp);
    }

    RowDigest.Shape shape() {
        return shape;
    }

    /**
     * For another read of the same shape (the record is recycled with its digest): what was read
     * before counts no more, and these columns' application text and timestamps are taken.
     */
    void reuse(long objectText, long objectTimestamp) {
        nextRow();
        int n = seenRow.length;
        long t = 0;
        long ts = 0;
        for (int column = 1; column < n && column <= Long.SIZE; column++) {
            long bit = 1L << (column - 1);
            int type = shape.sqlType(column);
            if ((objectText & bit) != 0 && (type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR
                    || type == Types.NCHAR)) {
                t |= bit;
            }
            if ((objectTimestamp & bit) != 0 && type == Types.TIMESTAMP) {
                ts |= bit;
            }
        }
        this.text = t;
        this.timestamp = ts;
    }

    /** The application moved to another row: what it read before counts no more. */
    void nextRow() {
        if (++row == Integer.MAX_VALUE) {
            // Never wraps round to a row number a column was last seen on.
            java.util.Arrays.fill(seenRow, 0);
            row = 1;
        }
        knownNull = 0;
    }

    void readLong(int column, long v, boolean fromInt) {
        if (v != 0 && column > 0 && column < seenRow.length) {
            if (seenLong == null) {
                seenLong = new long[seenRow.length];
            }
            seenRow[column] = row;
            seenKind[column] = fromInt ? INT : LONG;
            seenLong[column] = v;
        }
    }

    void readDouble(int column, double v) {
        if (v != 0 && column > 0 && column < seenRow.length) {
            if (seenDouble == null) {
                seenDouble = new double[seenRow.length];
            }
            seenRow[column] = row;
            seenKind[column] = DOUBLE;
            seenDouble[column] = v;
        }
    }

    void readText(int column, String v) {
        if (column > 0 && column <= Long.SIZE && (text & 1L << (column - 1)) != 0) {
            if (seenText == null) {
                seenText = new String[seenRow.length];
            }
            seenRow[column] = row;
            seenKind[column] = TEXT;
            seenText[column] = v;
        }
    }

    void readTimestamp(int column, Timestamp v) {
        if (column > 0 && column <= Long.SIZE && (timestamp & 1L << (column - 1)) != 0) {
            if (seenNanos == null) {
                seenNanos = new int[seenRow.length];
            }
            if (seenLong == null) {
                seenLong = new long[seenRow.length];
            }
            seenRow[column] = row;
            seenKind[column] = TIMESTAMP;
            if (v == null) {
                seenNanos[column] = -1;
            } else {
                seenLong[column] = v.getTime();
                seenNanos[column] = v.getNanos();
            }
        }
    }

    private boolean seen(int column, byte kind) {
        return column > 0 && column < seenRow.length && seenRow[column] == row && seenKind[column] == kind;
    }

    /** Whether the application's value answers the digest's getLong of this column ({@link #longValue}). */
    boolean hasLong(int column) {
        knownNull = 0;
        if (seen(column, LONG)) {
            return true;
        }
        if (!seen(column, INT)) {
            return false;
        }
        int type = shape.sqlType(column);
        return type == Types.INTEGER || type == Types.SMALLINT || type == Types.TINYINT;
    }

    long longValue(int column) {
        return seenLong[column];
    }

    /** Whether the application's value answers the digest's getDouble of this column ({@link #doubleValue}). */
    boolean hasDouble(int column) {
        knownNull = 0;
        return seen(column, DOUBLE);
    }

    double doubleValue(int column) {
        return seenDouble[column];
    }

    /** Whether the application's value answers the digest's getObject of this column ({@link #text}). */
    boolean hasText(int column) {
        knownNull = 0;
        return seen(column, TEXT);
    }

    String text(int column) {
        return seenText[column];
    }

    /** Whether the application read this TIMESTAMP column's value: then wasNull() and the parts answer it. */
    boolean knownTimestamp(int column) {
        if (!seen(column, TIMESTAMP)) {
            knownNull = 0;
            return false;
        }
        knownColumn = column;
        knownNull = seenNanos[column] < 0 ? (byte) 2 : (byte) 1;
        return true;
    }

    long timestampTime() {
        return seenLong[knownColumn];
    }

    int timestampNanos() {
        return seenNanos[knownColumn];
    }

    /** What wasNull() answers after {@link #knownTimestamp}: 0 to ask the driver, 1 not null, 2 null (answered once). */
    byte takeKnownNull() {
        byte k = knownNull;
        knownNull = 0;
        return k;
    }

    /** Forgets what wasNull() would answer (another getter was asked). */
    void forgetKnownNull() {
        knownNull = 0;
    }
}
