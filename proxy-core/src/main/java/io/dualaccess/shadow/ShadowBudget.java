package io.dualaccess.shadow;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapts the share of reads sampled to a CPU budget for the shadow workers
 * ({@code dualaccess.shadow.budget}, a share of one core): workers charge the CPU time of each
 * replay, and every {@link #adjust} (twice a second) compares what they used with the budget.
 * Above it, the share falls in proportion; below it, it rises again, at most doubling per step,
 * never above the configured {@code dualaccess.shadow.sample-rate}. The application's thread only
 * reads one volatile and, below the full rate, draws one random number.
 */
final class ShadowBudget {

    /** The lowest share sampled: even a starved shadow path keeps comparing now and then. */
    static final double MIN_SHARE = 1e-4;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private final double budget;
    private final double ceiling;
    private final AtomicLong used = new AtomicLong();
    private volatile double share;
    private long windowStart;

    /**
     * @param budget  CPU the workers may use, as a share of one core
     * @param ceiling the configured sample rate: the share never rises above it
     */
    ShadowBudget(double budget, double ceiling, long nowNanos) {
        this.budget = budget;
        this.ceiling = ceiling;
        this.share = ceiling;
        this.windowStart = nowNanos;
    }

    /** Whether this read is sampled. */
    boolean sampled() {
        double s = share;
        return s >= 1 || s > 0 && ThreadLocalRandom.current().nextDouble() < s;
    }

    /** The share of reads sampled now. */
    double share() {
        return share;
    }

    /** The calling thread's CPU time so far (0 where the JVM cannot tell: the budget then never binds). */
    static long threadCpu() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** A worker spent {@code nanos} of CPU on shadow work. */
    void charge(long nanos) {
        if (nanos > 0) {
            used.addAndGet(nanos);
        }
    }

    /** Compares the CPU used since the last call with the budget and sets the share sampled from now on. */
    synchronized void adjust(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed <= 0) {
            return;
        }
        windowStart = nowNanos;
        double cores = used.getAndSet(0) / (double) elapsed;
        share = next(share, cores, budget, ceiling);
    }

    /**
     * The next share: scaled by budget/used, but at most doubled in one step (a quiet moment must
     * not open the gates at once), within [{@link #MIN_SHARE}, ceiling].
     */
    static double next(double share, double usedCores, double budget, double ceiling) {
        if (ceiling <= 0) {
            return 0;
        }
        double factor = usedCores <= 0 ? 2 : Math.min(2, budget / usedCores);
        double n = Math.max(MIN_SHARE, share * factor);
        return Math.min(ceiling, n);
    }
}
