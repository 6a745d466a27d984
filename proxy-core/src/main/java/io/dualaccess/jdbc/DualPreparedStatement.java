package io.dualaccess.jdbc;

import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.Work;
import io.dualaccess.param.ParameterCapture;
import io.dualaccess.route.Route;
import io.dualaccess.sql.StatementInfo;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's prepared statement; remembers its SQL for routing and, when writes are
 * mirrored, its parameters (as typed setter calls) so the mirror repeats exactly the same calls.
 */
public class DualPreparedStatement extends DelegatingPreparedStatement {

    /** Null unless writes are mirrored and this statement is one: then what the mirror needs. */
    private Mirrored mirrored;

    /**
     * A mirrored statement's classification, the generated key column to carry (or null), whether
     * the application asked for keys itself, and its captured parameter batch. One object, made
     * only for mirrored statements, so other statements stay small.
     */
    private static final class Mirrored {
        final StatementInfo info;
        final String keyColumn;
        final boolean keysForApplication;
        /** The write returns rows itself (INSERT … RETURNING) and the key is read from them (ReturnedRows). */
        final boolean keysFromRows;
        List<Param[]> rows;

        Mirrored(StatementInfo info, String keyColumn, boolean keysForApplication) {
            this.info = info;
            this.keyColumn = keyColumn;
            this.keysForApplication = keysForApplication;
            this.keysFromRows = !keysForApplication && keysFromRows(info, keyColumn);
        }
    }

    DualPreparedStatement(DualConnection connection, PreparedStatement delegate, String sql) {
        this(connection, delegate, sql, null, false);
    }

    /**
     * @param keyColumn the generated key column to carry to the mirror, or null
     * @param keysForApplication whether the application asked for generated keys itself
     */
    DualPreparedStatement(DualConnection connection, PreparedStatement delegate, String sql, String keyColumn,
                          boolean keysForApplication) {
        super(connection, delegate, sql);
        PairedConnection p = connection.paired;
        if (p != null && sql != null) {
            StatementInfo i = p.classify(sql);
            if (p.concerns(i)) {
                mirrored = new Mirrored(i, keyColumn, keysForApplication);
                parameters = new CapturedParameters();
                return;
            }
        }
        mirrored = null;
        if (sql != null && (p != null || connection.shadowReads != null)) {
            // Reads replayed elsewhere need their parameters too, and in every phase that involves B
            // a statement may have to be prepared again on the other side (StatementMove).
            parameters = new CapturedParameters();
        }
    }

    /** Adds the keys A generated to the work, keeping a copy for the application if it asked. */
    private Work withKeys(Work work) throws SQLException {
        Mirrored m = mirrored;
        GeneratedKeys.Captured k = GeneratedKeys.read(prepared, m.keyColumn, m.keysForApplication);
        keepKeys(k, m.keysForApplication);
        return work.withKeys(m.keyColumn, GeneratedKeys.perExecution(k.keys(), work.size(), m.info.insert().rows()));
    }

    private PairedConnection.Completion keys() {
        Mirrored m = mirrored;
        if (m.keysFromRows) {
            // Not run as a query (executeUpdate, a batch): its rows, and so its keys, were not read.
            return new ReturnedRows(m.keyColumn, 1)::carry;
        }
        return m.keyColumn == null ? null : this::withKeys;
    }

    private Param[] snapshot() {
        return ((CapturedParameters) parameters).snapshot();
    }

    /**
     * This execute's route ({@link #beginExecute}), and what the mirror needs when the route mirrors
     * it: null when it is not mirrored, or cannot be (its parameters were never recorded, which
     * {@link DualConnection} journals). A statement prepared while its table was not mirrored (phase
     * {@code shadow-read}, a per-table override) but whose parameters were recorded is mirrored from
     * the first execute the pinned phase mirrors.
     */
    private Mirrored mirroredFor(Route r) {
        if (!r.paired()) {
            return null;
        }
        Mirrored m = mirrored;
        if (m == null && parameters instanceof CapturedParameters) {
            // No key column was asked of the driver when this was prepared: a key the authoritative
            // side generates cannot be carried, and such an INSERT is journaled as keys_unaligned.
            m = new Mirrored(r.info(), connection.paired.keyColumn(r), false);
            mirrored = m;
        }
        return m;
    }

