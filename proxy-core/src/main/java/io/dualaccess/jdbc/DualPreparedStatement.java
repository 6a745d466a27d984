package io.dualaccess.jdbc;

import io.dualaccess.mirror.CapturedParameters;
import io.dualaccess.mirror.CapturedParameters.Param;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.Work;
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

    private final StatementInfo info;
    private final String keyColumn;
    private final boolean keysForApplication;
    private List<Param[]> rows;

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
        this.keyColumn = keyColumn;
        this.keysForApplication = keysForApplication;
        PairedConnection p = connection.paired;
        if (p != null && sql != null) {
            StatementInfo i = p.classify(sql);
            if (p.concerns(i)) {
                info = i;
                parameters = new CapturedParameters();
                return;
            }
        }
        info = null;
        if (connection.shadowReads != null && sql != null
            && connection.runtime().classifier().classify(sql).kind() == io.dualaccess.sql.SqlKind.READ) {
            // Reads replayed elsewhere need their parameters too.
            parameters = new CapturedParameters();
        }
    }

    /** Adds the keys A generated to the work, keeping a copy for the application if it asked. */
    private Work withKeys(Work work) throws SQLException {
        GeneratedKeys.Captured k = GeneratedKeys.read(prepared, keyColumn, keysForApplication);
        keepKeys(k, keysForApplication);
        return work.withKeys(keyColumn, GeneratedKeys.perExecution(k.keys(), work.size(), info.insert().rows()));
    }

    private PairedConnection.Completion keys() {
        return keyColumn == null ? null : this::withKeys;
    }

    private Param[] snapshot() {
        return ((CapturedParameters) parameters).snapshot();
    }

    @Override
    public boolean execute() throws SQLException {
        pairedForExecute(sql);
        if (info == null) {
            return shadowedExecute(sql, parameters instanceof CapturedParameters c ? c.snapshot() : null, prepared::execute);
        }
        return connection.paired.write(info, Work.prepared(sql, snapshot()), prepared::execute, executeCounts(), keys(), this::keepWarnings);
    }

    @Override
    public int executeUpdate() throws SQLException {
        pairedForExecute(sql);
        if (info == null) {
            return prepared.executeUpdate();
        }
        return connection.paired.write(info, Work.prepared(sql, snapshot()), prepared::executeUpdate, INT, keys(), this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        pairedForExecute(sql);
        if (info == null) {
            return prepared.executeLargeUpdate();
        }
        return connection.paired.write(info, Work.prepared(sql, snapshot()), prepared::executeLargeUpdate, LONG, keys(), this::keepWarnings);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        pairedForExecute(sql);
        if (info == null) {
            return shadowed(sql, parameters instanceof CapturedParameters c ? c.snapshot() : null, prepared::executeQuery);
        }
        return wrapResultSet(connection.paired.write(info, Work.prepared(sql, snapshot()), prepared::executeQuery, UNKNOWN::of, keys(), this::keepWarnings));
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
        if (info != null) {
            if (rows == null) {
                rows = new ArrayList<>();
            }
            rows.add(snapshot());
        }
    }

    @Override
    void clearCapturedBatch() {
        super.clearCapturedBatch();
        if (rows != null) {
            rows.clear();
        }
    }

    @Override
    int[] executeCapturedBatch(PairedConnection p) throws SQLException {
        if (info == null || rows == null || rows.isEmpty()) {
            clearCapturedBatch();
            return prepared.executeBatch();
        }
        List<Param[]> batchRows = List.copyOf(rows);
        clearCapturedBatch();
        return p.write(info, Work.preparedBatch(sql, batchRows), prepared::executeBatch, INTS, keys(), this::keepWarnings);
    }

    @Override
    long[] executeCapturedLargeBatch(PairedConnection p) throws SQLException {
        if (info == null || rows == null || rows.isEmpty()) {
            clearCapturedBatch();
            return prepared.executeLargeBatch();
        }
        List<Param[]> batchRows = List.copyOf(rows);
        clearCapturedBatch();
        return p.write(info, Work.preparedBatch(sql, batchRows), prepared::executeLargeBatch, LONGS, keys(), this::keepWarnings);
    }
}
