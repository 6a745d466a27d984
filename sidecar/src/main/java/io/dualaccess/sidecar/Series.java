package io.dualaccess.sidecar;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The dashboard's history: every interval, the comparisons, mismatches and mean latency of each
 * side since the previous sample, kept in a bounded ring so a freshly opened page has the last
 * hour or so to draw.
 */
final class Series {

    /**
     * One interval.
     *
     * @param epochSeconds when it was taken
     * @param compared comparisons that ran on both sides (match, mismatch, transient)
     * @param mismatched mismatches among them
     * @param failed shadow-side errors and timeouts
     * @param aMillis mean time of side A, or NaN when A ran nothing
     * @param bMillis mean time of side B, or NaN when B ran nothing
     * @param dropped events and shadow reads dropped since start (a running total)
     */
    record Sample(double epochSeconds, long compared, long mismatched, long failed, double aMillis, double bMillis,
                  long dropped) {

        /** Mismatches per comparison in this interval, 0 when nothing was compared. */
        double mismatchRate() {
            return compared == 0 ? 0 : (double) mismatched / compared;
        }
    }

    private final EventMonitor monitor;
    private final LongSupplier dropped;
    private final Sample[] ring;
    private int next;
    private int size;

    Series(EventMonitor monitor, LongSupplier dropped, int capacity) {
        this.monitor = monitor;
        this.dropped = dropped;
        this.ring = new Sample[capacity];
    }

    /** Takes one sample (called by the sampler thread every interval). */
    void sample() {
        long compared = monitor.compared.sumThenReset();
        long mismatched = monitor.mismatched.sumThenReset();
        long failed = monitor.failed.sumThenReset();
        double a = mean(monitor.aNanos.sumThenReset(), monitor.aCount.sumThenReset());
        double b = mean(monitor.bNanos.sumThenReset(), monitor.bCount.sumThenReset());
        Sample s = new Sample(System.currentTimeMillis() / 1000.0, compared, mismatched, failed, a, b, dropped.getAsLong());
        synchronized (this) {
            ring[next] = s;
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }
    }

    private static double mean(long nanos, long count) {
        return count == 0 ? Double.NaN : nanos / 1e6 / count;
    }

    /** The samples, oldest first. */
    synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }
}
