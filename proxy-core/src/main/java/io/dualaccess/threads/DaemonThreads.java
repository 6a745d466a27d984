package io.dualaccess.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread dualaccess starts (pools, shadow workers, writers, probes, backfill workers):
 * daemon, named {@code dualaccess-<role>-<n>}, so they never keep the application's JVM alive and
 * are easy to find in a thread dump. A leaf: it imports nothing of ours.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /** @param role what the threads do, such as {@code b-pool}, {@code shadow} or {@code backfill} */
    public DaemonThreads(String role) {
        this.prefix = "dualaccess-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
