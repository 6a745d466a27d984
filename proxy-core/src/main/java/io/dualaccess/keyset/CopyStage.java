package io.dualaccess.keyset;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows into a PostgreSQL table the fast way: the COPY protocol (pgjdbc's {@link CopyManager}) into
 * a temporary staging table of the copied columns (emptied at every commit), then one
 * insert-where-absent from it ({@code INSERT … SELECT … ON CONFLICT (key) DO NOTHING}): a row B
 * already holds, such as one the mirror wrote, is left as it is and never duplicated. The staging
 * table belongs to the connection's session, so workers never see each other's rows.
 *
 * <p>Rows come either as values read on A ({@link #stage(List)}: written as COPY text per Java
 * type) or, between two PostgreSQL tables whose copied columns have the same types, straight from
 * A's {@code COPY … TO STDOUT} ({@link #pipe}): text (or, for common built-in types, the binary
 * form) PostgreSQL wrote and reads back unchanged,
 * never parsed here. The caller runs {@link #insertStaged()} and commits.
 *
 * <p>A backfill's page first goes straight into B's table ({@link #copyDirect} under a savepoint,
 * {@link #pipeDirect} as the first statement of B's transaction): B nearly always lacks the page's
 * keys, and a COPY then costs what the rows cost. When B holds one of them (the mirror wrote it),
 * that COPY fails as a whole on the key, goes back to the savepoint (or the transaction's start),
 * and the page takes the stage.
 *
 * <p>Only on PostgreSQL with pgjdbc underneath ({@link #of}); otherwise the caller keeps to
 * multi-row INSERT statements.
 */
public final class CopyStage {

    private static final AtomicInteger STAGES = new AtomicInteger();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final Connection connection;
    private final Side side;
    private final CopyManager copy;
    private final String stageName;
    private final String copyIn;
    private final String copyInTarget;
    private final String insert;
    private final String insertAll;
    private final String update;

    private CopyStage(Connection connection, Side side) throws SQLException {
        this.connection = connection;
        this.side = side;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.stageName = "dualaccess_stage_" + STAGES.incrementAndGet();
        // Plain text, not jOOQ: a backfill's first page should not wait for jOOQ to load (seconds on a busy machine).
        this.copyIn = "COPY " + stageName + " (" + columnList() + ") FROM STDIN";
        // COPY writes identity columns' given values, as OVERRIDING SYSTEM VALUE would
        this.copyInTarget = "COPY " + side.shape().sqlName() + " (" + columnList() + ") FROM STDIN";
        List<String> key = new ArrayList<>();
        for (TableColumn c : side.key()) {
            key.add(side.shape().quoted(c));
        }
        // OVERRIDING SYSTEM VALUE: explicit values for identity columns need it, and it is harmless elsewhere.
        this.insertAll = "INSERT INTO " + side.shape().sqlName() + " (" + columnList() + ") OVERRIDING SYSTEM VALUE SELECT "
            + columnList() + " FROM " + stageName;
        this.insert = insertAll + " ON CONFLICT (" + String.join(", ", key) + ") DO NOTHING";
        List<String> set = new ArrayList<>();
        for (TableColumn c : side.columns()) {
            if (!side.key().contains(c)) {
                set.add(side.shape().quoted(c) + " = s." + side.shape().quoted(c));
            }
        }
        List<String> on = new ArrayList<>();
        for (TableColumn c : side.key()) {
            on.add("t." + side.shape().quoted(c) + " = s." + side.shape().quoted(c));
        }
        this.update = set.isEmpty() ? null : "UPDATE " + side.shape().sqlName() + " AS t SET " + String.join(", ", set) + " FROM "
            + stageName + " AS s WHERE " + String.join(" AND ", on);
    }

    /**
     * A stage for a side on a connection, or null when COPY cannot be used there (not PostgreSQL,
     * or no pgjdbc underneath). Creates the staging table and commits the connection's transaction
     * (a table created in a transaction later rolled back would be gone).
     */
    public static CopyStage of(Connection connection, Side side) throws SQLException {
        if (side.dialect() != Dialect.POSTGRESQL || !side.keyed()) {
            return null;
        }
        CopyStage stage;
        try {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return null;
            }
            stage = new CopyStage(connection, side);
        } catch (LinkageError e) {
            return null; // pgjdbc absent: INSERT statements then
        }
        stage.create();
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        return stage;
    }

    /** Whether a connection reaches pgjdbc underneath (for {@link #pipe}'s source). */
    public static boolean copiesOut(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class);
        } catch (SQLException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether {@link #pipe} may take A's own COPY text: both sides PostgreSQL and every copied column
     * of the same type on both.
     */
    public static boolean sameTypes(Side a, Side b) {
        if (a.dialect() != Dialect.POSTGRESQL || b.dialect() != Dialect.POSTGRESQL) {
            return false;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            String ta = a.columns().get(i).typeName();
            String tb = b.columns().get(i).typeName();
            if (ta == null || !ta.equalsIgnoreCase(tb)) {
                return false;
            }
        }
        return true;
    }

    private String columnList() {
        List<String> names = new ArrayList<>();
        for (TableColumn c : side.columns()) {
            names.add(side.shape().quoted(c));
        }
        return String.join(", ", names);
    }

    private void create() throws SQLException {
        try (Statement s = connection.createStatement()) {
            // The copied columns' types, no constraints, no defaults; emptied at each commit (and rollback).
            s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stageName + " ON COMMIT DELETE ROWS AS SELECT "
                + columnList() + " FROM " + side.shape().sqlName() + " WITH NO DATA");
        }
    }

    /**
     * COPYs rows read on the other side (in the pair's column order) into the stage.
     *
     * @throws Unsupported when a value has no COPY text here (nothing was sent: insert the rows another way)
     */
    public void stage(List<Object[]> rows) throws SQLException {
        copyBytes(copyIn, text(rows));
    }

    /**
     * COPYs rows read on the other side straight into B's table, all or none: the number of rows,
     * or -1 when B already holds one of the keys (the COPY is rolled back to a savepoint; then
     * {@link #stage} and {@link #insertStaged}). A backfill's pages nearly always go this way, at the
     * cost of COPY alone.
     */
    public long copyDirect(List<Object[]> rows) throws SQLException {
        byte[] bytes = text(rows);
        return direct(() -> copyBytes(copyInTarget, bytes));
    }

    private byte[] text(List<Object[]> rows) throws Unsupported {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                append(text, row[i], side.columns().get(i));
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long copyBytes(String sql, byte[] bytes) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** A write into B's table (a COPY, an insert from the stage) that fails as a whole on a key B holds. */
    @FunctionalInterface
    private interface Copy {
        long run() throws SQLException;
    }

    /**
     * Runs {@code c} under a savepoint: its count, or -1 (nothing left behind) when it met a key B
     * already holds, or when there is no transaction to hold a savepoint in.
     */
    private long direct(Copy c) throws SQLException {
        if (connection.getAutoCommit()) {
            return -1;
        }
        Savepoint before = connection.setSavepoint();
        try {
            long n = c.run();
            connection.releaseSavepoint(before);
            return n;
        } catch (SQLException e) {
            if (!Dialect.isDuplicateKey(e)) {
                throw e;
            }
            connection.rollback(before);
            return -1;
        }
    }

    /**
     * Streams the rows of A's {@code COPY (select) TO STDOUT} into the stage (both sides PostgreSQL,
     * {@link #sameTypes}), in COPY's binary format when {@code binary} ({@link #binary}); returns the
     * rows copied.
     */
    public long pipe(Connection a, String select, boolean binary) throws SQLException {
        return pipe(a, select, binary, copyIn);
    }

    /**
     * As {@link #pipe(Connection, String, boolean)}, straight into B's table, all or none: -1 when B
     * already holds one of the keys (then {@link #pipe(Connection, String, boolean)} and
     * {@link #insertStaged}). B's transaction must hold nothing else yet: on such a key it is rolled
     * back whole (no savepoint: two round trips fewer per call); A's COPY is read to its end, so A's
     * transaction and locks stay as they were.
     */
    public long pipeDirect(Connection a, String select, boolean binary) throws SQLException {
        if (connection.getAutoCommit()) {
            return -1;
        }
        try {
            return pipe(a, select, binary, copyInTarget);
        } catch (SQLException e) {
            if (!Dialect.isDuplicateKey(e)) {
                throw e;
            }
            connection.rollback();
            return -1;
        }
    }

    /**
     * Whether {@link #pipe} may use COPY's binary format: the same types on both sides
     * ({@link #sameTypes}), each a built-in type whose binary form is the value alone (no type OID
     * inside, as arrays, composites and enums carry, which differ between databases). Binary spares
     * both servers the text form of numbers, timestamps and the like.
     */
    public static boolean binary(Side a, Side b) {
        if (!sameTypes(a, b)) {
            return false;
        }
        for (TableColumn c : a.columns()) {
            if (!BINARY_SAFE.contains(c.typeName().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> BINARY_SAFE = Set.of("bool", "int2", "int4", "int8", "smallserial",
        "serial", "bigserial", "float4", "float8", "numeric", "text", "varchar", "bpchar", "bytea", "date", "time", "timestamp",
        "timestamptz", "interval", "uuid", "json", "jsonb");

    /** A's COPY out relayed into B's COPY in, gathered into messages of up to this many bytes (one per row otherwise). */
    private static final int RELAY_BUFFER = 1 << 16;

    private long pipe(Connection a, String select, boolean binary, String into) throws SQLException {
        String format = binary ? " (FORMAT binary)" : "";
        CopyManager from = a.unwrap(PGConnection.class).getCopyAPI();
        CopyOut out = from.copyOut("COPY (" + select + ") TO STDOUT" + format);
        CopyIn in = null;
        try {
            in = copy.copyIn(into + format);
            byte[] buffer = new byte[RELAY_BUFFER];
            int length = 0;
            for (byte[] row; (row = out.readFromCopy()) != null; ) {
                if (length + row.length > buffer.length) {
                    in.writeToCopy(buffer, 0, length);
                    length = 0;
                }
                if (row.length > buffer.length) {
                    in.writeToCopy(row, 0, row.length);
                } else {
                    System.arraycopy(row, 0, buffer, length, row.length);
                    length += row.length;
                }
            }
            if (length > 0) {
                in.writeToCopy(buffer, 0, length);
            }
            return in.endCopy();
        } catch (SQLException e) {
            // Read A's COPY to its end rather than cancel it: a cancel would abort A's transaction,
            // and with it the page's locks and the copy a caller retries another way.
            while (out.isActive() && out.readFromCopy() != null) {
                // drained
            }
            throw e;
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
            if (in != null && in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * Inserts the staged rows B lacks (by key); returns how many it inserted. The stage empties at
     * commit. First as a plain {@code INSERT … SELECT}, which costs PostgreSQL less than half of
     * {@code ON CONFLICT DO NOTHING} (no speculative insertion per row) and which a backfill's pages
     * nearly always pass (B lacks the rows); when B holds one of the keys (the mirror wrote it), that
     * insert fails with a duplicate key, goes back to a savepoint, and {@code ON CONFLICT DO NOTHING}
     * inserts the rest.
     */
    public int insertStaged() throws SQLException {
        try (Statement s = connection.createStatement()) {
            long n = direct(() -> s.executeUpdate(insertAll));
            return n >= 0 ? (int) n : s.executeUpdate(insert);
        }
    }

    /** Sets every non-key column of B's rows to the staged row with the same key; returns the rows updated. */
    public int updateStaged() throws SQLException {
        if (update == null) {
            return 0;
        }
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(update);
        }
    }

    /** Empties the stage within the transaction (between an insert and an update from it). */
    public void clear() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + stageName);
        }
    }

    /** A value that has no COPY text in this stage: the caller inserts the page with INSERT statements. */
    public static final class Unsupported extends SQLException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private static void append(StringBuilder out, Object v, TableColumn target) throws Unsupported {
        if (v == null) {
            out.append("\\N");
            return;
        }
        String text;
        if (v instanceof String s) {
            text = s;
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
            || v instanceof java.math.BigInteger) {
            out.append(v);
            return;
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
            return;
        } else if (v instanceof Double || v instanceof Float) {
            out.append(v); // "1.0E10", "NaN", "Infinity": float8in and numeric_in read them
            return;
        } else if (v instanceof Boolean b) {
            out.append(b ? '1' : '0'); // boolean and integer columns both read 1/0
            return;
        } else if (v instanceof byte[] bytes) {
            if (!"bytea".equalsIgnoreCase(target.typeName())) {
                throw new Unsupported("binary value for " + target.typeName() + " column " + target.name());
            }
            out.append("\\\\x").append(HexFormat.of().formatHex(bytes));
            return;
        } else if (v instanceof LocalDateTime t) {
            if (t.getYear() < 1 || t.getYear() > 9999) {
                throw new Unsupported("timestamp " + t);
            }
            out.append(TIMESTAMP.format(t));
            return;
        } else if (v instanceof OffsetDateTime t) {
            if (t.getYear() < 1 || t.getYear() > 9999) {
                throw new Unsupported("timestamp " + t);
            }
            out.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
            return;
        } else if (v instanceof LocalDate d) {
            if (d.getYear() < 1 || d.getYear() > 9999) {
                throw new Unsupported("date " + d);
            }
            out.append(d);
            return;
        } else if (v instanceof LocalTime || v instanceof UUID || v instanceof java.sql.Time) {
            out.append(v);
            return;
        } else if (v instanceof java.sql.Array || v.getClass().getName().startsWith("org.postgresql.")) {
            text = v.toString(); // an array literal, a PGobject's text (json, interval, inet, ...)
        } else {
            throw new Unsupported("a " + v.getClass().getName() + " for column " + target.name() + " ("
                + target.typeName().toLowerCase(Locale.ROOT) + ")");
        }
        escape(out, text);
    }

    /** COPY text escapes: backslash, tab, newline, carriage return. */
    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
