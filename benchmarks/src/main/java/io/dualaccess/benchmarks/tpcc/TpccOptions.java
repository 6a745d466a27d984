package io.dualaccess.benchmarks.tpcc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one invocation of {@link TpccRun} does. A defaults to the test server's variables
 * ({@code TEST_PG_URL_A}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}); B is a server started
 * for the run from {@code TEST_PG_BIN} unless {@code --b-url} names one.
 *
 * @param aUrl       database A
 * @param bUrl       database B, or null: a server of its own from {@code pgBin}
 * @param user       user for A (and B)
 * @param password   password for A (and B)
 * @param pgBin      PostgreSQL's bin directory (initdb, pg_ctl) for B's server
 * @param warehouses warehouses (each terminal's home warehouse is one of them)
 * @param terminals  application threads
 * @param warmup     run before measuring, per mode and round
 * @param warmupMax  the longest warm-up: past {@code warmup} it goes on while the JIT still compiles
 * @param duration   measured, per mode and round
 * @param rounds     how often every mode runs; even rounds in reverse order
 * @param modes      what to run
 * @param settings   further dualaccess connection properties for every dualaccess mode
 * @param out        where results go
 * @param keepLogs   keep each run's comparison log
 */
record TpccOptions(String aUrl, String bUrl, String user, String password, Path pgBin, int warehouses, int terminals,
                   Duration warmup, Duration warmupMax, Duration duration, int rounds, List<TpccMode> modes, Map<String, String> settings,
                   Path out, boolean keepLogs) {

    static final String USAGE = """
        TpccRun: a TPC-C-like mix (new-order 45 %, payment 43 %, order-status 8 %, stock-level 4 %) against
        PostgreSQL, direct and through dualaccess in off, dual-write and shadow, in interleaved rounds. B runs on a
        PostgreSQL server of its own (initdb + pg_ctl in a temporary directory, stopped afterwards).

          --warehouses N       warehouses (default 2)
          --terminals N        application threads, one home warehouse each (default 2)
          --warmup S           seconds of warm-up per mode and round (default 10)
          --warmup-max S       past --warmup, warm up on while the JIT compiles more than 1 % of a core
                               over 2 s, up to S seconds in all (default 60; equal to --warmup: fixed)
          --duration S         measured seconds per mode and round (default 20)
          --rounds N           rounds; each runs every mode, even rounds in reverse order (default 3)
          --modes LIST         comma-separated: direct,off,dual-write,shadow (default these four), and by-hand
                               (A directly, the terminal mirroring its writes to B itself with plain JDBC)
          --set KEY=VALUE      a dualaccess connection property for every dualaccess mode (repeatable),
                               e.g. --set dualaccess.shadow.budget=0.5
          --quick              1 round, 3 s warm-up (fixed), 5 s measured
          --out DIR            results directory (default target/tpcc)
          --keep-logs          keep each run's comparison log under DIR (a run with a mismatch keeps
                               its log in any case)
          --pg-bin DIR         PostgreSQL bin directory for B's server (default TEST_PG_BIN)
          --b-url URL          use this database as B instead of starting a server
          --a-url URL --user U --password P
                               database A (default: TEST_PG_URL_A, TEST_PG_USER, TEST_PG_PASSWORD)
        """;

    static String usage() {
        return USAGE;
    }

    static TpccOptions parse(String... args) {
        String aUrl = System.getenv("TEST_PG_URL_A");
        String bUrl = null;
        String user = env("TEST_PG_USER", "dualaccess");
        String password = env("TEST_PG_PASSWORD", "dualaccess");
        String pgBin = System.getenv("TEST_PG_BIN");
        int warehouses = 2;
        int terminals = 2;
        double warmup = 10;
        Double warmupMax = null;
        double duration = 20;
        int rounds = 3;
        List<TpccMode> modes = List.of(TpccMode.DIRECT, TpccMode.OFF, TpccMode.DUAL_WRITE, TpccMode.SHADOW);
        Map<String, String> settings = new LinkedHashMap<>();
        Path out = Path.of("target", "tpcc");
        boolean keepLogs = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {
                    rounds = 1;
                    warmup = 3;
                    warmupMax = 3.0;
                    duration = 5;
                }
                case "--keep-logs" -> keepLogs = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " wants a value (see --help)");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--a-url" -> aUrl = v;
                        case "--b-url" -> bUrl = v;
                        case "--user" -> user = v;
                        case "--password" -> password = v;
                        case "--pg-bin" -> pgBin = v;
                        case "--warehouses" -> warehouses = positive(a, v);
                        case "--terminals" -> terminals = positive(a, v);
                        case "--warmup" -> warmup = seconds(a, v);
                        case "--warmup-max" -> warmupMax = seconds(a, v);
                        case "--duration" -> duration = seconds(a, v);
                        case "--rounds" -> rounds = positive(a, v);
                        case "--modes" -> modes = TpccMode.parseList(v);
                        case "--out" -> out = Path.of(v);
                        case "--set" -> {
                            int eq = v.indexOf('=');
                            if (eq <= 0 || !v.startsWith("dualaccess.")) {
                                throw new IllegalArgumentException("--set wants dualaccess.KEY=VALUE, got '" + v + "'");
                            }
                            settings.put(v.substring(0, eq), v.substring(eq + 1));
                        }
                        default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                    }
                }
            }
        }
        if (aUrl == null) {
            throw new IllegalArgumentException("no database A: pass --a-url or set TEST_PG_URL_A");
        }
        if (bUrl == null && pgBin == null) {
            throw new IllegalArgumentException("no PostgreSQL bin directory for B's server: pass --pg-bin or set TEST_PG_BIN "
                + "(or --b-url to use an existing database as B)");
        }
        double longest = warmupMax == null ? Math.max(60, warmup) : warmupMax;
        if (longest < warmup) {
            throw new IllegalArgumentException("--warmup-max " + longest + " is shorter than --warmup " + warmup);
        }
        return new TpccOptions(aUrl, bUrl, user, password, pgBin == null ? null : Path.of(pgBin), warehouses, terminals,
            Duration.ofMillis(Math.round(warmup * 1000)), Duration.ofMillis(Math.round(longest * 1000)),
            Duration.ofMillis(Math.round(duration * 1000)), rounds,
            new ArrayList<>(modes), settings, out, keepLogs);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants a positive integer, got '" + v + "'");
    }

    private static double seconds(String option, String v) {
        try {
            double s = Double.parseDouble(v);
            if (s > 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants a positive number of seconds, got '" + v + "'");
    }
}
