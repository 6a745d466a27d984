package io.dualaccess.cli.report;

import org.HdrHistogram.Histogram;

/**
 * One side's latency distribution in bounded memory (HdrHistogram, microseconds, auto-resizing to
 * the largest value seen). Percentiles are accurate to the histogram's significant digits.
 */
final class Latency {

    private final Histogram histogram;

    /** @param significantDigits 3 for totals (0.1 %), 2 for the many groups and time buckets (1 %) */
    Latency(int significantDigits) {
        this.histogram = new Histogram(significantDigits);
    }

    void recordMillis(double ms) {
        long micros = Math.max(1, Math.round(ms * 1000));
        histogram.recordValue(micros);
    }

    void addAll(Latency other) {
        histogram.add(other.histogram);
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The percentile in milliseconds, NaN without values. */
    double percentileMillis(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    double meanMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }
}
