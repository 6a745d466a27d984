package io.dualaccess.cli.migrate;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.backfill.Backfill;
import io.dualaccess.backfill.BackfillStatus;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance run on PostgreSQL (A and B), 1 million rows ({@code mvn -Pheavy verify -pl cli -am}):
 * <ol>
 * <li>the throughput of one {@code dualaccess backfill} process against a plain
 *     {@code psql \copy … to stdout | psql \copy … from stdin} of the same table;</li>
 * <li>then, with write traffic through the proxy in dual-write all along: a backfill process killed
 *     with SIGKILL half-way, then two processes resuming the same run together; verify finds no
 *     difference.</li>
 * </ol>
 * Numbers go to {@code target/backfill-heavy.txt}.
 */
class BackfillHeavyTest {

    private static final int ROWS = 1_000_000;
    private static final String T = "heavy_orders";

    @TempDir
    Path dir;

    private final StringBuilder numbers = new StringBuilder();

    private void note(String line) {
        System.out.println(line);
        numbers.append(line).append('\n');
    }

    @Test
    void millionRowsUnderWritesKilledResumedSharedAndVerified() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String ddl = "create table " + T + " (id bigint primary key, customer int not null, total numeric(12,2),"
            + " note varchar(60), created timestamp)";
        a.run("drop table if exists " + T, ddl,
            "insert into " + T + " select g, g % 9973, (g % 100000) / 100.0, 'order ' || g,"
                + " timestamp '2024-01-01' + g * interval '1 second' from generate_series(1, " + ROWS + ") g",
            "analyze " + T);
        b.run("drop table if exists " + T, "drop table if exists heavy_copy", ddl,
            ddl.replace(T, "heavy_copy"));
        Path config = dir.resolve("dualaccess.properties");
        Files.writeString(config, String.join("\n", "dualaccess.a.url=" + a.url(), "dualaccess.a.user=" + a.user(),
            "dualaccess.a.password=" + a.password(), "dualaccess.b.url=" + b.url(), "dualaccess.b.user=" + b.user(),
            "dualaccess.b.password=" + b.password(), "dualaccess.tables.include=" + T, ""));
        Backfill.reset(b::connect, "heavy-clean");
        Backfill.reset(b::connect, "heavy");

