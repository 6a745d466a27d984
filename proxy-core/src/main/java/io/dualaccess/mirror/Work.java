package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters.Param;

import java.util.List;

/**
 * An immutable snapshot of what the application ran, to be repeated on the shadow side: one SQL text
 * with one parameter set, a batch of parameter sets for one prepared SQL text, or a batch of plain
 * SQL texts; plus, for INSERTs whose keys the authoritative side generated, those keys. Nothing in
 * it refers to the application's JDBC objects.
 *
 * @param sqls the SQL texts (one for a prepared statement)
 * @param rows parameter sets, one per execution (empty for a plain statement)
 * @param prepared whether the application used a prepared statement
 * @param batch whether it ran as a batch
 * @param keyColumn the generated key column to add on the shadow side, or null
 * @param keys per execution, the generated key of each VALUES row (null when no keys are carried)
 * @param problem why this work cannot be mirrored faithfully (then it is skipped and journaled), or null
 */
public record Work(List<String> sqls, List<Param[]> rows, boolean prepared, boolean batch,
                   String keyColumn, List<List<Object>> keys, String problem) {

    /** A plain {@code Statement.execute*(sql)}. */
    public static Work plain(String sql) {
        return new Work(List.of(sql), List.of(), false, false, null, null, null);
    }

    /** A prepared statement execution with its parameters. */
    public static Work prepared(String sql, Param[] params) {
        return new Work(List.of(sql), List.<Param[]>of(params), true, false, null, null, null);
    }

    /** {@code Statement.executeBatch()} of texts added with {@code addBatch(sql)}. */
    public static Work plainBatch(List<String> sqls) {
        return new Work(List.copyOf(sqls), List.of(), false, true, null, null, null);
    }

    /** {@code PreparedStatement.executeBatch()}. */
    public static Work preparedBatch(String sql, List<Param[]> rows) {
        return new Work(List.of(sql), List.copyOf(rows), true, true, null, null, null);
    }

    /** The same work carrying the keys the authoritative side generated. */
    public Work withKeys(String column, List<List<Object>> keys) {
        return new Work(sqls, rows, prepared, batch, column, List.copyOf(keys), problem);
    }

    /** The same work, marked as impossible to mirror faithfully. */
    public Work withProblem(String why) {
        return new Work(sqls, rows, prepared, batch, keyColumn, keys, why);
    }

    /** The SQL text that represents this work in events. */
    public String sql() {
        return sqls.isEmpty() ? "" : sqls.get(0);
    }

    /** Number of executions. */
    public int size() {
        return prepared ? Math.max(1, rows.size()) : sqls.size();
    }

    /** The SQL text of execution {@code i}. */
    public String sql(int i) {
        return sqls.size() == 1 ? sqls.get(0) : sqls.get(i);
    }

    /** The parameters of execution {@code i}, or null. */
    public Param[] params(int i) {
        return prepared && i < rows.size() ? rows.get(i) : null;
    }
}
