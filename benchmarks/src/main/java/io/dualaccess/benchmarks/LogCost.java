package io.dualaccess.benchmarks;

import io.dualaccess.config.FileMode;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.events.ValueRenderer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The comparison log's cost per matched statement, in process CPU (every thread: the publishing
 * one and the log's writer): {@code n} matched writes with nine masked parameters handed to
 * {@link EventLog#publish(ComparisonEvent)}, then everything written. With
 * {@code dualaccess.log.aggregate}'s default they are counted into one aggregate; before, each was a
 * JSON line. CPU time, not wall time, so a loaded machine blurs it less. Parameter rendering is not
 * included (the producers skip it for aggregated outcomes too).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.LogCost 100000</pre>
 */
public final class LogCost {

    private LogCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 3; round++) {
            Path f = Files.createTempFile("logcost", ".jsonl");
            long cpu0 = os.getProcessCpuTime();
            EventLog log = new EventLog(f, 2 * n, ValueRenderer.MASKED, FileMode.OWNER_ONLY);
            SideResult a = new SideResult(1, 250_000, null);
            SideResult b = new SideResult(1, 400_000, null);
            List<String> tables = List.of("tpcc_order_line");
            for (int i = 0; i < n; i++) {
                String fp = "insert into tpcc_order_line values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
                log.publish(new ComparisonEvent(System.currentTimeMillis(), "write", "shadow", Outcome.MATCH, null, fp, fp,
                    List.of("integer", "integer", "integer", "integer", "integer", "integer", "integer", "bigdecimal", "string(24)"),
                    a, b, tables, "12-" + i, List.of()));
            }
            // Wait until the writer has written everything (close() waits 5 s at most).
            while (log.depth() > 0) {
                Thread.sleep(5);
            }
            log.close();
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("round %d: %d statements, process CPU %.2f µs per statement, written %d lines, dropped %d, file %d bytes%n",
                round, n, cpu / 1e3 / n, log.written(), log.dropped(), Files.size(f));
            Files.delete(f);
        }
    }
}
