package io.dualaccess.cli.report;

import io.dualaccess.cli.DualAccessCli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs {@code dualaccess} with the given arguments in this JVM, then prints what it cost: wall
 * and CPU time and the peak heap used (the sum of the heap pools' peaks, an upper bound). The heavy test
 * starts it in a child JVM with a small {@code -Xmx}.
 */
public final class HeavyReportMain {

    private HeavyReportMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int rc = DualAccessCli.run(new PrintWriter(System.out), new PrintWriter(System.err), args);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long cpuMillis = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() / 1_000_000 : -1;
        System.out.printf("heavy-report: exit %d, %d ms wall, %d ms CPU (all threads, JIT and GC included),"
            + " peak heap used %d MiB of max %d MiB%n", rc, millis, cpuMillis, peak >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        System.out.flush();
        System.exit(rc);
    }
}
