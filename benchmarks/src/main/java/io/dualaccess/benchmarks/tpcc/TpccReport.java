package io.dualaccess.benchmarks.tpcc;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

/** The macro benchmark's Markdown tables: cost per mode against direct, and what the shadow path compared. */
final class TpccReport {

    private TpccReport() {
    }

    static String markdown(TpccOptions o, Map<TpccMode, List<TpccResult>> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "TPC-C-like mix, %d warehouse(s), %d terminal(s); %d round(s) of %.0f s warm-up "
                + "(on while the JIT compiles, up to %.0f s; longest taken %.0f s) + %.0f s measured per mode, even rounds in "
                + "reverse order; B: %s; settings %s; load average at the end %s%n%n",
            o.warehouses(), o.terminals(), o.rounds(), o.warmup().toMillis() / 1e3, o.warmupMax().toMillis() / 1e3,
            results.values().stream().flatMap(List::stream).mapToLong(r -> r.warmupNanos).max().orElse(0) / 1e9,
            o.duration().toMillis() / 1e3,
            o.bUrl() == null ? "a PostgreSQL server of its own (" + o.pgBin() + ")" : o.bUrl(),
            o.settings().isEmpty() ? "defaults" : o.settings(), TpccRun.loadAverage()));
        md.append("| mode | tx/s | × direct | p50 ms | p99 ms | client CPU µs/tx | × direct (CPU) | B server CPU µs/tx | errors |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<TpccResult> direct = results.get(TpccMode.DIRECT);
        for (Map.Entry<TpccMode, List<TpccResult>> e : results.entrySet()) {
            List<TpccResult> rs = e.getValue();
            Histogram h = new Histogram(1_000, 600_000_000_000L, 3);
            long tx = 0;
            long errors = 0;
            double seconds = 0;
            long cpu = 0;
            long bCpu = 0;
            boolean bKnown = true;
            for (TpccResult r : rs) {
                h.add(r.latencies);
                tx += r.transactions;
                errors += r.errors;
                seconds += r.seconds;
                cpu += r.clientCpuNanos;
                bKnown &= r.bCpuNanos >= 0;
                bCpu += Math.max(0, r.bCpuNanos);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.2f | %.2f | %.0f | %s | %s | %d |%n", e.getKey(),
                seconds == 0 ? 0 : tx / seconds, ratio(rs, direct, false),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, tx == 0 ? Double.NaN : cpu / 1e3 / tx,
                ratio(rs, direct, true), bKnown && tx > 0 ? String.format(Locale.ROOT, "%.0f", bCpu / 1e3 / tx) : "–", errors));
        }
        md.append("\n× direct: the mean of the per-round ratios (the round's mode over the same round's direct run), "
            + "with their range. Client CPU: every thread of the client JVM (application, dualaccess's workers and writer, "
            + "GC, JIT) over the measured window, from /proc/self/stat, per committed transaction. B server CPU: B's "
            + "postmaster and its children, from /proc.\n\n");
        md.append(threadGroups(results));
        md.append("| mode | reads/tx | reads | compared | share compared | of comparable | skipped in-transaction | dropped (log / counter) | other read outcomes | shadow workers' CPU µs/tx |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (Map.Entry<TpccMode, List<TpccResult>> e : results.entrySet()) {
            if (e.getKey() != TpccMode.SHADOW) {
                continue;
            }
            long reads = 0;
            long tx = 0;
            long compared = 0;
            long inTx = 0;
            long droppedLog = 0;
            long droppedCounter = 0;
            long measuredTx = 0;
            long workerCpu = 0;
            Map<String, Long> other = new TreeMap<>();
            for (TpccResult r : e.getValue()) {
                reads += r.reads;
                tx += r.transactions;
                compared += r.compared();
                inTx += r.reads("read/skipped/in-transaction");
                droppedLog += r.reads("read/dropped");
                droppedCounter += r.droppedCounter;
                measuredTx += r.transactions;
                workerCpu += r.shadowWorkerCpuNanos();
                r.outcomes.forEach((k, v) -> {
                    if (k.startsWith("read/") && !k.startsWith("read/match") && !k.startsWith("read/dropped")
                        && !k.equals("read/skipped/in-transaction")) {
                        other.merge(k.substring(5), v, Long::sum);
                    }
                });
            }
            long comparable = reads - inTx;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %.1f %% | %.1f %% | %d | %d / %d | %s | %.0f |%n", e.getKey(),
                tx == 0 ? Double.NaN : (double) reads / Math.max(1, tx), reads, compared, 100.0 * compared / Math.max(1, reads),
                100.0 * compared / Math.max(1, comparable), inTx, droppedLog, droppedCounter, other.isEmpty() ? "–" : other,
                measuredTx == 0 ? Double.NaN : workerCpu / 1e3 / measuredTx));
        }
        md.append("\nReads over the whole run (warm-up included, as the comparison log). Comparable: every read the "
            + "application ran except those after a write in the same transaction (skipped in-transaction, by "
            + "dualaccess.shadow.in-transaction=skip). reads/tx: over all transactions of the run. Shadow workers' CPU: the "
            + "threads that replay and compare (dualaccess-shadow-N, thread CPU clocks) over the measured window, per committed "
            + "transaction; part of the client CPU above.\n");
        return md.toString();
    }

    /** Client CPU per transaction by thread group ({@link ThreadCpu}) and mode, over all rounds. */
    static String threadGroups(Map<TpccMode, List<TpccResult>> results) {
        Set<String> groups = new TreeSet<>();
        results.values().forEach(rs -> rs.forEach(r -> groups.addAll(r.threadCpuNanos.keySet())));
        if (groups.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("| client CPU µs/tx by thread group |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (TpccMode m : results.keySet()) {
            md.append(' ').append(m).append(" |");
            rule.append(" ---: |");
        }
        md.append('\n').append(rule).append('\n');
        for (String g : groups) {
            md.append("| ").append(g).append(" |");
            for (List<TpccResult> rs : results.values()) {
                long nanos = 0;
                long tx = 0;
                for (TpccResult r : rs) {
                    nanos += r.threadCpuNanos.getOrDefault(g, 0L);
                    tx += r.transactions;
                }
                md.append(String.format(Locale.ROOT, " %.0f |", tx == 0 ? Double.NaN : nanos / 1e3 / tx));
            }
            md.append('\n');
        }
        md.append("\nBy thread group: each live Java thread's CPU over the measured window (ThreadMXBean), the "
            + "terminals' split into user and kernel time; the JVM's own threads (GC, JIT, the VM thread) from "
            + "/proc/self/task; the rest is the process's CPU no live thread accounts for. The groups add up to the "
            + "client CPU above, to /proc's 10 ms tick.\n\n");
        return md.toString();
    }

    /** Mean of the per-round ratios of this mode to direct, with their range. */
    private static String ratio(List<TpccResult> rs, List<TpccResult> direct, boolean cpu) {
        if (direct == null || direct.size() != rs.size()) {
            return "–";
        }
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < rs.size(); i++) {
            double r = cpu ? rs.get(i).clientCpuMicrosPerTx() / direct.get(i).clientCpuMicrosPerTx()
                : rs.get(i).throughput() / direct.get(i).throughput();
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double mean = sum / rs.size();
        return rs.size() == 1 ? String.format(Locale.ROOT, "%.2f", mean)
            : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", mean, min, max);
    }
}