    private Route beginExecute() throws SQLException {
        Mirrored m = mirrored;
        if (m != null) {
            // Classified when it was prepared.
            return beginExecute(m.info, parameters instanceof CapturedParameters);
        }
        return beginExecute(sql, parameters instanceof CapturedParameters);
    }

    @Override
    public boolean execute() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            return shadowedExecute(r, sql, parameters instanceof CapturedParameters c ? c : null, prepared::execute);
        }
        if (m.keysFromRows) {
            return executeReturning(connection.paired, r, Work.prepared(sql, snapshot()), m.keyColumn, prepared::execute);
        }
        return connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::execute, executeCounts(), keys(), this::keepWarnings);
    }

    @Override
    public int executeUpdate() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            return prepared.executeUpdate();
        }
        return connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeUpdate, INT, keys(), this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            return prepared.executeLargeUpdate();
        }
        return connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeLargeUpdate, LONG, keys(), this::keepWarnings);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            return shadowed(r, sql, parameters instanceof CapturedParameters c ? c : null, prepared::executeQuery);
        }
        if (m.keysFromRows) {
            return queryReturning(connection.paired, r, Work.prepared(sql, snapshot()), m.keyColumn, prepared::executeQuery);
        }
        return wrapResultSet(connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeQuery, UNKNOWN::of, keys(), this::keepWarnings));
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
        Mirrored m = mirrored;
        if (m != null) {
            if (m.rows == null) {
                m.rows = new ArrayList<>();
            }
            m.rows.add(snapshot());
        } else if (parameters != ParameterCapture.NONE) {
            // Without recorded parameters the statement cannot follow a side move anyway (see
            // unfollowable): marking the batch would only cost a state object in phase off.
            batchNotRecorded();
        }
    }

    @Override
    String unfollowable() {
        if (!(parameters instanceof CapturedParameters c)) {
            return "its parameters were not recorded (it was made in phase off or complete)";
        }
        String stream = CapturedParameters.unreplayableReason(c.snapshot());
        return stream != null ? stream : super.unfollowable();
    }

    @Override
    void takeOver(DualStatement f) throws SQLException {
        DualPreparedStatement fresh = (DualPreparedStatement) f;
        Mirrored m = mirrored;
        if (m != null && m.rows != null) {
            for (Param[] row : m.rows) {
                CapturedParameters.applyAll(row, fresh);
                fresh.addBatch();
            }
        }
        // Set through the new wrapper, so it records them as its phase requires.
        CapturedParameters.applyAll(snapshot(), fresh);
        super.takeOver(fresh);
        prepared = fresh.prepared;
        parameters = fresh.parameters;
        mirrored = fresh.mirrored;
    }

    @Override
    void clearCapturedBatch() {
        super.clearCapturedBatch();
        Mirrored m = mirrored;
        if (m != null && m.rows != null) {
            m.rows.clear();
        }
    }

    @Override
    int[] executeCapturedBatch(PairedConnection p) throws SQLException {
        Mirrored m = mirrored;
        if (m == null || m.rows == null || m.rows.isEmpty()) {
            clearCapturedBatch();
            return prepared.executeBatch();
        }
        List<Param[]> batchRows = List.copyOf(m.rows);
        clearCapturedBatch();
        Route r = connection.route(sql, true);
        if (!r.paired()) {
            return prepared.executeBatch();
        }
        return p.write(r, Work.preparedBatch(sql, batchRows), prepared::executeBatch, INTS, keys(), this::keepWarnings);
    }

    @Override
    long[] executeCapturedLargeBatch(PairedConnection p) throws SQLException {
        Mirrored m = mirrored;
        if (m == null || m.rows == null || m.rows.isEmpty()) {
            clearCapturedBatch();
            return prepared.executeLargeBatch();
        }
        List<Param[]> batchRows = List.copyOf(m.rows);
        clearCapturedBatch();
        Route r = connection.route(sql, true);
        if (!r.paired()) {
            return prepared.executeLargeBatch();
        }
        return p.write(r, Work.preparedBatch(sql, batchRows), prepared::executeLargeBatch, LONGS, keys(), this::keepWarnings);
    }
}
