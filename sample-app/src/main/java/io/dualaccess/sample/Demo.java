package io.dualaccess.sample;

import io.dualaccess.backfill.Backfill;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.repair.Repair;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo: the sample shop on embedded H2 databases for A and B (B with planted differences),
 * the admin server and dashboard, the traffic generator, and a walk through the migration's
 * phases on a timer through the admin server's {@code POST /phase}, as an operator would.
 */
final class Demo {

    /** One step of the walk: the phase and what the operator should look at in it. */
    record Step(String phase, String what) {
    }

    static final List<Step> STEPS = List.of(
        new Step("shadow-read", "reads are served by A and replayed on B to compare. B gets no writes in this"
            + " phase, so besides the planted differences, what the shop writes (orders, stock) drifts apart"),
        new Step("dual-write", "writes go to A and are mirrored to B with A's keys. Writes touching rows B never"
            + " got show as update-count mismatches and foreign-key errors until the backfill (rows B lacks) and"
            + " verify --repair (rows that differ) make B whole"),
        new Step("shadow", "reads compared and writes mirrored, A still answering: the rehearsal for live. B is"
            + " whole now, so what still mismatches is real: B's price column (price-scale) cannot hold A's prices"),
        new Step("live", "B answers the shop (its sequences moved past A's keys first); A is kept whole as the"
            + " shadow, for a rollback"));

    private static final String USAGE = """
        usage: demo [--phase-seconds 20] [--duration 0] [--no-wait] [--port 8080] [--admin-port 8081]
                    [--threads 4] [--rate 25] [--difference price-scale,missing-row] [--dir demo-run]
          --phase-seconds S  time spent in each phase (shadow-read, dual-write, shadow, live)
          --duration N       stop after N seconds (0: keep running in the last phase until Ctrl-C)
          --no-wait          stop once the last phase has run its time (for scripts and CI)
          --rate R           requests per second of the traffic generator, over all threads
          --difference D     what B gets wrong on purpose: price-scale, missing-row, both, or none
          --dir D            where the databases, the comparison log and the journal go (emptied of them first)""";

    private Demo() {
    }

