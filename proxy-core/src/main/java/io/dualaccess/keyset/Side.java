package io.dualaccess.keyset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * One side of a {@link TablePair}: its table, the compared columns in the pair's order (the same
 * position holds the same column on both sides), and the SQL that walks, reads and writes it by key.
 * Key predicates are built for keyset pagination: {@code k > ?} for one column; {@code (k1, k2) > (?, ?)}
 * where the engine serves row values from the index; the expanded
 * {@code k1 > ? OR (k1 = ? AND k2 > ?)} elsewhere.
 */
public final class Side {

    private final TableShape shape;
    private final List<TableColumn> columns;
    private final List<TableColumn> key;
    private final int[] keyIndex;

    Side(TableShape shape, List<TableColumn> columns, List<TableColumn> key) {
        this.shape = shape;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.keyIndex = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            keyIndex[i] = columns.indexOf(key.get(i));
        }
    }

    /** The table. */
    public TableShape shape() {
        return shape;
    }

    /** The engine. */
    public Dialect dialect() {
        return shape.dialect();
    }

    /** The compared columns, in the pair's order. */
    public List<TableColumn> columns() {
        return columns;
    }

    /** The key columns, in key order. */
    public List<TableColumn> key() {
        return key;
    }

    /** Positions of the key columns among {@link #columns()}. */
    public int[] keyIndex() {
        return keyIndex.clone();
    }

    private String list(List<TableColumn> cols) {
        StringJoiner j = new StringJoiner(", ");
        for (TableColumn c : cols) {
            j.add(shape.quoted(c));
        }
        return j.toString();
    }

    private String orderBy() {
        return " ORDER BY " + list(key);
    }

    /** {@code key > (cursor)}; bind with {@link #bindAfter}. */
    String after() {
        if (key.size() == 1) {
            return shape.quoted(key.get(0)) + " > ?";
        }
        if (dialect().rowValues()) {
            return "(" + list(key) + ") > (" + "?, ".repeat(key.size() - 1) + "?)";
        }
        StringJoiner or = new StringJoiner(" OR ", "(", ")");
        for (int i = 0; i < key.size(); i++) {
            StringBuilder and = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                and.append(shape.quoted(key.get(j))).append(" = ? AND ");
            }
            and.append(shape.quoted(key.get(i))).append(" > ?)");
            or.add(and);
        }
        return or.toString();
    }

    /** Binds a key for {@link #after()}; returns the next parameter index. */
    public int bindAfter(PreparedStatement ps, int index, List<Object> k) throws SQLException {
        if (key.size() == 1 || dialect().rowValues()) {
            return bindKey(ps, index, k);
        }
        for (int i = 0; i < key.size(); i++) {
            for (int j = 0; j <= i; j++) {
                key.get(j).bind(ps, index++, k.get(j), dialect());
            }
        }
        return index;
    }

    /**
     * Binds the bounds of a key range from the first parameter, each only when present: for a query
     * built with the same two flags ({@code rangeQuery(after != null, upTo != null, …)}).
     */
    public void bindRange(PreparedStatement ps, List<Object> after, List<Object> upTo) throws SQLException {
        int i = 1;
        if (after != null) {
            i = bindAfter(ps, i, after);
        }
        if (upTo != null) {
            bindAfter(ps, i, upTo);
        }
    }

    /** Binds a key's values in key order (for {@code k1 = ? AND k2 = ?}); returns the next index. */
    public int bindKey(PreparedStatement ps, int index, List<Object> k) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            key.get(i).bind(ps, index++, k.get(i), dialect());
        }
        return index;
    }

    private String keyEquals() {
        StringJoiner j = new StringJoiner(" AND ");
        for (TableColumn c : key) {
            j.add(shape.quoted(c) + " = ?");
        }
        return j.toString();
    }

    /**
     * The rows in a key range, in key order: {@code lower} adds {@code key > ?} (bind the lower bound
     * first), {@code upper} adds {@code NOT key > ?} (the upper bound, inclusive), {@code limit} caps
     * the rows (0 for none), {@code lock} is appended ({@link Dialect#shareLock()} or empty).
     */
    public String rangeQuery(boolean lower, boolean upper, int limit, String lock) {
        StringBuilder b = new StringBuilder("SELECT ").append(list(columns)).append(" FROM ").append(shape.sqlName());
        where(b, lower ? after() : null, upper ? after() : null);
        b.append(orderBy());
        if (limit > 0) {
            b.append(dialect().limit(limit));
        }
        return b.append(lock).toString();
    }

    /**
     * The key {@code offset} rows past a cursor (bind it first when {@code lower}), within an
     * inclusive upper bound when {@code upper} ({@link #bindRange}), in key order: the end of a page of
     * {@code offset} rows, or no row when fewer are left. Read it with {@link #readKey}. PostgreSQL,
     * MariaDB/MySQL and H2 ({@code LIMIT 1 OFFSET n}).
     */
    public String boundaryQuery(boolean lower, boolean upper, int offset) {
        StringBuilder b = new StringBuilder("SELECT ").append(list(key)).append(" FROM ").append(shape.sqlName());
        where(b, lower ? after() : null, upper ? after() : null);
        return b.append(orderBy()).append(" LIMIT 1 OFFSET ").append(offset - 1).toString();
    }

    private static void where(StringBuilder b, String lower, String upper) {
        if (lower != null || upper != null) {
            b.append(" WHERE ");
            if (lower != null) {
                b.append(lower);
            }
            if (upper != null) {
                b.append(lower != null ? " AND " : "").append("NOT ").append(upper);
            }
        }
    }

    /**
     * A page of rows for PostgreSQL's {@code COPY (…) TO STDOUT}, which takes no parameters: the key
     * range with its bounds as literals ({@code lo} exclusive, {@code hi} inclusive, null for none),
     * in key order, at most {@code limit} rows (0: no limit), every row share-locked
     * ({@code FOR SHARE}) to the end of the transaction. Null when a bound holds a value with no
     * plain literal here (then {@code KeysetSql.lockedRangeInline}).
     */
    public String lockedRangeInline(List<Object> lo, List<Object> hi, int limit) {
        if (dialect() != Dialect.POSTGRESQL) {
            return null;
        }
        String lower = lo == null ? null : afterInline(lo);
        String upper = hi == null ? null : afterInline(hi);
        if (lo != null && lower == null || hi != null && upper == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("SELECT ").append(list(columns)).append(" FROM ").append(shape.sqlName());
        where(b, lower, upper);
        b.append(orderBy());
        if (limit > 0) {
            b.append(" LIMIT ").append(limit);
        }
        return b.append(" FOR SHARE").toString();
    }

    // key > (literals), as after() with the values inline; null when a value has no literal here.
    private String afterInline(List<Object> k) {
        List<String> values = new ArrayList<>(k.size());
        for (Object v : k) {
            String l = literal(v);
            if (l == null) {
                return null;
            }
            values.add(l);
        }
        if (key.size() == 1) {
            return "(" + shape.quoted(key.get(0)) + " > " + values.get(0) + ")";
        }
        return "((" + list(key) + ") > (" + String.join(", ", values) + "))";
    }

    // A PostgreSQL literal: numbers as they are, plain text, UUIDs and ISO dates and times quoted (the
    // column's type applies to an untyped literal). Null for anything else, and for text holding a
    // backslash (whose meaning depends on standard_conforming_strings).
    private static String literal(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
            || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof String t) {
            return t.indexOf('\\') >= 0 || t.indexOf('\0') >= 0 ? null : "'" + t.replace("'", "''") + "'";
        }
        if (v instanceof UUID) {
            return "'" + v + "'";
        }
        if (v instanceof LocalDate d && d.getYear() >= 1 && d.getYear() <= 9999) {
            return "'" + d + "'";
        }
        if (v instanceof LocalDateTime t && t.getYear() >= 1 && t.getYear() <= 9999) {
            return "'" + t + "'";
        }
        return null;
    }

    /** Every key, in order (planning a backfill). */
    public String keysQuery() {
        return "SELECT " + list(key) + " FROM " + shape.sqlName() + orderBy();
    }

    /**
     * PostgreSQL only: every {@code every}-th key in order, found by hopping through the key's index
     * ({@code OFFSET every-1 LIMIT 1} after the previous one, a recursive query) rather than numbering
     * every row with a window function, which costs PostgreSQL several times more. The key columns,
     * one row per chunk end; the rows after the last one are counted by {@link #countAfterQuery}.
     */
    public String chunkEndsHopQuery(int every) {
        String keys = list(key);
        StringJoiner prev = new StringJoiner(", ");
        StringJoiner next = new StringJoiner(", ");
        for (TableColumn c : key) {
            prev.add("dualaccess_e." + shape.quoted(c));
            next.add("dualaccess_n." + shape.quoted(c));
        }
        String after = key.size() == 1 ? shape.quoted(key.get(0)) + " > " + prev
            : "(" + keys + ") > (" + prev + ")";
        return "WITH RECURSIVE dualaccess_e AS ((SELECT " + keys + " FROM " + shape.sqlName() + orderBy() + " OFFSET "
            + (every - 1) + " LIMIT 1) UNION ALL SELECT " + next + " FROM dualaccess_e CROSS JOIN LATERAL (SELECT " + keys
            + " FROM " + shape.sqlName() + " WHERE " + after + orderBy() + " OFFSET " + (every - 1)
            + " LIMIT 1) dualaccess_n) SELECT " + keys + " FROM dualaccess_e";
    }

    /** The number of rows after a key ({@code lower}; bind with {@link #bindRange}), or of all rows. */
    public String countAfterQuery(boolean lower) {
        StringBuilder b = new StringBuilder("SELECT COUNT(*) FROM ").append(shape.sqlName());
        where(b, lower ? after() : null, null);
        return b.toString();
    }

    /** The row with a key ({@code lock} appended). */
    public String byKeyQuery(String lock) {
        return "SELECT " + list(columns) + " FROM " + shape.sqlName() + " WHERE " + keyEquals() + lock;
    }

    /**
     * The rows with any of {@code n} keys ({@code lock} appended): {@code key = ANY(?)} with the keys
     * as one array where {@link #keyArrayType()} has one (a PostgreSQL one-column key: one parameter,
     * and a statement text that is the same for any number of keys), else {@code key IN (?, …)}, with
     * row values for a composite key where the engine has them, else ORed equalities. Bind the keys
     * with {@link #bindKeys}.
     */
    public String byKeysQuery(int n, String lock) {
        StringBuilder b = new StringBuilder("SELECT ").append(list(columns)).append(" FROM ").append(shape.sqlName()).append(" WHERE ");
        if (keyArrayType() != null) {
            b.append(list(key)).append(" = ANY(?)");
        } else if (key.size() == 1 || dialect().rowValues()) {
            String one = key.size() == 1 ? "?" : "(" + "?, ".repeat(key.size() - 1) + "?)";
            b.append(key.size() == 1 ? list(key) : "(" + list(key) + ")").append(" IN (")
                .append((one + ", ").repeat(n - 1)).append(one).append(")");
        } else {
            StringJoiner or = new StringJoiner(" OR ");
            for (int i = 0; i < n; i++) {
                or.add("(" + keyEquals() + ")");
            }
            b.append(or);
        }
        return b.append(lock).toString();
    }

    /** Binds the keys of a {@link #byKeysQuery} from the first parameter. */
    public void bindKeys(PreparedStatement ps, List<List<Object>> keys) throws SQLException {
        String type = keyArrayType();
        if (type == null) {
            int i = 1;
            for (List<Object> k : keys) {
                i = bindKey(ps, i, k);
            }
            return;
        }
        Object[] values = new Object[keys.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = arrayElement(type, keys.get(i).get(0));
        }
        ps.setArray(1, ps.getConnection().createArrayOf(type, values));
    }

    /**
     * The element type of the array {@link #byKeysQuery} binds the keys as, or null for an
     * {@code IN} list: PostgreSQL, a one-column key of an integer (as {@code int8}, compared across
     * integer widths by the key's index), {@code numeric}, text or {@code uuid} type.
     */
    String keyArrayType() {
        if (dialect() != Dialect.POSTGRESQL || key.size() != 1) {
            return null;
        }
        TableColumn k = key.get(0);
        String type = k.typeName() == null ? "" : k.typeName().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "int2", "int4", "int8", "smallint", "integer", "bigint", "smallserial", "serial", "bigserial" -> "int8";
            case "numeric" -> "numeric";
            case "varchar", "text" -> "text";
            case "uuid" -> "uuid";
            default -> null;
        };
    }

    // A key value as an element of the key array; null (matching no row, as in an IN list) for a
    // value the key's type cannot hold, such as 1.5 or 2^70 for an integer key.
    private static Object arrayElement(String type, Object v) {
        if (v == null) {
            return null;
        }
        try {
            return switch (type) {
                case "int8" -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    ? (Object) ((Number) v).longValue() : new BigDecimal(v.toString()).longValueExact();
                case "numeric" -> v instanceof BigDecimal ? v : new BigDecimal(v.toString());
                case "uuid" -> v instanceof UUID ? v : UUID.fromString(v.toString());
                default -> v.toString();
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code SELECT COUNT(*)}. */
    public String countQuery() {
        return "SELECT COUNT(*) FROM " + shape.sqlName();
    }

    /**
     * Inserts a row unless one with its key exists, never touching an existing row: bind the
     * columns with {@link #bindInsertIfAbsent}. PostgreSQL {@code ON CONFLICT (key) DO NOTHING};
     * MariaDB {@code ON DUPLICATE KEY UPDATE k = k} (not {@code INSERT IGNORE}, which would turn
     * data errors into warnings); others {@code INSERT … SELECT … WHERE NOT EXISTS}, where a
     * concurrent insert of the same key can still fail with a duplicate-key error the caller retries.
     */
    public String insertIfAbsent() {
        return insertIfAbsent(1);
    }

    /**
     * Rows a multi-row {@link #insertIfAbsent(int)} takes at most on this engine: 1 where the
     * statement cannot carry several rows (H2, others); else as many as keep the parameters under
     * the protocols' limits (and the statement small).
     */
    public int rowsPerInsert() {
        if (dialect() != Dialect.POSTGRESQL && dialect() != Dialect.MARIADB) {
            return 1;
        }
        return Math.max(1, Math.min(500, 16_000 / columns.size()));
    }

    /**
     * {@link #insertIfAbsent()} for {@code rows} rows in one statement ({@code VALUES (…), (…)}), at
     * most {@link #rowsPerInsert()}: one statement instead of one per row, which is what makes a
     * page cheap for the server. Its update count is the number of rows inserted (PostgreSQL).
     */
    public String insertIfAbsent(int rows) {
        if (rows < 1 || rows > rowsPerInsert()) {
            throw new IllegalArgumentException(rows + " rows per insert on " + dialect() + ": 1 to " + rowsPerInsert());
        }
        String head = "INSERT INTO " + shape.sqlName() + " (" + list(columns) + ")"
            + (dialect().overridingSystemValue() ? " OVERRIDING SYSTEM VALUE" : "");
        String marks = "?, ".repeat(columns.size() - 1) + "?";
        String tuples = ("(" + marks + "), ").repeat(rows - 1) + "(" + marks + ")";
        return switch (dialect()) {
            case POSTGRESQL -> head + " VALUES " + tuples + " ON CONFLICT (" + list(key) + ") DO NOTHING";
            case MARIADB -> head + " VALUES " + tuples + " ON DUPLICATE KEY UPDATE " + shape.quoted(key.get(0)) + " = "
                + shape.quoted(key.get(0));
            case H2, OTHER -> head + " SELECT " + marks + " WHERE NOT EXISTS (SELECT 1 FROM " + shape.sqlName() + " WHERE "
                + keyEquals() + ")";
        };
    }

    /** Binds a row (values read on the other side, in the pair's order) for {@link #insertIfAbsent()}. */
    public void bindInsertIfAbsent(PreparedStatement ps, Object[] row) throws SQLException {
        int i = bindRow(ps, 1, row);
        if (dialect() == Dialect.H2 || dialect() == Dialect.OTHER) {
            bindKey(ps, i, keyOf(row));
        }
    }

    /** Binds rows for {@link #insertIfAbsent(int)} with {@code rows.size()} rows. */
    public void bindInsertIfAbsent(PreparedStatement ps, List<Object[]> rows) throws SQLException {
        if (rows.size() == 1) {
            bindInsertIfAbsent(ps, rows.get(0));
            return;
        }
        int index = 1;
        for (Object[] row : rows) {
            index = bindRow(ps, index, row);
        }
    }


    /** {@code UPDATE … SET every non-key column = ? WHERE key = ?}; null when every column is in the key. */
    public String update() {
        StringJoiner set = new StringJoiner(", ");
        for (TableColumn c : columns) {
            if (!key.contains(c)) {
                set.add(shape.quoted(c) + " = ?");
            }
        }
        return set.length() == 0 ? null : "UPDATE " + shape.sqlName() + " SET " + set + " WHERE " + keyEquals();
    }

    /** Binds a row for {@link #update()}. */
    public void bindUpdate(PreparedStatement ps, Object[] row) throws SQLException {
        int index = 1;
        for (int i = 0; i < columns.size(); i++) {
            if (!key.contains(columns.get(i))) {
                columns.get(i).bind(ps, index++, row[i], dialect());
            }
        }
        bindKey(ps, index, keyOf(row));
    }

    /** {@code DELETE … WHERE key = ?}. */
    public String delete() {
        return "DELETE FROM " + shape.sqlName() + " WHERE " + keyEquals();
    }

    /** Whether rows are matched by a key; else by their whole content (see {@code WholeRows}). */
    public boolean keyed() {
        return !key.isEmpty();
    }

    /** The columns a difference names a row by: the key, or every compared column for a table without one. */
    public List<TableColumn> identity() {
        return keyed() ? key : columns;
    }

    /** Every row, in no order (walking a table without a key). */
    public String scanQuery() {
        return "SELECT " + list(columns) + " FROM " + shape.sqlName();
    }

    /** A plain INSERT of one row (a table without a key: a copy is a copy); bind with {@link #bindRow}. */
    public String insert() {
        return "INSERT INTO " + shape.sqlName() + " (" + list(columns) + ")"
            + (dialect().overridingSystemValue() ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ("
            + "?, ".repeat(columns.size() - 1) + "?)";
    }

    /** Binds a row's values (read on either side, in the pair's order) from parameter {@code index}; returns the next. */
    public int bindRow(PreparedStatement ps, int index, Object[] row) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).bind(ps, index++, row[i], dialect());
        }
        return index;
    }

    /**
     * Deletes one row equal to {@code row} in every column (NULL matching NULL) and no other copy of
     * it: a table without a key may hold the same row twice. Bind with {@link #bindMatch}.
     */
    public String deleteOneCopy(Object[] row) {
        String match = match(row);
        return switch (dialect()) {
            case POSTGRESQL -> "DELETE FROM " + shape.sqlName() + " WHERE ctid IN (SELECT ctid FROM " + shape.sqlName()
                + " WHERE " + match + " LIMIT 1)";
            case MARIADB -> "DELETE FROM " + shape.sqlName() + " WHERE " + match + " LIMIT 1";
            case H2, OTHER -> "DELETE FROM " + shape.sqlName() + " WHERE " + match + " FETCH FIRST 1 ROWS ONLY";
        };
    }

    /** {@code SELECT COUNT(*)} of the rows equal to {@code row}; bind with {@link #bindMatch}. */
    public String countCopies(Object[] row) {
        return "SELECT COUNT(*) FROM " + shape.sqlName() + " WHERE " + match(row);
    }

    private String match(Object[] row) {
        StringJoiner j = new StringJoiner(" AND ");
        for (int i = 0; i < columns.size(); i++) {
            j.add(shape.quoted(columns.get(i)) + (row[i] == null ? " IS NULL" : " = ?"));
        }
        return j.toString();
    }

    /** Binds the non-null values of a row for {@link #deleteOneCopy} and {@link #countCopies}. */
    public void bindMatch(PreparedStatement ps, Object[] row) throws SQLException {
        int index = 1;
        for (int i = 0; i < columns.size(); i++) {
            if (row[i] != null) {
                columns.get(i).bind(ps, index++, row[i], dialect());
            }
        }
    }

    /** Reads the current row's compared columns (see {@link TableColumn#read}). */
    public Object[] readRow(ResultSet rs) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = columns.get(i).read(rs, i + 1);
        }
        return row;
    }

    /** Reads a row of {@link #keysQuery()}. */
    public List<Object> readKey(ResultSet rs) throws SQLException {
        Object[] k = new Object[key.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = key.get(i).readKey(rs, i + 1);
        }
        return Arrays.asList(k);
    }

    /** The key of a row read by {@link #readRow}, in key order. */
    public List<Object> keyOf(Object[] row) {
        List<Object> k = new ArrayList<>(keyIndex.length);
        for (int i : keyIndex) {
            k.add(row[i]);
        }
        return k;
    }

    @Override
    public String toString() {
        return shape.toString();
    }
}
