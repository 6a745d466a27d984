package io.dualaccess.cli.migrate;

import io.dualaccess.backfill.Backfill;
import io.dualaccess.backfill.BackfillStatus;
import io.dualaccess.source.ConnectionSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/** {@code dualaccess backfill}: copies the rows B lacks, resumable, shareable between processes. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Copy the rows A has and B lacks, table by table, while the application runs in dual-write.",
        "Rows are read on A under a shared row lock and inserted into B if absent (never overwriting a mirrored row).",
        "Progress is checkpointed in B (tables dualaccess_backfill_*): run the same command again to resume;",
        "start it on several machines with the same --run to share the work."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:this process has nothing left to do (the run is complete, or other processes hold the remaining chunks)",
        "1:stopped before the end (B still lacks rows): run the same command again to resume",
        "2:could not run (bad usage, configuration, a database unreachable)",
    })
public final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Databases db;

    @Option(names = "--run", defaultValue = "default", paramLabel = "ID",
        description = "Run id: processes with the same id share one plan and its checkpoints (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--chunk-size", defaultValue = "1000", paramLabel = "ROWS",
        description = "Keys per chunk and rows per page (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    // The library's default (2: one worker's locked read on A overlaps the other's write into B).
    @Option(names = "--workers", defaultValue = "" + Backfill.DEFAULT_WORKERS, paramLabel = "N",
        description = "Worker threads in this process, each with one connection to A and two to B (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "ROWS_PER_S",
        description = "Most rows per second this process copies; 0 for no limit (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--progress", defaultValue = "5", paramLabel = "SECONDS",
        description = "Seconds between progress lines on stderr; 0 for none (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Option(names = "--reset", description = "Forget the run's plan and checkpoints first, so it starts over.")
    boolean reset;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScheduledExecutorService ticker = null;
        Thread hook = null;
        try {
            ConnectionSource a = db.a();
            ConnectionSource b = db.b();
            List<String> tables = db.tables(a);
            if (reset) {
                out.println("backfill " + run + ": reset (" + Backfill.reset(b, run) + " checkpoint rows deleted)");
            }
            Backfill backfill = Backfill.builder(a, b).mapping(db.mapping()).tables(tables).run(run).chunkSize(chunkSize).workers(workers)
                .rowsPerSecond(rate).build();
            CountDownLatch finished = new CountDownLatch(1);
            // Ctrl-C / SIGTERM: finish the current pages, keep the checkpoints, exit.
            hook = new Thread(() -> {
                backfill.stop();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "dualaccess-backfill-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (progressSeconds > 0) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "dualaccess-backfill-progress");
                    t.setDaemon(true);
                    return t;
                });
                Progress progress = new Progress(b, run, err);
                ticker.scheduleAtFixedRate(progress::print, progressSeconds, progressSeconds, TimeUnit.SECONDS);
            }
            out.println("backfill " + run + ": " + String.join(", ", tables) + " (chunks of " + chunkSize + ", "
                + workers + " worker(s)" + (rate > 0 ? ", at most " + (long) rate + " rows/s" : "") + ")");
            out.flush();
            Backfill.Result r;
            try {
                r = backfill.run();
            } finally {
                finished.countDown();
            }
            BackfillStatus s = r.status();
            double seconds = Math.max(1e-3, r.elapsed().toNanos() / 1e9);
            // MariaDB does not tell which rows an insert-if-absent inserted: no count rather than a wrong one.
            out.printf("backfill %s: this process copied %d rows%s in %.1f s (%.0f rows/s), %d chunk(s)%n", run,
                r.rowsRead(), r.rowsInserted() > 0 ? " (" + r.rowsInserted() + " inserted)" : "", seconds,
                r.rowsRead() / seconds, r.chunks());
            for (BackfillStatus.Table t : s.tables()) {
                out.printf("  %s: %d/%d chunks, %d rows copied of %d planned%s%n", t.table(), t.chunksDone(), t.chunks(),
                    t.rowsRead(), t.totalRows(), t.complete() ? ", complete" : "");
            }
            if (r.stopped()) {
                out.println("backfill " + run + ": stopped; run the same command again to resume");
                return 1;
            }
            out.println("backfill " + run + ": " + (s.complete() ? "complete"
                : "this process is done; chunks still leased by other processes are theirs to finish"));
            return 0;
        } catch (Exception e) {
            return Failures.report(spec, e);
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for us
                }
            }
            out.flush();
        }
    }

    /** Progress lines from B's checkpoints (every process of the run together): done/total, rate, ETA. */
    private static final class Progress {
        private final ConnectionSource b;
        private final String run;
        private final PrintWriter err;
        private long lastRows = -1;
        private long lastNanos;

        Progress(ConnectionSource b, String run, PrintWriter err) {
            this.b = b;
            this.run = run;
            this.err = err;
        }

        void print() {
            try {
                BackfillStatus s = Backfill.status(b, run);
                long now = System.nanoTime();
                long done = s.rowsRead();
                long total = Math.max(s.totalRows(), done);
                String rate = "";
                String eta = "";
                if (lastRows >= 0 && now > lastNanos) {
                    double perSecond = (done - lastRows) / ((now - lastNanos) / 1e9);
                    rate = String.format(", %.0f rows/s", perSecond);
                    if (perSecond > 0) {
                        long left = (long) ((total - done) / perSecond);
                        eta = String.format(", ETA %d:%02d:%02d", left / 3600, left / 60 % 60, left % 60);
                    }
                }
                lastRows = done;
                lastNanos = now;
                err.printf("backfill %s: %d/%d rows (%.1f%%)%s%s%n", run, done, total,
                    total == 0 ? 100.0 : 100.0 * done / total, rate, eta);
                err.flush();
            } catch (Exception e) {
                err.println("backfill " + run + ": progress unavailable: " + e.getMessage());
                err.flush();
            }
        }
    }
}