    static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /**
     * Runs the demo; returns when its time is up (0: comparisons and the planted mismatches were
     * logged, 1: not), or never when it runs until Ctrl-C.
     */
    static int run(String[] args) throws Exception {
        // Keep the terminal for the demo's own lines: Jetty and the pools only speak up when something is wrong.
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        Map<String, String> o = Args.parse(args, orderedDefaults(), USAGE);
        int phaseSeconds = Integer.parseInt(o.get("--phase-seconds"));
        long durationSeconds = Long.parseLong(o.get("--duration"));
        if (Boolean.parseBoolean(o.get("--no-wait")) && durationSeconds == 0) {
            durationSeconds = (long) phaseSeconds * STEPS.size();
        }
        Path dir = Path.of(o.get("--dir")).toAbsolutePath().normalize();
        prepareDirectory(dir);
        Path log = dir.resolve("dualaccess-comparisons.jsonl");
        String token = HexFormat.of().formatHex(randomBytes(12));
        int adminPort = Integer.parseInt(o.get("--admin-port"));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sample.port", o.get("--port"));
        settings.put("sample.a.url", "jdbc:h2:file:" + dir.resolve("shop_a") + ";AUTO_SERVER=TRUE");
        settings.put("sample.b.url", "jdbc:h2:file:" + dir.resolve("shop_b") + ";AUTO_SERVER=TRUE");
        settings.put("sample.b-difference", o.get("--difference"));
        settings.put("dualaccess.phase", STEPS.get(0).phase());
        settings.put("dualaccess.log.file", log.toString());
        settings.put("dualaccess.journal.file", dir.resolve("dualaccess-journal.jsonl").toString());
        // Demo data is not sensitive: show the differing values themselves in the log and dashboard.
        settings.put("dualaccess.log.values", "full");
        settings.put("dualaccess.admin.port", String.valueOf(adminPort));
        settings.put("dualaccess.admin.token", token);
        settings.put("dualaccess.admin.sample-interval", "2s");

        SampleApp app = SampleApp.start(SampleConfig.fromEnvironment(settings), Clock.systemUTC());
        URI admin = URI.create("http://127.0.0.1:" + adminPort + "/");
        TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Options(app.uri(),
            Integer.parseInt(o.get("--threads")), Double.parseDouble(o.get("--rate")), null, 1));
        ComparisonLogTail tail = new ComparisonLogTail(log);
        AtomicBoolean finished = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (finished.compareAndSet(false, true)) {
                shutdown(traffic, app, tail);
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        traffic.start();
        System.out.printf("""

            dualaccess demo: a sample shop moving from database A to database B while it runs
              shop:            %s
              dashboard:       %s
              comparison log:  %s
              phase switch:    curl -X POST -H 'Authorization: Bearer %s' -d '{"phase":"shadow"}' %sphase
              traffic:         %s threads, %s requests/s
              planted in B:    %s
              stop:            Ctrl-C%n%n""", app.uri(), admin, log, token, admin, o.get("--threads"), o.get("--rate"),
            o.get("--difference"));

        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        int step = 0;
        Thread repairs = null;
        boolean firstMismatchShown = false;
        announce(STEPS.get(0), 0);
        long nextStatus = 5;
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
            if (durationSeconds > 0 && elapsed >= durationSeconds) {
                break;
            }
            if (step + 1 < STEPS.size() && elapsed >= (long) (step + 1) * phaseSeconds) {
                step++;
                if (repairs != null && repairs.isAlive()) {
                    // As in the playbook: do not leave dual-write before backfill and verify are done.
                    System.out.printf("[%4ds] waiting for backfill and verify to finish before moving on%n", elapsed);
                    repairs.join();
                }
                elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                announce(STEPS.get(step), elapsed);
                switchPhase(http, admin, token, STEPS.get(step).phase());
                if (STEPS.get(step).phase().equals("dual-write")) {
                    repairs = makeBWhole(app.config(), start);
                }
            }
            tail.poll();
            if (!firstMismatchShown && tail.count("mismatch") > 0) {
                firstMismatchShown = true;
                System.out.printf("[%4ds] first mismatch logged; the dashboard lists it under the top mismatching statements%n",
                    elapsed);
            }
            if (elapsed >= nextStatus) {
                nextStatus += 5;
                System.out.printf("[%4ds] %-11s %6d requests (%d failed) | %s%n", elapsed, STEPS.get(step).phase(),
                    traffic.requests(), traffic.failures(), brief(tail));
            }
            Thread.sleep(250);
        }
        if (finished.compareAndSet(false, true)) {
            shutdown(traffic, app, tail);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        boolean planted = o.get("--difference").equals("none")
            || tail.mismatchesByTable().keySet().stream().anyMatch(k -> k.startsWith("products ("));
        if (traffic.failures() > 0) {
            System.out.println("demo: " + traffic.failures() + " requests failed with a server error; the shop's log above says why");
        }
        if (tail.events() == 0 || !planted) {
            System.out.println("demo: expected comparisons in the log and mismatches on products (where B's differences"
                + " are planted); found " + tail.events() + " comparisons, mismatches " + tail.mismatchesByTable());
            return 1;
        }
        return 0;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static Map<String, String> orderedDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--phase-seconds", "20");
        d.put("--duration", "0");
        d.put("--no-wait", "false");
        d.put("--port", "8080");
        d.put("--admin-port", "8081");
        d.put("--threads", "4");
        d.put("--rate", "25");
        d.put("--difference", "price-scale,missing-row");
        d.put("--dir", "demo-run");
        return d;
    }

