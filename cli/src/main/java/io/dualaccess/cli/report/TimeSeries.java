package io.dualaccess.cli.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Events in time buckets for the charts, sized as the log streams by: buckets start at one
 * second and widen along a ladder of widths that each divide the next (so merging is exact)
 * whenever the time span would need more than {@code maxPoints} of them. Memory is bounded by
 * {@code maxPoints} buckets whatever the log's length.
 */
final class TimeSeries {

    private static final long[] LADDER_SECONDS = {
        1, 2, 10, 30, 60, 120, 600, 1800, 3600, 7200, 21600, 43200, 86400, 604800,
    };

    private final int maxPoints;
    private TreeMap<Long, Aggregate> buckets = new TreeMap<>();
    private int step;
    private long widthMillis = LADDER_SECONDS[0] * 1000;

    TimeSeries(int maxPoints) {
        this.maxPoints = Math.max(2, maxPoints);
    }

    void add(LogEvent e) {
        long key = Math.floorDiv(e.epochMillis, widthMillis) * widthMillis;
        Aggregate bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Aggregate(2);
            buckets.put(key, bucket);
            while (points() > maxPoints) {
                widen();
            }
            bucket = buckets.get(Math.floorDiv(e.epochMillis, widthMillis) * widthMillis);
        }
        bucket.add(e);
    }

    private long points() {
        return (buckets.lastKey() - buckets.firstKey()) / widthMillis + 1;
    }

    private void widen() {
        step++;
        widthMillis = step < LADDER_SECONDS.length
            ? LADDER_SECONDS[step] * 1000
            : LADDER_SECONDS[LADDER_SECONDS.length - 1] * 1000 * (1L << Math.min(40, step - LADDER_SECONDS.length + 1));
        TreeMap<Long, Aggregate> wider = new TreeMap<>();
        for (Map.Entry<Long, Aggregate> e : buckets.entrySet()) {
            long key = Math.floorDiv(e.getKey(), widthMillis) * widthMillis;
            Aggregate merged = wider.get(key);
            if (merged == null) {
                wider.put(key, e.getValue());
            } else {
                merged.addAll(e.getValue());
            }
        }
        buckets = wider;
    }

    /** Bucket start (epoch milliseconds) to its events, oldest first; empty buckets are absent. */
    TreeMap<Long, Aggregate> buckets() {
        return buckets;
    }

    long widthMillis() {
        return widthMillis;
    }
}
