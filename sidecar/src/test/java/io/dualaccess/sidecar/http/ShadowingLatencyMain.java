package io.dualaccess.sidecar.http;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.sidecar.DualAccessFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcDataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load run behind the latency claim of {@code docs/http-shadowing.md}: the client's latency
 * through {@link DualAccessFilter} without shadowing, and with shadowing to a healthy, a down and
 * a slow candidate, in interleaved rounds of closed-loop traffic over loopback. Not a unit test
 * (timings on a shared machine are not assertions); run it with
 * {@code java [-Dsteady=true [-Dslice=100]] [-Ddump=FILE] -cp <test classpath> io.dualaccess.sidecar.http.ShadowingLatencyMain [requests-per-round] [rounds] [clients] [requests/s] [cases]}
 * ({@code cases}: a comma-separated choice of {@code healthy,down,slow}; {@code off} always runs). Besides each case's
 * percentiles it prints the p99 of the requests sent after the first 2 s of a round, when the breaker has settled
 * about a sick candidate, and (classic rounds only) the CPU time this JVM spent per request: unlike the
 * tail, it hardly depends on what else runs on the machine.
 */
public final class ShadowingLatencyMain {

    private static final String JSON = "{\"id\":7,\"status\":\"paid\",\"total\":12.50,\"lines\":[{\"sku\":\"A1\",\"qty\":2},"
        + "{\"sku\":\"B2\",\"qty\":1}],\"customer\":{\"id\":3,\"name\":\"Ann\"}}";

    private ShadowingLatencyMain() {
    }

    /** Answers an order summary after 2 ms (the application's own I/O, as a database call would take). */
    static final class Summary extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final long sleepMillis;

