package io.dualaccess.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns what a JDBC call returned or threw into one deterministic line of text, keeping
 * everything an application could observe: the value, its Java class, an exception's class,
 * SQLState, vendor code and message, its causes and its chained exceptions.
 *
 * <p>JDBC objects that lead elsewhere (result sets, statements, connections) are rendered by their
 * interface, not their class: handing out its own wrapper instead of the vendor's object is what
 * dualaccess is for. Their content is recorded separately (see {@link Transcript#rows}).
 */
final class Render {

    /** Longer strings and byte arrays are recorded by length, digest and head, to keep lines short. */
    private static final int INLINE_LIMIT = 96;

    private Render() {
    }

    /** A value as {@code class:value}. May read a LOB's content (so may throw). */
    static String value(Object v) throws SQLException {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "String:" + string(s);
        }
        if (v instanceof byte[] b) {
            return "byte[]:" + bytes(b);
        }
        if (v instanceof int[] a) {
            return "int[]:" + Arrays.toString(a);
        }
        if (v instanceof long[] a) {
            return "long[]:" + Arrays.toString(a);
        }
        if (v instanceof Object[] a) {
            List<String> items = new ArrayList<>();
            for (Object o : a) {
                items.add(value(o));
            }
            return v.getClass().getComponentType().getName() + "[]:" + items;
        }
        if (v instanceof Clob clob) {
            // The class is the vendor's on both sides (LOBs are not wrapped); the content is what matters.
            long length = clob.length();
            return v.getClass().getName() + "(length=" + length + "):" + string(clob.getSubString(1, (int) length));
        }
        if (v instanceof Blob blob) {
            long length = blob.length();
            return v.getClass().getName() + "(length=" + length + "):" + bytes(blob.getBytes(1, (int) length));
        }
        if (v instanceof Array array) {
            return "Array(" + array.getBaseTypeName() + "):" + value(array.getArray());
        }
        if (v instanceof Savepoint sp) {
            return "Savepoint:" + savepoint(sp);
        }
        if (v instanceof ResultSet) {
            return "<ResultSet>";
        }
        if (v instanceof Statement) {
            return "<" + jdbcInterface(v) + ">";
        }
        if (v instanceof Connection) {
            return "<Connection>";
        }
        if (v instanceof DatabaseMetaData) {
            return "<DatabaseMetaData>";
        }
        if (v instanceof Throwable e) {
            return exception(e);
        }
        return v.getClass().getName() + ":" + Normalization.text(String.valueOf(v));
    }

    /** A quoted, escaped string; a long one by length, digest and head. */
    static String string(String s) {
        if (s.length() <= INLINE_LIMIT) {
            return quote(s);
        }
        return "[length=" + s.length() + " sha256=" + sha256(s.getBytes(StandardCharsets.UTF_8)) + " head="
            + quote(s.substring(0, 32)) + "]";
    }

    /** Hex, or by length and digest when long. */
    static String bytes(byte[] b) {
        if (b.length <= INLINE_LIMIT / 2) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        return "[length=" + b.length + " sha256=" + sha256(b) + "]";
    }

    /** Reads a character stream to the end and renders what it delivered. */
    static String reader(Reader r) throws IOException {
        if (r == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        for (int n; (n = r.read(buf)) != -1; ) {
            sb.append(buf, 0, n);
        }
        return r.getClass().getName() + ":" + string(sb.toString());
    }

    /** Reads a byte stream to the end and renders what it delivered. */
    static String stream(InputStream in) throws IOException {
        if (in == null) {
            return "null";
        }
        return in.getClass().getName() + ":" + bytes(in.readAllBytes());
    }

    /**
     * An exception: class, SQLState, vendor code, message; then batch update counts, the causes and
     * the chained next exceptions, each the same way. One line, so a diff points at it.
     */
    static String exception(Throwable e) {
        StringBuilder sb = new StringBuilder();
        one(sb, e);
        if (e instanceof BatchUpdateException bue) {
            sb.append(" updateCounts=").append(Arrays.toString(bue.getUpdateCounts()));
            sb.append(" largeUpdateCounts=").append(Arrays.toString(bue.getLargeUpdateCounts()));
        }
        int depth = 0;
        for (Throwable c = e.getCause(); c != null && c != e && depth < 5; c = c.getCause(), depth++) {
            sb.append(" | cause ");
            one(sb, c);
        }
        if (e instanceof SQLException sql) {
            depth = 0;
            for (SQLException n = sql.getNextException(); n != null && depth < 5; n = n.getNextException(), depth++) {
                if (n == e.getCause()) {
                    // Some drivers chain the same exception both ways; it is already recorded.
                    sb.append(" | next = cause");
                    continue;
                }
                sb.append(" | next ");
                one(sb, n);
            }
        }
        return sb.toString();
    }

    private static void one(StringBuilder sb, Throwable e) {
        sb.append(e.getClass().getName());
        if (e instanceof SQLException sql) {
            sb.append(" state=").append(sql.getSQLState()).append(" code=").append(sql.getErrorCode());
        }
        sb.append(" msg=").append(e.getMessage() == null ? "null" : message(Normalization.text(e.getMessage())));
    }

    /**
     * A message, quoted; a very long one (pgjdbc quotes a whole LOB value in some) by head, length
     * and digest, so it is still compared exactly but keeps the transcript readable.
     */
    static String message(String m) {
        if (m.length() <= 4 * INLINE_LIMIT) {
            return quote(m);
        }
        return quote(m.substring(0, 2 * INLINE_LIMIT)) + "…[length=" + m.length() + " sha256="
            + sha256(m.getBytes(StandardCharsets.UTF_8)) + "]";
    }

    /** A warning chain, each warning like an exception. */
    static String warnings(SQLWarning w) {
        if (w == null) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (SQLWarning x = w; x != null && out.size() < 10; x = x.getNextWarning()) {
            StringBuilder sb = new StringBuilder();
            one(sb, x);
            out.add(sb.toString());
        }
        return out.toString();
    }

    /** A savepoint by what the API tells about it; its {@code toString()} holds driver trace ids. */
    static String savepoint(Savepoint sp) {
        String id;
        try {
            id = String.valueOf(sp.getSavepointId());
        } catch (SQLException e) {
            id = exception(e);
        }
        String name;
        try {
            name = quote(sp.getSavepointName());
        } catch (SQLException e) {
            name = exception(e);
        }
        return "id=" + id + " name=" + name;
    }

    /** The most specific JDBC interface of a statement: what the application asked for. */
    static String jdbcInterface(Object o) {
        if (o instanceof java.sql.CallableStatement) {
            return "CallableStatement";
        }
        if (o instanceof java.sql.PreparedStatement) {
            return "PreparedStatement";
        }
        if (o instanceof Statement) {
            return "Statement";
        }
        return o.getClass().getName();
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
