package io.dualaccess.cli.report;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * One side's latency distribution in bounded memory: microseconds, kept exactly while there are
 * few, then in an HdrHistogram (auto-resizing to the largest value seen), whose percentiles are
 * accurate to its significant digits.
 *
 * <p>Most groups of a log with many distinct fingerprints hold a handful of events, and many are
 * later folded into "other": keeping their few values in a small array makes creating and folding
 * them cheap, where a histogram would cost an allocation and a full merge each.
 */
final class Latency {

    private static final int SMALL = 16;

    private final int significantDigits;
    private long[] small = new long[4];
    private int smallCount;
    private Histogram histogram;

    /** @param significantDigits 3 for totals (0.1 %), 2 for the many groups and time buckets (1 %) */
    Latency(int significantDigits) {
        this.significantDigits = significantDigits;
    }

    void recordMillis(double ms) {
        record(Math.max(1, Math.round(ms * 1000)));
    }

    /**
     * Records an aggregated event's time: {@code totalMs} is the sum over its {@code statements}
     * statements ({@code count}), recorded as that many statements of the mean time.
     */
    void recordMillis(double totalMs, long statements) {
        if (statements <= 1) {
            recordMillis(totalMs);
            return;
        }
        long micros = Math.max(1, Math.round(totalMs * 1000 / statements));
        if (histogram == null && smallCount + statements <= SMALL) {
            for (long i = 0; i < statements; i++) {
                record(micros);
            }
            return;
        }
        (histogram != null ? histogram : toHistogram()).recordValueWithCount(micros, statements);
    }

    private void record(long micros) {
        if (histogram != null) {
            histogram.recordValue(micros);
            return;
        }
        if (smallCount == SMALL) {
            toHistogram().recordValue(micros);
            return;
        }
        if (smallCount == small.length) {
            small = Arrays.copyOf(small, SMALL);
        }
        small[smallCount++] = micros;
    }

    private Histogram toHistogram() {
        histogram = new Histogram(significantDigits);
        for (int i = 0; i < smallCount; i++) {
            histogram.recordValue(small[i]);
        }
        small = null;
        smallCount = 0;
        return histogram;
    }

    void addAll(Latency other) {
        if (other.histogram == null) {
            for (int i = 0; i < other.smallCount; i++) {
                record(other.small[i]);
            }
            return;
        }
        (histogram != null ? histogram : toHistogram()).add(other.histogram);
    }

    long count() {
        return histogram != null ? histogram.getTotalCount() : smallCount;
    }

    /** The percentile in milliseconds, NaN without values. */
    double percentileMillis(double percentile) {
        if (count() == 0) {
            return Double.NaN;
        }
        if (histogram != null) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
        long[] sorted = Arrays.copyOf(small, smallCount);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * smallCount);
        return sorted[Math.max(0, Math.min(smallCount - 1, rank - 1))] / 1000.0;
    }

    double maxMillis() {
        if (count() == 0) {
            return Double.NaN;
        }
        if (histogram != null) {
            return histogram.getMaxValue() / 1000.0;
        }
        long max = 0;
        for (int i = 0; i < smallCount; i++) {
            max = Math.max(max, small[i]);
        }
        return max / 1000.0;
    }

    double meanMillis() {
        if (count() == 0) {
            return Double.NaN;
        }
        if (histogram != null) {
            return histogram.getMean() / 1000.0;
        }
        double sum = 0;
        for (int i = 0; i < smallCount; i++) {
            sum += small[i];
        }
        return sum / smallCount / 1000.0;
    }
}
