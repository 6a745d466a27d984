package io.dualaccess.backfill;

/**
 * Rows per second for one process, shared by its workers: each page reserves its rows ahead and
 * sleeps until its reservation starts, so the long-run rate holds however pages are sized.
 */
final class RateLimiter {

    private final double rowsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    /** @param rowsPerSecond the rate; 0 or less for none */
    RateLimiter(double rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Waits until {@code rows} more rows fit the rate. */
    void acquire(int rows) throws InterruptedException {
        if (rowsPerSecond <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + (long) (rows * 1e9 / rowsPerSecond);
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
