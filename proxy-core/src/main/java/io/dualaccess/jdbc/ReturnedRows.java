package io.dualaccess.jdbc;

import io.dualaccess.mirror.Work;

import javax.sql.rowset.CachedRowSet;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a mirrored write answers itself ({@code INSERT … RETURNING}), when the key the authoritative
 * side generated must reach the mirror. Asking the driver for generated keys is not an option here:
 * PostgreSQL's driver would turn the statement's own rows into the generated keys and leave the
 * application's {@code executeQuery} without a result. So the rows are read once, on the
 * application's thread, before it sees them: the keys are taken from them and the application gets
 * an in-memory copy holding exactly those rows, with the vendor's column metadata (as
 * {@link GeneratedKeys} does for keys the application asked for).
 *
 * <p>One instance per execution, made only on the mirrored path.
 */
final class ReturnedRows {

    private final String column;
    private final int rowsPerExecution;
    private List<Object> keys;
    private String problem;
    private long rows = -1;
    /** What the application reads: the copy, or the vendor's result when it could not be read for keys. */
    private ResultSet result;

    /**
     * @param column the generated key column to carry
     * @param rowsPerExecution VALUES rows the INSERT writes per execution
     */
    ReturnedRows(String column, int rowsPerExecution) {
        this.column = column;
        this.rowsPerExecution = rowsPerExecution;
    }

    /**
     * Reads the statement's rows for the keys and returns what the application reads instead of
     * {@code vendor}: the copy, or {@code vendor} itself, untouched, when it does not hold the key
     * column (the write is then mirrored as not aligned, see {@link #carry}).
     */
    ResultSet read(ResultSet vendor) throws SQLException {
        result = vendor;
        if (vendor == null) {
            problem = "the statement answered no rows to read its generated key " + column + " from";
            return null;
        }
        ResultSetMetaData md = vendor.getMetaData();
        int index = -1;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (column.equalsIgnoreCase(md.getColumnLabel(i)) || column.equalsIgnoreCase(md.getColumnName(i))) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            problem = "the rows the statement returns do not include its generated key " + column;
            return vendor;
        }
        CachedRowSet copy = GeneratedKeys.rowSets().createCachedRowSet();
        copy.populate(vendor);
        List<Object> k = new ArrayList<>();
        while (copy.next()) {
            k.add(copy.getObject(index));
        }
        copy.beforeFirst();
        vendor.close();
        keys = k;
        rows = k.size();
        result = copy;
        return copy;
    }

    /** The result {@link #read} handed on, or null. */
    ResultSet result() {
        return result;
    }

    /** Whether {@code rs} is a copy made here (the application's result then has no vendor statement). */
    static boolean isCopy(ResultSet rs) {
        return rs instanceof CachedRowSet;
    }

    /** Update counts for the mirror's comparison: the rows returned, or unknown. */
    long[] counts() {
        return new long[] {rows};
    }

    /** The work to mirror, carrying the keys read, or marked as not alignable. */
    Work carry(Work work) throws SQLException {
        if (keys == null) {
            return work.withProblem(problem != null ? problem
                : "the statement returns rows but was not run as a query, so its generated key " + column + " could not be read");
        }
        return work.withKeys(column, GeneratedKeys.perExecution(keys, 1, rowsPerExecution));
    }
}
