package io.dualaccess.jdbc;

import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.shadow.ReadCapture;

import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;

/**
 * What a statement remembers only when dualaccess does more than pass it on (mirrored writes,
 * generated keys carried to the mirror, shadow reads run through {@code execute}). Kept apart and
 * made on first need, so a statement in phase {@code off} or a plain read costs the application
 * one reference, not eight fields.
 */
final class StatementState {
    /** The wrapper of the current generated-keys result. */
    DualResultSet keys;
    /** SQL texts added with addBatch(sql), recorded in every phase. */
    List<String> batch;
    /** The application's copy of keys dualaccess had to read first (see GeneratedKeys), or null. */
    ResultSet keysCopy;
    boolean keysCopyHasStatement;
    /** Set when dualaccess asked for keys the application did not ask for. */
    boolean keysAskedForApplication;
    /** Warnings of the last mirrored statement, read before dualaccess's commit could clear them. */
    SQLWarning keptWarnings;
    /** A statement that never ran, used to answer getGeneratedKeys() as the driver would have. */
    Statement probe;
    /** A read run with {@code execute} whose result the application has not asked for yet, or null. */
    ReadCapture pendingRead;
    /** The settings the application gave the statement, for a side move; null until it sets one. */
    StatementSettings settings;
    /** How the application made the statement, when not with createStatement() or prepareStatement(sql). */
    StatementMove.Recipe recipe;
    /** The application's copy of the rows a mirrored write returned (see ReturnedRows), or null. */
    DualResultSet returned;
    /**
     * The parameter sets of a prepared statement's pending batch, recorded whenever its parameters
     * are (every phase that involves B): a batch added before mirroring began is mirrored when it runs.
     */
    List<Param[]> rows;
}
