package io.dualaccess.benchmarks.tpcc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes from {@code /proc/<pid>/stat}: this JVM (every thread: the application's,
 * dualaccess's workers and writer, GC and JIT) and B's server processes. Linux's clock tick is
 * 100 Hz (USER_HZ), so a reading is exact to 10 ms: fine over windows of seconds.
 */
final class ProcessCpu {

    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** This process's CPU time (user + system) in nanoseconds; from the JVM when there is no /proc. */
    static long self() {
        try {
            return stat(ProcessHandle.current().pid(), false) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    /**
     * utime + stime of a process in clock ticks, with its waited-for children's (cutime + cstime)
     * when {@code withChildren}; 0 when the process is gone.
     */
    static long stat(long pid, boolean withChildren) throws IOException {
        String[] f = fields(pid);
        if (f == null) {
            return 0;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /** The parent pid of a process, or -1 when it is gone. */
    static long parent(long pid) {
        try {
            String[] f = fields(pid);
            return f == null ? -1 : Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields after the command name (which may hold spaces): [0] is the state, [1] ppid, [11] utime. */
    private static String[] fields(long pid) throws IOException {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        return fieldsOf(s);
    }

    /** The fields of a {@code stat} line after the command name (which may hold spaces): [11] utime, [12] stime. */
    static String[] fieldsOf(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
