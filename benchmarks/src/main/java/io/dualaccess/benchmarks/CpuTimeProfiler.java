package io.dualaccess.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * CPU time per operation: {@code cpu.worker.norm} on JMH's benchmark threads, and
 * {@code cpu.process.norm} for the whole JVM (GC, JIT and the pool's housekeeping included).
 *
 * <p>Throughput on a shared 2-core machine moves with whatever else runs there: a benchmark
 * thread that is descheduled loses wall time, not CPU time. CPU time per operation is the cost
 * of the operation itself, far less disturbed by neighbours (cache and frequency effects remain),
 * so its ratio to raw is the steadier reading of "what the proxy costs".
 *
 * <p>Use with {@code -prof io.dualaccess.benchmarks.CpuTimeProfiler} (run.sh does).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private static final String WORKER_MARK = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final boolean supported;
    private long workerBefore;
    private long processBefore;

    /** Enables thread CPU time measurement where the JVM supports it. */
    public CpuTimeProfiler() {
        boolean ok = threads.isThreadCpuTimeSupported();
        if (ok && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        supported = ok;
    }

    @Override
    public String getDescription() {
        return "CPU time per operation: benchmark threads (cpu.worker.norm) and the whole JVM (cpu.process.norm)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerBefore = workerCpuNanos();
        processBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                          IterationParams iterationParams, IterationResult result) {
        long worker = workerCpuNanos() - workerBefore;
        long process = os.getProcessCpuTime() - processBefore;
        long ops = result.getMetadata().getAllOps();
        List<ScalarResult> out = new ArrayList<>();
        if (ops > 0 && supported) {
            out.add(new ScalarResult("cpu.worker.norm", (double) worker / ops, "ns/op", AggregationPolicy.AVG));
        }
        if (ops > 0 && process >= 0) {
            out.add(new ScalarResult("cpu.process.norm", (double) process / ops, "ns/op", AggregationPolicy.AVG));
        }
        return out;
    }

    /**
     * CPU time of the live benchmark threads. JMH keeps its worker threads across the iterations of
     * a trial, so the difference over one iteration is that iteration's work.
     */
    private long workerCpuNanos() {
        if (!supported) {
            return 0;
        }
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER_MARK)) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }
}