    /** Removes what an earlier run left (only the demo's own files), so every run starts from the seed. */
    private static void prepareDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("shop_a.") || name.startsWith("shop_b.") || name.startsWith("dualaccess-")) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void announce(Step step, long elapsed) {
        StringBuilder out = new StringBuilder(String.format("[%4ds] phase %s:", elapsed, step.phase()));
        int lineStart = 0;
        for (String word : step.what().split(" ")) {
            if (out.length() - lineStart + word.length() > 100) {
                out.append('\n');
                lineStart = out.length();
                out.append("       ");
            }
            out.append(' ').append(word);
        }
        System.out.println(out);
    }

    /** Moves the phase through the admin server, as an operator would with curl. */
    private static void switchPhase(HttpClient http, URI admin, String token, String phase) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(admin.resolve("phase"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":\"" + phase + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                System.out.printf("       the admin server refused the phase change (%d): %s%n", r.statusCode(), r.body());
            }
        } catch (IOException e) {
            System.out.println("       cannot reach the admin server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What an operator runs once writes are mirrored: the backfill copies the rows B lacks, then
     * verify compares the tables and repairs the rows that differ. In the background, so the
     * traffic and the timer go on; the results are printed when done.
     */
    private static Thread makeBWhole(SampleConfig config, long startNanos) {
        ConnectionSource a = () -> DriverManager.getConnection(config.aUrl(), config.aUser(), config.aPassword());
        ConnectionSource b = () -> DriverManager.getConnection(config.bUrl(), config.bUser(), config.bPassword());
        List<String> tables = List.of("customers", "products", "orders", "order_lines");
        Thread t = new Thread(() -> {
            try {
                // Transactions that began before the switch commit unmirrored; let them finish first.
                Thread.sleep(1000);
                Backfill.Result r = Backfill.builder(a, b).tables(tables).chunkSize(200).workers(1).run("demo")
                    .build().run();
                System.out.printf("[%4ds] backfill: %d rows of A read, the ones B lacked inserted, in %d ms%n",
                    (System.nanoTime() - startNanos) / 1_000_000_000L, r.rowsRead(), r.elapsed().toMillis());
                try (Repair repair = new Repair(a, b, NormalizationRules.defaults(), false, null)) {
                    VerifyReport report = Verify.builder(a, b).tables(tables).chunkSize(200).sink(repair).build().run();
                    Repair.Counts c = repair.counts();
                    System.out.printf("[%4ds] verify --repair: %d differing rows found; B repaired: %d inserted, %d updated,"
                        + " %d deleted (%d agreed again by then)%n", (System.nanoTime() - startNanos) / 1_000_000_000L,
                        report.differences(), c.inserted(), c.updated(), c.deleted(), c.unchanged());
                }
            } catch (Exception e) {
                System.out.println("       backfill/verify failed: " + e);
            }
        }, "demo-backfill");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String brief(ComparisonLogTail tail) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : tail.outcomes().entrySet()) {
            outcomes.merge(e.getKey().substring(e.getKey().indexOf(' ') + 1), e.getValue(), Long::sum);
        }
        return tail.events() + " comparisons " + outcomes;
    }

    private static void shutdown(TrafficGenerator traffic, SampleApp app, ComparisonLogTail tail) {
        try {
            traffic.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // Let the last shadow reads and log lines land before counting.
            Thread.sleep(1500);
            tail.poll();
        } catch (IOException | InterruptedException e) {
            // The summary then counts what had been read.
        }
        System.out.printf("%ntraffic: %d requests, %d failed%n%s", traffic.requests(), traffic.failures(), traffic.summary());
        System.out.printf("comparisons: %d%n", tail.events());
        tail.outcomes().forEach((k, v) -> System.out.printf("  %-22s %6d%n", k, v));
        if (!tail.mismatchesByTable().isEmpty()) {
            System.out.println("mismatches by table:");
            tail.mismatchesByTable().forEach((k, v) -> System.out.printf("  %-40s %6d%n", k, v));
        }
        try {
            app.close();
        } catch (Exception e) {
            System.out.println("stopping the shop: " + e.getMessage());
        }
    }
}
