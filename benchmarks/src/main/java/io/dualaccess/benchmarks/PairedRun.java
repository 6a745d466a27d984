package io.dualaccess.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two modes measured in one JVM, in alternating short slices, so both run on the same compiled H2.
 *
 * <p>JMH gives each mode its own fork, and C2 compiles H2 differently in every fork: on these
 * machines {@code raw}'s own throughput moves by 30 % or more from fork to fork, far more than the
 * 3 % the {@code off} target is about. Here both modes' pools live in one JVM; after a common
 * warm-up the run alternates slices of each (A B B A, so neither always goes first), and each pair
 * of neighbouring slices gives one ratio. The median of those ratios, with the spread of the middle
 * half, is the verdict. The price: the JIT sees both modes' classes at the pool's call sites (a
 * bimorphic site where production has a monomorphic one), which costs both modes alike.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.PairedRun [workload] [modeA] [modeB] [pairs] [warm-up s] [slice ms]</pre>
 *
 * defaults: {@code statementCycle raw dualaccess-off 60 20 200}; workloads as in {@link JdbcBenchmarks},
 * modes as in {@link Mode}. Prints one line: both modes' median rates and the median ratio B / A
 * per pair with the middle half of the ratios.
 */
public final class PairedRun {


    private interface Op {
        int run(JdbcState s, Cursor c, Blackhole bh) throws SQLException;
    }

    private PairedRun() {
    }

    public static void main(String[] args) throws SQLException {
        String workload = args.length > 0 ? args[0] : "statementCycle";
        String modeA = args.length > 1 ? args[1] : "raw";
        String modeB = args.length > 2 ? args[2] : "dualaccess-off";
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        long warmupNanos = (args.length > 4 ? Long.parseLong(args[4]) : 20) * 1_000_000_000L;
        long sliceNanos = (args.length > 5 ? Long.parseLong(args[5]) : 200) * 1_000_000L;
        if (pairs < 1 || sliceNanos < 1) {
            throw new IllegalArgumentException("pairs and slice ms must be at least 1, not " + pairs + " and " + sliceNanos / 1_000_000);
        }
        System.out.println(run(workload, modeA, modeB, pairs, warmupNanos, sliceNanos));
    }

    /** Runs the comparison and returns its one-line verdict (see the class comment). */
    static String run(String workload, String modeA, String modeB, int pairs, long warmupNanos, long sliceNanos) throws SQLException {
        Op op = op(workload);
        JdbcState a = open(modeA);
        JdbcState b = open(modeB);
        Cursor ca = new Cursor();
        Cursor cb = new Cursor();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            long end = System.nanoTime() + warmupNanos;
            while (System.nanoTime() < end) {
                slice(op, a, ca, bh, sliceNanos);
                slice(op, b, cb, bh, sliceNanos);
            }
            double[] ratios = new double[pairs];
            double[] rateA = new double[pairs];
            double[] rateB = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                double ra;
                double rb;
                if (i % 2 == 0) {
                    ra = slice(op, a, ca, bh, sliceNanos);
                    rb = slice(op, b, cb, bh, sliceNanos);
                } else {
                    rb = slice(op, b, cb, bh, sliceNanos);
                    ra = slice(op, a, ca, bh, sliceNanos);
                }
                rateA[i] = ra;
                rateB[i] = rb;
                ratios[i] = rb / ra;
            }
            Arrays.sort(ratios);
            Arrays.sort(rateA);
            Arrays.sort(rateB);
            return String.format(Locale.ROOT, "%s: %s %,.0f ops/s, %s %,.0f ops/s (medians of %d slices of %d ms);"
                    + " %s / %s per pair: median %.3f, middle half %.3f to %.3f",
                workload, modeA, median(rateA), modeB, median(rateB), pairs, sliceNanos / 1_000_000,
                modeB, modeA, median(ratios), ratios[pairs / 4], ratios[pairs - 1 - pairs / 4]);
        } finally {
            a.close();
            b.close();
        }
    }

    private static JdbcState open(String mode) throws SQLException {
        JdbcState s = new JdbcState();
        s.mode = mode;
        s.open();
        return s;
    }

    /** Runs the operation for one slice; operations per second. */
    private static double slice(Op op, JdbcState s, Cursor c, Blackhole bh, long sliceNanos) throws SQLException {
        long start = System.nanoTime();
        long end = start + sliceNanos;
        long ops = 0;
        long now;
        do {
            bh.consume(op.run(s, c, bh));
            ops++;
        } while ((now = System.nanoTime()) < end);
        return ops * 1e9 / (now - start);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Op op(String workload) {
        JdbcBenchmarks w = new JdbcBenchmarks();
        List<String> known = new ArrayList<>(List.of("statementCycle", "pointSelect", "select1000Rows", "insert",
            "updateInTransaction", "batch100Inserts"));
        return switch (workload) {
            case "statementCycle" -> w::statementCycle;
            case "pointSelect" -> w::pointSelect;
            case "select1000Rows" -> w::select1000Rows;
            case "insert" -> (s, c, bh) -> w.insert(s, c);
            case "updateInTransaction" -> (s, c, bh) -> w.updateInTransaction(s, c);
            case "batch100Inserts" -> (s, c, bh) -> w.batch100Inserts(s, c);
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'; expected one of " + known);
        };
    }
}
