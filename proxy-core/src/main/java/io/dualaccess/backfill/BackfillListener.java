package io.dualaccess.backfill;

/**
 * Told of each page a worker copied, after both databases committed it. Called on the worker's
 * thread: keep it quick. An exception thrown here stops that worker as a crash would (its lease
 * ends, its last checkpoint stands), and {@link Backfill#run()} rethrows it.
 */
@FunctionalInterface
public interface BackfillListener {

    /** Does nothing. */
    BackfillListener NONE = (table, chunk, rowsRead, rowsInserted) -> { };

    /**
     * @param table the table as named in the run
     * @param chunk the chunk number
     * @param rowsRead rows read from A in this page
     * @param rowsInserted rows B lacked and received (0 where the engine does not tell, MariaDB)
     */
    void page(String table, int chunk, int rowsRead, int rowsInserted);
}
