package io.dualaccess.verify;

import java.util.List;

/**
 * What verify found in one table.
 *
 * @param table the table
 * @param rowsA rows read on A
 * @param rowsB rows read on B
 * @param chunks chunks compared
 * @param chunksDiffering chunks whose hashes differed (and were drilled into)
 * @param missing rows A has and B lacks
 * @param extra rows B has and A lacks
 * @param changed rows whose columns differ
 * @param transients rows that differed during the scan and agreed when re-read
 * @param listed the first differences, at most the report's limit
 * @param extraColumnsOnB columns B has and A lacks (not compared)
 * @param walk how rows were matched ({@link io.dualaccess.keyset.TablePair#walk()}); for a table
 *             without a key, chunks are hash buckets of whole rows and a difference's key is the
 *             whole row
 */
public record TableReport(String table, long rowsA, long rowsB, long chunks, long chunksDiffering, long missing,
                          long extra, long changed, long transients, List<Difference> listed,
                          List<String> extraColumnsOnB, String walk) {

    public TableReport {
        listed = List.copyOf(listed);
        extraColumnsOnB = List.copyOf(extraColumnsOnB);
    }

    /** Confirmed differences (transient ones not counted). */
    public long differences() {
        return missing + extra + changed;
    }

    /** Whether more differences were found than listed. */
    public boolean truncated() {
        return listed.size() < differences();
    }
}
