package io.dualaccess.backfill;

import java.util.List;

/**
 * A run's progress as the checkpoint tables in B tell it, all workers together.
 *
 * @param run the run id
 * @param tables per table
 */
public record BackfillStatus(String run, List<Table> tables) {

    public BackfillStatus {
        tables = List.copyOf(tables);
    }

    /**
     * One table of a run.
     *
     * @param table the table as named in the run
     * @param planned whether its chunks are planned
     * @param chunks planned chunks
     * @param chunksDone chunks copied to their end
     * @param totalRows rows A had when the run was planned
     * @param rowsRead rows read from A and written to B so far (rows A gained since planning count too)
     * @param rowsInserted rows B lacked and received (0 where the engine does not tell, MariaDB)
     */
    public record Table(String table, boolean planned, int chunks, int chunksDone, long totalRows, long rowsRead,
                        long rowsInserted) {

        /** Whether every chunk is done. */
        public boolean complete() {
            return planned && chunksDone == chunks;
        }
    }

    /** Rows read so far, every table. */
    public long rowsRead() {
        return tables.stream().mapToLong(Table::rowsRead).sum();
    }

    /** Rows planned, every table. */
    public long totalRows() {
        return tables.stream().mapToLong(Table::totalRows).sum();
    }

    /** Whether every table of the run is complete. */
    public boolean complete() {
        return !tables.isEmpty() && tables.stream().allMatch(Table::complete);
    }
}
