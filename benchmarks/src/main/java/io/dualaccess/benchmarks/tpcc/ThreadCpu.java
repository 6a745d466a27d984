package io.dualaccess.benchmarks.tpcc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * This JVM's CPU time by thread group: where a mode's client CPU goes (the terminals' own threads,
 * user and kernel apart; dualaccess's threads by role; the pools' housekeeping; and the JVM's own
 * threads, GC and JIT, as the rest of the process's CPU). A Java thread that ends inside a window
 * leaves its CPU of that window in the rest; one that starts inside it counts whole.
 */
final class ThreadCpu {

    /** One reading: each live Java thread's group, CPU and user nanoseconds, and the whole process's CPU. */
    record Snapshot(Map<Long, Times> threads, long process) {
    }

    record Times(String group, long cpu, long user) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    static Snapshot take() {
        Map<Long, Times> out = new HashMap<>();
        if (THREADS.isThreadCpuTimeSupported()) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long id = t.getId();
                long cpu = THREADS.getThreadCpuTime(id);
                long user = THREADS.getThreadUserTime(id);
                if (cpu >= 0 && user >= 0) {
                    out.put(id, new Times(group(t.getName()), cpu, user));
                }
            }
        }
        return new Snapshot(out, ProcessCpu.self());
    }

    /**
     * CPU nanoseconds per group between two readings. The terminals' threads are split into
     * {@code terminals (user)} and {@code terminals (kernel)}: a mirrored or replayed round trip shows
     * in the kernel's share. {@code JVM (GC, JIT) and ended threads} is the process's CPU that no live
     * Java thread accounts for.
     */
    static Map<String, Long> between(Snapshot before, Snapshot after) {
        Map<String, Long> out = new TreeMap<>();
        long threads = 0;
        for (Map.Entry<Long, Times> e : after.threads().entrySet()) {
            Times t = e.getValue();
            Times b = before.threads().get(e.getKey());
            long cpu = t.cpu() - (b == null ? 0 : b.cpu());
            long user = t.user() - (b == null ? 0 : b.user());
            threads += cpu;
            if (t.group().equals("terminals")) {
                out.merge("terminals (user)", user, Long::sum);
                out.merge("terminals (kernel)", cpu - user, Long::sum);
            } else {
                out.merge(t.group(), cpu, Long::sum);
            }
        }
        out.put("JVM (GC, JIT) and ended threads", Math.max(0, after.process() - before.process() - threads));
        return out;
    }

    /** A Java thread's group by its name. */
    static String group(String name) {
        if (name.startsWith("tpcc-")) {
            return "terminals";
        }
        if (name.startsWith("dualaccess-")) {
            // dualaccess-<role>-<n>, a pool's dualaccess-<name>-pool-<n>
            return "dualaccess " + name.substring("dualaccess-".length()).replaceAll("-\\d+$", "");
        }
        if (name.contains("Hikari") || name.endsWith("housekeeper") || name.contains("connection adder")
            || name.contains("connection closer")) {
            return "HikariCP";
        }
        return "other Java threads";
    }
}
