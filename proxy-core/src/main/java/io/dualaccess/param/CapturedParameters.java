package io.dualaccess.param;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.Locale;

/**
 * The parameter setter calls of one prepared statement, by index. {@link #snapshot()} hands the
 * mirror an immutable copy, so nothing that crosses to the shadow side is shared with the
 * application's statement. A setter call is recorded in place (its setter and arguments in one flat
 * array, four slots per index), so a statement whose parameters are never snapshotted (a read the
 * shadow sampling leaves out) makes no object per call; the snapshot makes the {@link Param}s.
 */
public final class CapturedParameters implements ParameterCapture {

    private static final Param[] EMPTY = new Param[0];
    /** Slots per parameter index: the setter, then its arguments a, b and c. */
    private static final int SLOTS = 4;

    /** Index i's call at [i * SLOTS, i * SLOTS + SLOTS); index 0 is unused. Sized for two parameters at first. */
    private Object[] calls = new Object[3 * SLOTS];
    private int max;

    @Override
    public void set(int index, Setter setter, Object a, Object b, Object c) {
        if (index < 1) {
            return;
        }
        int at = index * SLOTS;
        if (at + SLOTS > calls.length) {
            calls = Arrays.copyOf(calls, Math.max(at + SLOTS, calls.length * 2));
        }
        Object[] k = calls;
        k[at] = setter;
        k[at + 1] = copy(a);
        k[at + 2] = copy(b);
        k[at + 3] = c;
        if (index > max) {
            max = index;
        }
    }

    /**
     * A copy of a mutable value, taken when the application sets it: the application may change its
     * array or date right after executing, while the mirror or a shadow worker still has to send it.
     * Streams, readers and LOBs cannot be copied without reading them: they stay as they are and make
     * the statement unreplayable ({@link #unreplayableReason}).
     */
    static Object copy(Object v) {
        if (v instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (v instanceof Date d) {
            // Timestamp, java.sql.Date and Time too: clone keeps the class and a Timestamp's nanos.
            return d.clone();
        }
        if (v instanceof Calendar cal) {
            return cal.clone();
        }
        if (v instanceof Object[] array) {
            return array.clone();
        }
        return v;
    }

    @Override
    public void clear() {
        Arrays.fill(calls, 0, Math.min(calls.length, (max + 1) * SLOTS), null);
        max = 0;
    }

    /** The current parameters, index 1..n (unset indexes are null). */
    public Param[] snapshot() {
        int n = max;
        if (n == 0) {
            return EMPTY;
        }
        Param[] out = new Param[n];
        Object[] k = calls;
        for (int i = 1; i <= n; i++) {
            int at = i * SLOTS;
            if (k[at] instanceof Setter setter) {
                out[i - 1] = new Param(i, setter, k[at + 1], k[at + 2], k[at + 3]);
            }
        }
        return out;
    }

    /** One captured setter call; mutable values are copies made at capture ({@link #copy}). */
    public record Param(int index, Setter setter, Object a, Object b, Object c) {

        /** Whether the value can be sent again to another connection. */
        public boolean replayable() {
            if (a == null || a instanceof String || a instanceof Number || a instanceof Date
                || a instanceof Boolean || a instanceof byte[]) {
                // The values of typed setters: checks against classes are cheap, against the
                // interfaces below a scan of the value's class (each write would pay it per parameter).
                return setter.replayable();
            }
            return setter.replayable() && !(a instanceof Blob || a instanceof Clob
                || a instanceof Array || a instanceof Ref || a instanceof SQLXML
                || a instanceof RowId || a instanceof InputStream || a instanceof Reader);
        }

        /** Repeats the call on another statement, at {@code targetIndex}. */
        public void apply(PreparedStatement ps, int targetIndex) throws SQLException {
            setter.apply(ps, targetIndex, a, b, c);
        }
    }

    /**
     * Repeats every captured call of a snapshot on another statement, each at its own index: how a
     * moved statement, a mirrored write and a shadow read get the application's parameters.
     *
     * @param params a snapshot, or null for none
     */
    public static void applyAll(Param[] params, PreparedStatement target) throws SQLException {
        if (params == null) {
            return;
        }
        for (Param p : params) {
            if (p != null) {
                p.apply(target, p.index());
            }
        }
    }

    /** Whether every parameter of a snapshot can be replayed. */
    public static String unreplayableReason(Param[] params) {
        for (Param p : params) {
            if (p != null && !p.replayable()) {
                return "parameter " + p.index() + " is set with " + p.setter().name().toLowerCase(Locale.ROOT)
                    + " (a stream or connection-bound object cannot be read twice)";
            }
        }
        return null;
    }
}
