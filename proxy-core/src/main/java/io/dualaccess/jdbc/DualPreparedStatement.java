package io.dualaccess.jdbc;

import io.dualaccess.mirror.AuthoritativeCall;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.Work;
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
     * A mirrored statement's classification, the generated key column to carry (or null), and whether
     * the application asked for keys itself. One object, made only for mirrored statements, so other
     * statements stay small. (Its pending batch is recorded in the statement's state, in every phase
     * that records parameters.)
     */
    private static final class Mirrored {
        final StatementInfo info;
        final String keyColumn;
        final boolean keysForApplication;
        /** The write returns rows itself (INSERT … RETURNING) and the key is read from them (ReturnedRows). */
        final boolean keysFromRows;

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
     * What the mirror needs when this execute's route ({@link #beginExecute}) mirrors it: null when it
     * is not mirrored, or cannot be (its parameters were never recorded: {@link #unrecorded}). A
     * statement prepared while its table was not mirrored (phase {@code shadow-read}, a per-table
     * override) but whose parameters were recorded is mirrored from the first execute the pinned phase
     * mirrors ({@link #startMirroring}).
     */
    private Mirrored mirroredFor(Route r) throws SQLException {
        if (!r.paired()) {
            return null;
        }
        Mirrored m = mirrored;
        if (m == null && parameters instanceof CapturedParameters) {
            m = startMirroring(r);
        }
        return m;
    }

    /**
     * The first execute the pinned phase mirrors, of a statement made while nothing mirrored it. An
     * INSERT whose generated key must reach the mirror needs a vendor statement that returns the key,
     * which the driver was not asked for when the statement was made: the statement is prepared again
     * on the same connection, the way the application made it, under the phase now pinned (so exactly
     * as if made now: the key asked of the driver, the application's own keys request kept), and given
     * what the application set on it (parameters, pending batch, settings); the old vendor statement is
     * closed. Only a statement that cannot be made again (a stream parameter, read once) is mirrored
     * without its keys, and so {@code skipped:keys_unaligned}.
     */
    private Mirrored startMirroring(Route r) throws SQLException {
        String key = connection.paired.keyColumn(r);
        if (key != null && unfollowable() == null) {
            StatementMove.again(this, connection);
            if (mirrored != null) {
                return mirrored;
            }
        }
        Mirrored m = new Mirrored(r.info(), key, false);
        mirrored = m;
        return m;
    }

    /**
     * A write the pinned phase mirrors, from a statement whose parameters were never recorded (made
     * in phase {@code off}, before mirroring began): it runs on the authoritative side only, and every
     * execution (every element of a batch) is {@code skipped} with reason
     * {@code prepared_before_phase_change} and journaled ({@link PairedConnection#unrecorded}).
     * Transaction control written as SQL needs no parameters and is followed as always.
     */
    private <T> T unrecorded(Route r, AuthoritativeCall<T> call, PairedConnection.Counts<T> counts) throws SQLException {
        PairedConnection p = connection.paired;
        if (r.transactionControl()) {
            return p.write(r, Work.plain(sql), call, counts);
        }
        return p.unrecorded(r, sql, call, counts);
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
            if (r.paired()) {
                return unrecorded(r, prepared::execute, executeCounts());
            }
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
            return r.paired() ? unrecorded(r, prepared::executeUpdate, INT) : prepared.executeUpdate();
        }
        return connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeUpdate, INT, keys(), this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            return r.paired() ? unrecorded(r, prepared::executeLargeUpdate, LONG) : prepared.executeLargeUpdate();
        }
        return connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeLargeUpdate, LONG, keys(), this::keepWarnings);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        Route r = beginExecute();
        Mirrored m = mirroredFor(r);
        if (m == null) {
            if (r.paired()) {
                return wrapResultSet(unrecorded(r, prepared::executeQuery, UNKNOWN::of));
            }
            return shadowed(r, sql, parameters instanceof CapturedParameters c ? c : null, prepared::executeQuery);
        }
        if (m.keysFromRows) {
            return queryReturning(connection.paired, r, Work.prepared(sql, snapshot()), m.keyColumn, prepared::executeQuery);
        }
        return wrapResultSet(connection.paired.write(r, Work.prepared(sql, snapshot()), prepared::executeQuery, UNKNOWN::of, keys(), this::keepWarnings));
    }

    /**
     * Records the parameter set whenever parameters are recorded (every phase that involves B), not
     * only while the statement is mirrored: a batch added before mirroring began is mirrored whole
     * when it runs in a phase that mirrors it, and can follow a move of the authoritative side. In
     * phase {@code off} nothing is recorded (see {@link #unrecorded}).
     */
    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
        if (parameters instanceof CapturedParameters c) {
            StatementState st = state();
            if (st.rows == null) {
                st.rows = new ArrayList<>();
            }
            st.rows.add(c.snapshot());
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
        List<Param[]> rows = recordedRows();
        if (rows != null) {
            for (Param[] row : rows) {
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

    /**
     * The batch's route, and what the mirror needs (the statement may be prepared again first:
     * {@link #startMirroring}); null when the batch runs on the authoritative side alone.
     */
    private Mirrored batchMirrored(Route r) throws SQLException {
        return r.paired() ? mirroredFor(r) : null;
    }

    /** The recorded batch, taken (the statement's batch is empty after it runs). */
    private List<Param[]> takeRows() {
        List<Param[]> rows = recordedRows();
        List<Param[]> out = rows == null ? List.of() : List.copyOf(rows);
        clearCapturedBatch();
        return out;
    }

    private Route batchRoute() {
        Mirrored m = mirrored;
        boolean captured = parameters instanceof CapturedParameters;
        return m != null ? connection.route(m.info, captured) : connection.route(sql, captured);
    }

    @Override
    int[] executeCapturedBatch(PairedConnection p) throws SQLException {
        if (p == null) {
            clearCapturedBatch();
            return prepared.executeBatch();
        }
        Route r = batchRoute();
        Mirrored m = batchMirrored(r);
        List<Param[]> rows = takeRows();
        if (m == null) {
            return r.paired() ? unrecorded(r, prepared::executeBatch, INTS) : prepared.executeBatch();
        }
        if (rows.isEmpty()) {
            return prepared.executeBatch();
        }
        return p.write(r, Work.preparedBatch(sql, rows), prepared::executeBatch, INTS, keys(), this::keepWarnings);
    }

    @Override
    long[] executeCapturedLargeBatch(PairedConnection p) throws SQLException {
        if (p == null) {
            clearCapturedBatch();
            return prepared.executeLargeBatch();
        }
        Route r = batchRoute();
        Mirrored m = batchMirrored(r);
        List<Param[]> rows = takeRows();
        if (m == null) {
            return r.paired() ? unrecorded(r, prepared::executeLargeBatch, LONGS) : prepared.executeLargeBatch();
        }
        if (rows.isEmpty()) {
            return prepared.executeLargeBatch();
        }
        return p.write(r, Work.preparedBatch(sql, rows), prepared::executeLargeBatch, LONGS, keys(), this::keepWarnings);
    }
}
