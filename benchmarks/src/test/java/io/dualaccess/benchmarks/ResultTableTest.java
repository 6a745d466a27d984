package io.dualaccess.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    private static String result(String workload, String mode, double score, double error, double cpuNanos, double alloc) {
        return """
            {"jmhVersion":"1.37","benchmark":"io.dualaccess.benchmarks.JdbcBenchmarks.%s","mode":"thrpt","threads":1,
             "forks":3,"jdkVersion":"17","vmName":"OpenJDK 64-Bit Server VM","warmupIterations":3,"warmupTime":"1 s",
             "measurementIterations":5,"measurementTime":"1 s","params":{"mode":"%s"},
             "primaryMetric":{"score":%s,"scoreError":%s,"scoreUnit":"ops/s"},
             "secondaryMetrics":{
               "gc.alloc.rate.norm":{"score":%s,"scoreError":"NaN","scoreUnit":"B/op"},
               "cpu.worker.norm":{"score":%s,"scoreError":"NaN","scoreUnit":"ns/op"}}}
            """.formatted(workload, mode, score, error, alloc, cpuNanos);
    }

    private static String print(String... rounds) throws Exception {
        ResultTable t = new ResultTable();
        ObjectMapper mapper = new ObjectMapper();
        for (String r : rounds) {
            t.addRound(mapper.readTree(r));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ratiosAndAllocationDeltasAreTakenAgainstRaw() throws Exception {
        String out = print("[" + result("statementCycle", "raw", 1000, 10, 1000, 500) + ","
            + result("statementCycle", "p6spy", 800, 8, 1250, 1500) + ","
            + result("statementCycle", "dualaccess-off", 975, 10, 1010, 556) + "]");
        assertThat(out)
            .contains("| statementCycle | raw | 1,000 | 1.0% | 1.000 ± 0.014 | 1.00 | 1.000 | 500 | – |")
            .contains("| statementCycle | p6spy | 800 | 1.0% | 0.800 ± 0.011 | 1.25 | 0.800 | 1,500 | +1,000 |")
            .contains("| statementCycle | dualaccess-off | 975 | 1.0% | 0.975 ± 0.014 | 1.01 | 0.990 | 556 | +56 |")
            .contains("### dualaccess-off against its targets")
            .contains("| statementCycle | wall 0.975 ± 0.014: met (within noise)<br>CPU 0.990: met |"
                + " wall 1.219 ± 0.017: met<br>CPU 1.238: met | +56 (target ≤ +100: met) |");
    }

    @Test
    void ratiosAreTakenWithinEachRoundThenAveraged() throws Exception {
        String round1 = "[" + result("insert", "raw", 1000, 1, 1000, 100) + ","
            + result("insert", "dualaccess-off", 900, 1, 1100, 150) + "]";
        String round2 = "[" + result("insert", "raw", 500, 1, 2000, 100) + ","
            + result("insert", "dualaccess-off", 500, 1, 2000, 150) + "]";
        String out = print(round1, round2);
        assertThat(out).contains("2 round(s)")
            .contains("| insert | dualaccess-off | 700 |")
            .contains("| wall 0.900, 1.000; CPU 0.909, 1.000 | 150 | +50 |");
    }
}
