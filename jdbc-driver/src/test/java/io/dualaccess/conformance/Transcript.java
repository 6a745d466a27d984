package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a scenario observed, one line per observation, in order. The direct run's transcript
 * and the proxied run's transcript must be equal line for line.
 *
 * <p>A scenario records through {@link #record}, {@link #attempt}, {@link #rows} and friends;
 * an exception is an observation like any value, so {@code attempt} records it and the scenario
 * goes on. Checks that only make sense through dualaccess (which object is a wrapper, which road
 * leads back to which wrapper) go through {@link #wrapperCheck}: they run on the proxied run only,
 * and their failures are collected, never recorded, so the transcripts stay comparable.
 */
public final class Transcript {

    /** Which of the two runs of a scenario this is. */
    public enum Side {
        /** Straight to the database. */
        DIRECT,
        /** Through {@code jdbc:dualaccess:}. */
        PROXIED
    }

    /** A JDBC call that returns something. */
    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws Exception;
    }

    /** A JDBC call that returns nothing. */
    @FunctionalInterface
    public interface SqlAction {
        void run() throws Exception;
    }

    private final Engine engine;
    private final Access access;
    private final Side side;
    private final List<String> lines = new ArrayList<>();
    private final List<String> wrapperFailures = new ArrayList<>();

    Transcript(Engine engine, Access access, Side side) {
        this.engine = engine;
        this.access = access;
        this.side = side;
    }

    public Engine engine() {
        return engine;
    }

    public Access access() {
        return access;
    }

    public Side side() {
        return side;
    }

    /** Whether this run goes through dualaccess. */
    public boolean throughDualaccess() {
        return side == Side.PROXIED;
    }

    /** Records a value with its class. */
    public void record(String label, Object value) {
        try {
            lines.add(label + " = " + Render.value(value));
        } catch (SQLException | RuntimeException e) {
            lines.add(label + " = <unrenderable> " + Render.exception(e));
        }
    }

    /** Records a line of prose (a step, a skip with its reason). */
    public void note(String text) {
        lines.add("# " + text);
    }

    /** Records an exception. */
    public void error(String label, Throwable e) {
        lines.add(label + " ! " + Render.exception(e));
    }

    /**
     * Runs a call and records what it returned, or what it threw. Returns the value, or null when it
     * threw.
     */
    public <T> T attempt(String label, SqlCall<T> call) {
        T value;
        try {
            value = call.call();
        } catch (Exception e) {
            error(label, e);
            return null;
        }
        record(label, value);
        return value;
    }

    /** Runs an action and records {@code ok}, or what it threw. Returns whether it completed. */
    public boolean attemptRun(String label, SqlAction action) {
        try {
            action.run();
        } catch (Exception e) {
            error(label, e);
            return false;
        }
        lines.add(label + " = ok");
        return true;
    }

    /** Records whether two references are the very same object (roads back to the wrapper). */
    public void same(String label, Object actual, Object expected) {
        lines.add(label + " same = " + (actual == expected));
    }

    /** Records the metadata of a result set column by column. */
    public void metaData(String label, ResultSetMetaData md) {
        if (md == null) {
            lines.add(label + " = null");
            return;
        }
        int columns;
        try {
            columns = md.getColumnCount();
        } catch (SQLException e) {
            error(label + ".getColumnCount", e);
            return;
        }
        lines.add(label + ".getColumnCount = " + columns);
        for (int i = 1; i <= columns; i++) {
            final int col = i;
            lines.add(label + "[" + i + "] label=" + safe(() -> md.getColumnLabel(col))
                + " name=" + safe(() -> md.getColumnName(col))
                + " type=" + safe(() -> md.getColumnType(col))
                + " typeName=" + safe(() -> md.getColumnTypeName(col))
                + " precision=" + safe(() -> md.getPrecision(col))
                + " scale=" + safe(() -> md.getScale(col))
                + " nullable=" + safe(() -> md.isNullable(col))
                + " class=" + safe(() -> md.getColumnClassName(col))
                + " displaySize=" + safe(() -> md.getColumnDisplaySize(col))
                + " signed=" + safe(() -> md.isSigned(col))
                + " autoIncrement=" + safe(() -> md.isAutoIncrement(col))
                + " caseSensitive=" + safe(() -> md.isCaseSensitive(col))
                + " searchable=" + safe(() -> md.isSearchable(col))
                + " currency=" + safe(() -> md.isCurrency(col))
                + " readOnly=" + safe(() -> md.isReadOnly(col))
                + " writable=" + safe(() -> md.isWritable(col))
                + " table=" + safe(() -> md.getTableName(col))
                + " schema=" + safe(() -> md.getSchemaName(col))
                + " catalog=" + safe(() -> md.getCatalogName(col)));
        }
    }

    /**
     * Records a result set: its metadata, then every row read with {@code getObject} (value and
     * class), then that it is exhausted. On the proxied run, also checks it is one of ours.
     */
    public void rows(String label, ResultSet rs) {
        if (rs == null) {
            lines.add(label + " = null");
            return;
        }
        wrapperCheck(label + " is a dualaccess ResultSet", () -> Wrappers.assertOurs(rs, ResultSet.class));
        ResultSetMetaData md;
        try {
            md = rs.getMetaData();
        } catch (SQLException e) {
            error(label + ".getMetaData", e);
            return;
        }
        metaData(label + ".meta", md);
        try {
            int columns = md.getColumnCount();
            int row = 0;
            while (rs.next()) {
                row++;
                StringBuilder sb = new StringBuilder(label).append(" row ").append(row).append(':');
                for (int i = 1; i <= columns; i++) {
                    final int col = i;
                    sb.append(' ').append(md.getColumnLabel(i)).append('=').append(value(() -> rs.getObject(col)));
                }
                lines.add(sb.toString());
            }
            lines.add(label + " rows = " + row);
        } catch (SQLException e) {
            error(label + " reading rows", e);
        }
    }

    /** Records what a table holds now, ordered by its first column. */
    public void table(java.sql.Connection c, String table) {
        try {
            lines.add("table " + table + " = " + Sql.contents(c, table));
        } catch (SQLException e) {
            error("table " + table, e);
        }
    }

    /** Records a warning chain. */
    public void warnings(String label, SQLWarning w) {
        lines.add(label + " = " + Render.warnings(w));
    }

    /**
     * A check of the wrapping itself, run on the proxied run only (the direct run has no wrapper to
     * check). A failure is collected and reported by the suite next to the transcript comparison.
     */
    public void wrapperCheck(String label, SqlAction check) {
        if (!throughDualaccess()) {
            return;
        }
        try {
            check.run();
        } catch (AssertionError | Exception e) {
            wrapperFailures.add(label + ": " + e.getMessage());
        }
    }

    /** The observations, in order. */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Failed {@link #wrapperCheck}s. */
    public List<String> wrapperFailures() {
        return Collections.unmodifiableList(wrapperFailures);
    }

    /** A value with its class, or the exception reading it threw. */
    private static String value(SqlCall<?> call) {
        try {
            return Render.value(call.call());
        } catch (Exception e) {
            return "<" + Render.exception(e) + ">";
        }
    }

    /** The value of a call, or the exception it threw, as text: for metadata fields some drivers refuse. */
    private static String safe(SqlCall<?> call) {
        try {
            Object v = call.call();
            return v instanceof String s ? Render.quote(s) : String.valueOf(v);
        } catch (Exception e) {
            return "<" + Render.exception(e) + ">";
        }
    }
}
