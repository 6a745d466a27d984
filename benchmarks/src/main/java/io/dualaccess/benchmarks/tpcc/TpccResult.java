package io.dualaccess.benchmarks.tpcc;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/** What one mode measured in one round (or, merged, over all rounds). */
final class TpccResult {

    final TpccMode mode;
    /** Transaction latencies of the measured window, in nanoseconds (1 µs to 10 min, 3 digits). */
    final Histogram latencies = new Histogram(1_000, 600_000_000_000L, 3);
    /** How long the terminals warmed up before the window (past --warmup while the JIT compiled). */
    long warmupNanos;
    long transactions;
    long errors;
    double seconds;
    /** CPU time of the client process (every thread) and of B's server over the measured window. */
    long clientCpuNanos;
    long bCpuNanos = -1;
    /** The client's CPU over the measured window by thread group ({@link ThreadCpu}). */
    final Map<String, Long> threadCpuNanos = new TreeMap<>();
    /** CPU time of dualaccess's shadow workers over the measured window: their group in {@link #threadCpuNanos}. */
    long shadowWorkerCpuNanos() {
        return threadCpuNanos.getOrDefault("dualaccess shadow", 0L);
    }
    /** Over the whole run (warm-up included, as the comparison log): reads the application ran, and those after a write. */
    long reads;
    long readsAfterWrite;
    /** Comparison events of the whole run by kind/outcome[/reason], counting an aggregated event (dropped, match, skipped) as its count. */
    final Map<String, Long> outcomes = new TreeMap<>();
    /** Bytes of the comparison log of the run, its rolled-over files included. */
    long logBytes;
    /** The shadow path's exact drop counter at the end of the run. */
    long droppedCounter;
    String errorSample;

    TpccResult(TpccMode mode) {
        this.mode = mode;
    }

    double throughput() {
        return seconds == 0 ? 0 : transactions / seconds;
    }

    double clientCpuMicrosPerTx() {
        return transactions == 0 ? Double.NaN : clientCpuNanos / 1e3 / transactions;
    }

    double bCpuMicrosPerTx() {
        return transactions == 0 || bCpuNanos < 0 ? Double.NaN : bCpuNanos / 1e3 / transactions;
    }

    long reads(String prefix) {
        long n = 0;
        for (Map.Entry<String, Long> e : outcomes.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Reads replayed on B and compared (whatever the verdict). */
    long compared() {
        return reads("read/match") + reads("read/mismatch") + reads("read/transient");
    }
}
