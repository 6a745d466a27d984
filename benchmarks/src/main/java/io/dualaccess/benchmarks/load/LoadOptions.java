package io.dualaccess.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one invocation of {@link LoadRun} does. Database settings default to the test servers'
 * variables ({@code TEST_PG_URL_A}, {@code TEST_PG_URL_B}, {@code TEST_PG_USER},
 * {@code TEST_PG_PASSWORD}); dualaccess itself is configured only through connection properties.
 *
 * @param aUrl          database A (a plain {@code jdbc:postgresql:} URL)
 * @param bUrl          database B
 * @param user          user for A and B
 * @param password      password for A and B
 * @param threads       application threads
 * @param warmup        run before measuring, per scenario and round
 * @param duration      measured, per scenario and round
 * @param settle        for sick-B scenarios without a breaker (shadow-read): how long after B falls
 *                      sick the "settled" window starts
 * @param rounds        how often every scenario runs; even rounds in reverse order
 * @param rows          rows in the table
 * @param scenarios     what to run
 * @param slow          how much the relay delays each burst from B in {@code b-slow}
 * @param bTimeout      {@code dualaccess.b.statement-timeout}: also the breaker's slow-call threshold
 * @param breakerOpen   {@code dualaccess.breaker.open-duration}
 * @param probeRounds   rounds of the single-threaded write-overhead probe (0: no probe)
 * @param probeOps      writes per block of the probe
 * @param probeWarmup   writes per variant and operation in the probe's unrecorded first round
 * @param out           where results go
 * @param keepLogs      keep each scenario's comparison log (else deleted once summarised)
 */
record LoadOptions(String aUrl, String bUrl, String user, String password, int threads, Duration warmup,
                   Duration duration, Duration settle, int rounds, int rows, List<Scenario> scenarios, Duration slow,
                   String bTimeout, String breakerOpen, int probeRounds, int probeOps, int probeWarmup, Path out,
                   boolean keepLogs) {

    static final String USAGE = """
        LoadRun: a mixed OLTP workload against PostgreSQL A and B, raw and through dualaccess in each phase,
        with B healthy, stopped and slowed. Prints a Markdown table; writes load-result.{md,json} to --out.

          --threads N          application threads (default 8)
          --warmup S           seconds of warm-up per scenario and round (default 4)
          --duration S         measured seconds per scenario and round (default 10)
          --rounds N           rounds; each runs every scenario, even rounds in reverse order (default 2)
          --settle S           sick B without a breaker: "settled" starts S seconds after B falls sick (default 2)
          --rows N             rows in the table (default 10000)
          --scenarios LIST     comma-separated, all (default) or none (the probe only): %s
          --slow-ms N          b-slow: delay of every burst from B, ms (default 200)
          --b-timeout D        dualaccess.b.statement-timeout for every dualaccess scenario (default 50ms);
                               the breaker counts a mirror call slower than this as failed
          --breaker-open D     dualaccess.breaker.open-duration (default 5s)
          --probe-rounds N     rounds of the single-threaded dual-write overhead probe, 0 for none (default 5)
          --probe-ops N        writes per probe block (default 300)
          --probe-warmup N     writes per variant and operation before the probe records (default 2000)
          --quick              1 round, 2 s warm-up, 3 s measured, probe 500 warm-up + 2 rounds of 100 (1–2 minutes)
          --out DIR            results directory (default target/load)
          --keep-logs          keep each scenario's comparison log and journal under DIR
          --a-url URL --b-url URL --user U --password P
                               databases (default: TEST_PG_URL_A, TEST_PG_URL_B, TEST_PG_USER, TEST_PG_PASSWORD)
        """;

    /** Parses command-line arguments over the defaults. */
    static LoadOptions parse(String... args) {
        String aUrl = System.getenv("TEST_PG_URL_A");
        String bUrl = System.getenv("TEST_PG_URL_B");
        String user = System.getenv("TEST_PG_USER");
        String password = System.getenv("TEST_PG_PASSWORD");
        int threads = 8;
        double warmup = 4;
        double duration = 10;
        double settle = 2;
        int rounds = 2;
        int rows = 10_000;
        String scenarios = "all";
        int slowMs = 200;
        String bTimeout = "50ms";
        String breakerOpen = "5s";
        int probeRounds = 5;
        int probeOps = 300;
        int probeWarmup = 2000;
        String out = "target/load";
        boolean keepLogs = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {
                    rounds = 1;
                    warmup = 2;
                    duration = 3;
                    probeRounds = 2;
                    probeOps = 100;
                    probeWarmup = 500;
                }
                case "--threads" -> threads = positive(a, value(args, ++i, a));
                case "--warmup" -> warmup = seconds(a, value(args, ++i, a));
                case "--duration" -> duration = seconds(a, value(args, ++i, a));
                case "--settle" -> settle = seconds(a, value(args, ++i, a));
                case "--rounds" -> rounds = positive(a, value(args, ++i, a));
                case "--rows" -> {
                    rows = positive(a, value(args, ++i, a));
                    if (rows < 100) {
                        throw new IllegalArgumentException("--rows wants at least 100 (range selects read 20), got " + rows);
                    }
                }
                case "--scenarios" -> scenarios = value(args, ++i, a);
                case "--slow-ms" -> slowMs = positive(a, value(args, ++i, a));
                case "--b-timeout" -> bTimeout = value(args, ++i, a);
                case "--breaker-open" -> breakerOpen = value(args, ++i, a);
                case "--probe-rounds" -> probeRounds = nonNegative(a, value(args, ++i, a));
                case "--probe-ops" -> probeOps = positive(a, value(args, ++i, a));
                case "--probe-warmup" -> probeWarmup = nonNegative(a, value(args, ++i, a));
                case "--out" -> out = value(args, ++i, a);
                case "--keep-logs" -> keepLogs = true;
                case "--a-url" -> aUrl = value(args, ++i, a);
                case "--b-url" -> bUrl = value(args, ++i, a);
                case "--user" -> user = value(args, ++i, a);
                case "--password" -> password = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n\n" + usage());
            }
        }
        if (aUrl == null || bUrl == null) {
            throw new IllegalArgumentException("databases A and B are not set: pass --a-url and --b-url, or set TEST_PG_URL_A "
                + "and TEST_PG_URL_B (eval \"$(scripts/test-servers.sh env)\")");
        }
        for (String url : List.of(aUrl, bUrl)) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the load run needs PostgreSQL URLs (jdbc:postgresql://…), got " + url);
            }
        }
        return new LoadOptions(aUrl, bUrl, user, password, threads, millis(warmup), millis(duration), millis(settle), rounds,
            rows, Scenario.parseList(scenarios), Duration.ofMillis(slowMs), bTimeout, breakerOpen, probeRounds, probeOps,
            probeWarmup, Path.of(out), keepLogs);
    }

    static String usage() {
        StringBuilder names = new StringBuilder();
        for (Scenario s : Scenario.ALL) {
            names.append(names.length() == 0 ? "" : ",").append(s.name());
        }
        return String.format(USAGE, names);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " wants a value\n\n" + usage());
        }
        return args[i];
    }

    private static int positive(String option, String v) {
        int n = nonNegative(option, v);
        if (n == 0) {
            throw new IllegalArgumentException(option + " wants a positive integer, got '" + v + "'");
        }
        return n;
    }

    private static int nonNegative(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants a non-negative integer, got '" + v + "'");
    }

    private static double seconds(String option, String v) {
        try {
            double s = Double.parseDouble(v);
            if (s >= 0 && s < 86_400) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants seconds (for example 10 or 0.5), got '" + v + "'");
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
