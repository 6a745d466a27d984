package io.dualaccess.benchmarks.tpcc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * This JVM's CPU time by thread group: where a mode's client CPU goes (the terminals' own threads,
 * user and kernel apart; dualaccess's threads by role; the pools' housekeeping; the JVM's own
 * threads, GC, JIT and the VM thread, from {@code /proc}; and the rest of the process's CPU). A Java thread that ends inside a window
 * leaves its CPU of that window in the rest; one that starts inside it counts whole.
 */
public final class ThreadCpu {

    /**
     * One reading: each live Java thread's group, CPU and user nanoseconds; the JVM's own threads'
     * CPU nanoseconds by group (from {@code /proc}, to its 10 ms tick); and the whole process's CPU.
     */
    public record Snapshot(Map<Long, Times> threads, Map<String, Long> jvm, long process) {
    }

    record Times(String group, long cpu, long user) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    public static Snapshot take() {
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
        return new Snapshot(out, jvmThreads(), ProcessCpu.self());
    }

    /** The JVM's own threads (not Java threads, so not in ThreadMXBean) by group, from their Linux names. */
    private static Map<String, Long> jvmThreads() {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String s;
                try {
                    s = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException gone) {
                    continue;
                }
                String group = jvmGroup(s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')));
                if (group != null) {
                    String[] f = ProcessCpu.fieldsOf(s);
                    out.merge(group, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * ProcessCpu.NANOS_PER_TICK, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The group of one of the JVM's own threads by its Linux name (15 characters at most), or null. */
    static String jvmGroup(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "JVM GC";
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "JVM JIT";
        }
        if (name.startsWith("VM Thread")) {
            return "JVM VM thread (safepoints)";
        }
        return null;
    }

    /**
     * CPU nanoseconds per group between two readings. The terminals' threads are split into
     * {@code terminals (user)} and {@code terminals (kernel)}: a mirrored or replayed round trip shows
     * in the kernel's share. The rest is the process's CPU that no live thread accounts for.
     */
    public static Map<String, Long> between(Snapshot before, Snapshot after) {
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
        for (Map.Entry<String, Long> e : after.jvm().entrySet()) {
            long cpu = e.getValue() - before.jvm().getOrDefault(e.getKey(), 0L);
            threads += cpu;
            out.merge(e.getKey(), cpu, Long::sum);
        }
        out.put("rest (ended threads, the JVM's other threads)", Math.max(0, after.process() - before.process() - threads));
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