        Summary(long sleepMillis) {
            this.sleepMillis = sleepMillis;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.setContentType("application/json");
            resp.getOutputStream().write(JSON.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("targets")) {
            targets();
            return;
        }
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        List<String> only = args.length > 4 ? List.of(args[4].split(",")) : List.of("off", "healthy", "down", "slow");
        Path dir = Files.createTempDirectory("http-shadow-load");
        Server app = server(new Summary(2), true);
        // The candidates run in their own JVM, as another service would: their work is not the
        // application's (on this machine they still share its cores).
        Process targets = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ShadowingLatencyMain.class.getName(), "targets")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] ports = new BufferedReader(new InputStreamReader(targets.getInputStream(), StandardCharsets.UTF_8))
            .readLine().split(" ");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("off", null);
        all.put("healthy", "http://127.0.0.1:" + ports[0]);
        all.put("down", "http://127.0.0.1:" + closed);
        all.put("slow", "http://127.0.0.1:" + ports[1]);
        Map<String, String> candidates = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.equals("off") || only.contains(k)) {
                candidates.put(k, v);
            }
        });
        URI target = URI.create("http://127.0.0.1:" + port(app) + "/orders/7/summary");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        Map<String, List<Long>> settled = new LinkedHashMap<>();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        candidates.keySet().forEach(k -> cpu.put(k, new long[2]));
        candidates.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
        candidates.keySet().forEach(k -> settled.put(k, new ArrayList<>()));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        if (Boolean.getBoolean("steady")) {
            steady(dir, candidates, client, pool, target, perRound, rounds, clients, rate, samples, settled);
        }
        // Warm up the JIT and connections on every path first, then measure interleaved rounds.
        for (int round = Boolean.getBoolean("steady") ? rounds : -1; round < rounds; round++) {
            for (Map.Entry<String, String> c : candidates.entrySet()) {
                try (DualAccessDataSource rt = runtime(dir, c.getValue())) {
                    long cpu0 = processCpuNanos();
                    List<long[]> got = run(client, pool, target, round < 0 ? perRound / 2 : perRound, clients, rate);
                    if (round >= 0) {
                        cpu.get(c.getKey())[0] += processCpuNanos() - cpu0;
                        cpu.get(c.getKey())[1] += got.size();
                        for (long[] g : got) {
                            samples.get(c.getKey()).add(g[0]);
                            dump(c.getKey(), round, g);
                            // Past the first 2 s of a round: the breaker has decided about a sick candidate.
                            if (g[1] >= 2_000_000_000L) {
                                settled.get(c.getKey()).add(g[0]);
                            }
                        }
                    }
                }
            }
        }
        pool.shutdown();
        if (dump != null) {
            dump.close();
        }
        double p99Off = percentile(samples.get("off"), 0.99);
        double p99OffSettled = percentile(settled.get("off"), 0.99);
        System.out.printf("%-8s %8s %8s %8s %8s %10s %14s %10s %12s%n", "shadow", "n", "p50 ms", "p99 ms", "max ms", "p99/off",
            "p99 after 2 s", "ratio", "cpu us/req");
        for (Map.Entry<String, List<Long>> s : samples.entrySet()) {
            double p99 = percentile(s.getValue(), 0.99);
            double late = percentile(settled.get(s.getKey()), 0.99);
            long[] c = cpu.get(s.getKey());
            System.out.printf("%-8s %8d %8.2f %8.2f %8.2f %10.3f %14.2f %10.3f %12s%n", s.getKey(), s.getValue().size(),
                percentile(s.getValue(), 0.5), p99, percentile(s.getValue(), 1.0), p99 / p99Off, late, late / p99OffSettled,
                c[1] == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f", c[0] / 1e3 / c[1]));
        }
        System.out.printf("%d clients, %d requests/s in all, %d rounds of %d requests per case, interleaved%s%n",
            clients, rate, rounds, perRound, Boolean.getBoolean("steady") ? " (steady: one runtime per case for the whole run)" : "");
        app.stop();
        targets.destroy();
        System.exit(0);
    }

    /**
     * {@code -Dsteady=true}: one runtime per case, started once and kept for the whole run, so a sick
     * candidate's breaker behaves as in a long-running application (it opens once and is probed
     * every open duration) instead of learning again each round. The filter's shadowing is switched
     * between the cases every {@code -Dslice} milliseconds (default 100) while the clients keep
     * sending, and each request counts for the case in force when it was sent: a burst of load on
     * the machine falls on every case alike. {@code rounds * requests-per-round} requests per case.
     */
    private static void steady(Path dir, Map<String, String> candidates, HttpClient client, ExecutorService pool, URI target,
                               int perRound, int rounds, int clients, int rate, Map<String, List<Long>> samples,
                               Map<String, List<Long>> settled) throws Exception {
        List<String> cases = new ArrayList<>(candidates.keySet());
        List<HttpShadow> shadows = new ArrayList<>();
        List<DualAccessDataSource> runtimes = new ArrayList<>();
        for (String c : cases) {
            DualAccessDataSource rt = runtime(dir, candidates.get(c));
            runtimes.add(rt);
            // The runtime just started is the one in force (read before the next one starts).
            shadows.add(candidates.get(c) == null ? null : HttpShadows.active());
        }
        long slice = Long.getLong("slice", 100);
        java.util.concurrent.atomic.AtomicInteger current = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor();
        HttpShadows.activate(shadows.get(0));
        switcher.scheduleAtFixedRate(() -> {
            int next = (current.get() + 1) % cases.size();
            HttpShadows.activate(shadows.get(next));
            current.set(next);
        }, slice, slice, TimeUnit.MILLISECONDS);
        // Warm-up: every case's path, and the sick candidates' breakers open.
        run(client, pool, target, 2 * perRound, clients, rate, current::get);
        for (int round = 0; round < rounds; round++) {
            for (long[] g : run(client, pool, target, perRound * cases.size(), clients, rate, current::get)) {
                String c = cases.get((int) g[2]);
                samples.get(c).add(g[0]);
                settled.get(c).add(g[0]);
                dump(c, round, g);
            }
        }
        switcher.shutdownNow();
        for (DualAccessDataSource rt : runtimes) {
            rt.close();
        }
    }

    /**
     * CPU time of this JVM (the application, its shadowing and the load's client: the client's share
     * is the same in every case, so differences between cases are the shadowing's), or 0 when unknown.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() : 0;
    }

    private static java.io.PrintWriter dump;

    /** With {@code -Ddump=FILE}: every sample as {@code case,round,start ms in round,latency ms}, for a closer look at the tail. */
    private static void dump(String c, int round, long[] sample) throws IOException {
        String file = System.getProperty("dump");
        if (file == null) {
            return;
        }
        if (dump == null) {
            dump = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(file)));
        }
        dump.printf(java.util.Locale.ROOT, "%s,%d,%.1f,%.3f%n", c, round, sample[1] / 1e6, sample[0] / 1e6);
    }

    /** The candidates' JVM: a healthy one and one that answers after a second; prints their ports. */
    private static void targets() throws Exception {
        Server healthy = server(new Summary(2), false);
        Server slow = server(new Summary(1_000), false);
        System.out.println(port(healthy) + " " + port(slow));
        System.out.flush();
        healthy.join();
    }

    private static DualAccessDataSource runtime(Path dir, String candidate) throws Exception {
        JdbcDataSource a = new JdbcDataSource();
        a.setURL("jdbc:h2:mem:load");
        DualAccessDataSource.Builder b = DualAccessDataSource.builder(a).phase(Phase.OFF)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString());
        if (candidate != null) {
            b.set("dualaccess.http.candidate", candidate)
                .set("dualaccess.http.routes", "/orders/{id}/summary")
                .set("dualaccess.http.timeout", "500ms");
        }
        DualAccessDataSource ds = b.build();
        ds.runtime().start();
        return ds;
    }

    /** Each client sends at its share of {@code rate} (paced, not as fast as it can: a service at a steady load). */
    /** Each request's latency and when it started, both in nanoseconds (the start from the round's start). */
    private static List<long[]> run(HttpClient client, ExecutorService pool, URI target, int requests, int clients, int rate)
            throws Exception {
        return run(client, pool, target, requests, clients, rate, () -> 0);
    }

    /** As above, each sample with the case in force when the request was sent ({@code steady}). */
    private static List<long[]> run(HttpClient client, ExecutorService pool, URI target, int requests, int clients, int rate,
                                    java.util.function.IntSupplier caseNow) throws Exception {
        AtomicInteger left = new AtomicInteger(requests);
        List<Future<long[][]>> futures = new ArrayList<>();
        long interval = 1_000_000_000L * clients / rate;
        long roundStart = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long offset = interval * c / clients;
            futures.add(pool.submit(() -> {
                long[][] mine = new long[requests][];
                int n = 0;
                HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
                long next = roundStart + offset;
                while (left.getAndDecrement() > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    next += interval;
                    long start = System.nanoTime();
                    int during = caseNow.getAsInt();
                    HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - start;
                    if (r.statusCode() != 200 || r.body().length != JSON.length()) {
                        throw new IllegalStateException("the client saw a different answer: " + r.statusCode());
                    }
                    mine[n++] = new long[] {took, start - roundStart, during};
                }
                return Arrays.copyOf(mine, n);
            }));
        }
        List<long[]> out = new ArrayList<>(requests);
        for (Future<long[][]> f : futures) {
            out.addAll(Arrays.asList(f.get()));
        }
        return out;
    }

    private static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static Server server(HttpServlet servlet, boolean filtered) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (filtered) {
            context.addFilter(new FilterHolder(new DualAccessFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static int port(Server s) {
        return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
    }
}