        // 1. Throughput: COPY vs one backfill process, no other traffic.
        long t0 = System.nanoTime();
        String copy = psql(a, "\\copy " + T + " to stdout") + " | " + psql(b, "\\copy heavy_copy from stdin");
        Process p = new ProcessBuilder("bash", "-c", copy).redirectErrorStream(true)
            .redirectOutput(dir.resolve("copy.log").toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("copy.log"))).isZero();
        double copySeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(b.rows("select count(*) from heavy_copy")).containsExactly(String.valueOf(ROWS));
        b.run("drop table heavy_copy");
        note(String.format("COPY (psql \\copy to stdout | psql \\copy from stdin): %d rows in %.1f s = %.0f rows/s",
            ROWS, copySeconds, ROWS / copySeconds));

        t0 = System.nanoTime();
        // -Dbackfill.workers: worker threads of the one process (2: one worker's reads on A overlap the other's writes on B)
        String workers = System.getProperty("backfill.workers", "2");
        Process clean = backfill(config, "heavy-clean", "clean", "--workers", workers);
        assertThat(clean.waitFor()).as(log("clean")).isZero();
        double cleanSeconds = (System.nanoTime() - t0) / 1e9;
        note(String.format("backfill, 1 process, %s worker(s) (JVM start included): %d rows in %.1f s = %.0f rows/s; %.2fx COPY's time"
            + " (throughput %.2fx the pipe's)", workers, ROWS, cleanSeconds, ROWS / cleanSeconds, cleanSeconds / copySeconds,
            copySeconds / cleanSeconds));
        assertThat(b.rows("select count(*) from " + T)).containsExactly(String.valueOf(ROWS));
        b.run("truncate table " + T);

        // 2. Under write traffic: kill one process half-way, resume with two.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong nextId = new AtomicLong(2_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (DualAccessDataSource app = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE).set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString()).build()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(pool.submit(() -> write(app, stop, writes, nextId)));
            }
            long w0 = System.nanoTime();
            Process first = backfill(config, "heavy", "first");
            long killedAt = 0;
            while (first.isAlive()) {
                BackfillStatus s = Backfill.status(b::connect, "heavy");
                if (s.totalRows() > 0 && s.rowsRead() >= s.totalRows() / 2) {
                    first.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
                    first.waitFor(30, TimeUnit.SECONDS);
                    killedAt = Backfill.status(b::connect, "heavy").rowsRead();
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(killedAt).as("killed half-way, not after the end: " + log("first")).isPositive().isLessThan(ROWS);
            note(String.format("under writes: first process killed (SIGKILL) with %d rows checkpointed", killedAt));
            long r0 = System.nanoTime();
            Process second = backfill(config, "heavy", "second");
            Process third = backfill(config, "heavy", "third");
            assertThat(second.waitFor()).as(log("second")).isZero();
            assertThat(third.waitFor()).as(log("third")).isZero();
            double resumeSeconds = (System.nanoTime() - r0) / 1e9;
            long bySecond = copied(log("second"));
            long byThird = copied(log("third"));
            note(String.format("resumed by two processes together: %d + %d rows in %.1f s (%.0f rows/s together)",
                bySecond, byThird, resumeSeconds, (bySecond + byThird) / resumeSeconds));
            assertThat(bySecond).as("the second process copied part of the run").isPositive();
            assertThat(byThird).as("the third process copied part of the run").isPositive();
            assertThat(bySecond + byThird).as("the resumed run did not start over").isLessThan(ROWS - killedAt / 2);
            BackfillStatus done = Backfill.status(b::connect, "heavy");
            assertThat(done.complete()).isTrue();
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> f : writers) {
                f.get();
            }
            double writeSeconds = (System.nanoTime() - w0) / 1e9;
            note(String.format("application writes through the proxy meanwhile: %d (%.0f/s)", writes.get(),
                writes.get() / writeSeconds));
            assertThat(writes.get()).isGreaterThan(1000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.rows("select count(*) - count(distinct id) from " + T)).containsExactly("0");
        long v0 = System.nanoTime();
        VerifyReport report = Verify.builder(a::connect, b::connect).tables(List.of(T)).chunkSize(5000).build().run();
        note(String.format("verify: %d rows on A, %d on B, %d differences, %d transient, %.1f s",
            report.tables().get(0).rowsA(), report.tables().get(0).rowsB(), report.differences(),
            report.tables().get(0).transients(), (System.nanoTime() - v0) / 1e9));
        assertThat(report.equal()).as(report.text()).isTrue();
        Files.writeString(Path.of("target", "backfill-heavy.txt"), numbers.toString());
        a.run("drop table " + T);
        b.run("drop table " + T);
    }

    private Process backfill(Path config, String run, String name, String... more) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", classpath, "io.dualaccess.cli.DualAccessCli", "backfill", "--config", config.toString(),
            "--run", run, "--chunk-size", "5000", "--progress", "2"));
        command.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private static long copied(String log) {
        Matcher m = Pattern.compile("this process copied (\\d+) rows").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String psql(TestDb db, String command) {
        URI u = URI.create(db.url().substring("jdbc:".length()));
        return "PGPASSWORD='" + db.password() + "' psql -X -q -v ON_ERROR_STOP=1 -h " + u.getHost() + " -p " + u.getPort()
            + " -U " + db.user() + " -d " + u.getPath().substring(1) + " -c \"" + command.replace("\\", "\\\\") + "\"";
    }

    private static Void write(DualAccessDataSource app, AtomicBoolean stop, AtomicLong writes, AtomicLong nextId)
        throws SQLException, InterruptedException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try (Connection c = app.getConnection();
             PreparedStatement update = c.prepareStatement("update " + T + " set total = total + 1, note = ? where id = ?");
             PreparedStatement insert = c.prepareStatement("insert into " + T + " values (?, 1, 9.99, 'new', null)");
             PreparedStatement delete = c.prepareStatement("delete from " + T + " where id = ?")) {
            while (!stop.get()) {
                int op = r.nextInt(10);
                if (op < 6) {
                    update.setString(1, "updated " + r.nextInt(1000));
                    update.setLong(2, 1 + r.nextInt(ROWS));
                    update.executeUpdate();
                } else if (op < 8) {
                    insert.setLong(1, nextId.getAndIncrement());
                    insert.executeUpdate();
                } else {
                    delete.setLong(1, 1 + r.nextInt(ROWS));
                    delete.executeUpdate();
                }
                writes.incrementAndGet();
                Thread.sleep(2); // steady traffic, not a load test: the backfill must share two cores with it
            }
        }
        return null;
    }
}
