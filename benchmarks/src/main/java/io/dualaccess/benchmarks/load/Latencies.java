package io.dualaccess.benchmarks.load;

import io.dualaccess.benchmarks.load.Workload.Op;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * Latencies as the application sees them, in nanoseconds: every operation of the measured window,
 * the operations of its "settled" part (after the breaker opened, or after a settling period), and
 * each operation type. One instance per application thread (no sharing on the hot path), merged at
 * the end.
 */
final class Latencies {

    /** Resolution 1 µs, up to 10 minutes, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(1_000, 600_000_000_000L, 3);
    }

    final Histogram all = histogram();
    final Histogram settled = histogram();
    final Map<Op, Histogram> byOp = new EnumMap<>(Op.class);

    Latencies() {
        for (Op op : Op.values()) {
            byOp.put(op, histogram());
        }
    }

    void record(Op op, long nanos, boolean inSettled) {
        long v = Math.max(1_000, Math.min(nanos, 600_000_000_000L));
        all.recordValue(v);
        byOp.get(op).recordValue(v);
        if (inSettled) {
            settled.recordValue(v);
        }
    }

    void add(Latencies other) {
        all.add(other.all);
        settled.add(other.settled);
        for (Op op : Op.values()) {
            byOp.get(op).add(other.byOp.get(op));
        }
    }

    /** A percentile in milliseconds, or NaN when nothing was recorded. */
    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    /** The mean in milliseconds, or NaN when nothing was recorded. */
    static double meanMs(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMean() / 1e6;
    }
}
