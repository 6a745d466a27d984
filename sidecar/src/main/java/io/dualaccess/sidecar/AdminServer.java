package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.NotableEvents;
import io.dualaccess.events.Outcome;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.route.LagSource;
import io.dualaccess.threads.DaemonThreads;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.sidecar.http.HttpShadow;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The admin server of one runtime (Jetty, started when {@code dualaccess.admin.port} is set):
 * {@code GET /metrics} (Prometheus), {@code GET /status}, {@code GET /mismatches},
 * {@code GET /api/series}, {@code POST /phase}, and the dashboard at {@code GET /}. Endpoints that
 * change anything need {@code Authorization: Bearer <dualaccess.admin.token>}; without a token
 * configured they are disabled. Only our own {@code Host} names are answered ({@link HostCheck}),
 * no body is read before the token is checked nor past {@value #MAX_BODY} bytes. Described in
 * {@code docs/operations.md} (the Security section for the hardening).
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int RECENT_CAPACITY = 1000;
    static final int SERIES_CAPACITY = 720;
    private static final int MAX_LIMIT = RECENT_CAPACITY;
    /** Largest request body the admin server reads (a phase change is a few dozen bytes). */
    static final int MAX_BODY = 64 * 1024;

    /** Static files: request path to classpath resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
        "/", new String[] {"io/dualaccess/sidecar/dashboard/index.html", "text/html; charset=utf-8"},
        "/dashboard.js", new String[] {"io/dualaccess/sidecar/dashboard/dashboard.js", "text/javascript; charset=utf-8"},
        "/dashboard.css", new String[] {"io/dualaccess/sidecar/dashboard/dashboard.css", "text/css; charset=utf-8"},
        "/uplot/uPlot.iife.min.js", new String[] {"META-INF/resources/webjars/uplot/" + UPlot.VERSION + "/dist/uPlot.iife.min.js",
            "text/javascript; charset=utf-8"},
        "/uplot/uPlot.min.css", new String[] {"META-INF/resources/webjars/uplot/" + UPlot.VERSION + "/dist/uPlot.min.css",
            "text/css; charset=utf-8"});

    private final DualAccessRuntime runtime;
    private final String host;
    private final int requestedPort;
    private final byte[] token;
    private final Duration sampleInterval;
    private final EventMonitor monitor = new EventMonitor(RECENT_CAPACITY, 500);
    private final HttpRouteMonitor httpRoutes = new HttpRouteMonitor();
    private final Series series;
    private final PhaseEndpoint phases;
    private final HostCheck hosts;
    private final Map<String, byte[]> fileCache = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private Server server;
    private ScheduledExecutorService sampler;
    private PrometheusMeterRegistry prometheus;

    /** @param runtime a started runtime whose configuration sets {@code dualaccess.admin.port} */
    public AdminServer(DualAccessRuntime runtime) {
        this.runtime = runtime;
        this.host = runtime.config().text(ConfigKey.ADMIN_HOST);
        this.requestedPort = runtime.config().has(ConfigKey.ADMIN_PORT) ? runtime.config().integer(ConfigKey.ADMIN_PORT) : 0;
        String t = runtime.config().text(ConfigKey.ADMIN_TOKEN);
        this.token = t == null || t.isEmpty() ? null : t.getBytes(StandardCharsets.UTF_8);
        this.sampleInterval = runtime.config().duration(ConfigKey.ADMIN_SAMPLE_INTERVAL);
        this.series = new Series(monitor, this::droppedTotal, SERIES_CAPACITY);
        this.phases = new PhaseEndpoint(runtime);
        java.util.Set<String> named = runtime.config().names(ConfigKey.ADMIN_HOSTS);
        this.hosts = new HostCheck(host, named);
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws InvalidConfigurationException when the address cannot be bound
     */
    public AdminServer start() throws InvalidConfigurationException {
        // Before Jetty logs anything: its debug output must never show the token.
        JettyLogRedaction.installForBundledJetty();
        JettyLogRedaction.register(tokenText());
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName(runtime.name() + "-admin");
        threads.setDaemon(true);
        // Jetty's default scheduler thread is not a daemon: it would keep an application's JVM alive
        // after its main() returns (the driver closes runtimes only at JVM exit).
        Server s = new Server(threads, new ScheduledExecutorScheduler(runtime.name() + "-admin-scheduler", true), null);
        ServerConnector connector = new ServerConnector(s, 1, 1);
        connector.setHost(host);
        connector.setPort(requestedPort);
        s.addConnector(connector);
        s.setHandler(new Endpoints());
        s.setStopTimeout(2_000);
        try {
            s.start();
        } catch (Exception e) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // it never started
            }
            throw new InvalidConfigurationException("dualaccess: the admin server cannot listen on " + host + ":" + requestedPort
                + " (" + ConfigKey.ADMIN_HOST.key() + ", " + ConfigKey.ADMIN_PORT.key() + "): " + e
                + "; choose a free port (each configuration's runtime needs its own), or 0 for any free port", e);
        }
        server = s;
        if (runtime.registry() instanceof CompositeMeterRegistry composite) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            composite.add(prometheus);
        }
        runtime.addEventListener(monitor);
        runtime.addEventListener(httpRoutes);
        sampler = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("admin-sampler"));
        long ms = Math.max(100, sampleInterval.toMillis());
        sampler.scheduleAtFixedRate(this::sampleQuietly, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("{} admin server listening on http://{}:{}/ (changing endpoints {})", runtime.name(), host, port(),
            token == null ? "disabled: " + ConfigKey.ADMIN_TOKEN.key() + " is not set" : "need the bearer token");
        return this;
    }

    private void sampleQuietly() {
        try {
            series.sample();
        } catch (RuntimeException e) {
            LOG.warn("admin series sample failed: {}", e.toString());
        }
    }

    /** The port listened on (the one chosen when {@code dualaccess.admin.port} is 0). */
    public int port() {
        Server s = server;
        return s == null ? -1 : ((ServerConnector) s.getConnectors()[0]).getLocalPort();
    }

    /** The address listened on. */
    public String host() {
        return host;
    }

    private long droppedTotal() {
        EventLog e = runtime.events();
        ShadowReads r = runtime.shadowReads();
        HttpShadow h = runtime.extension(HttpShadow.class);
        return (e == null ? 0 : e.dropped()) + (r == null ? 0 : r.dropped()) + (h == null ? 0 : h.dropped());
    }

    private String tokenText() {
        return token == null ? null : new String(token, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        JettyLogRedaction.unregister(tokenText());
        runtime.removeEventListener(monitor);
        runtime.removeEventListener(httpRoutes);
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (prometheus != null && runtime.registry() instanceof CompositeMeterRegistry composite) {
            composite.remove(prometheus);
            prometheus.close();
        }
        Server s = server;
        server = null;
        if (s != null) {
            try {
                s.stop();
            } catch (Exception e) {
                LOG.warn("stopping the admin server failed: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "AdminServer[" + host + ":" + port() + "]";
    }

    // ---- the views ---------------------------------------------------------------------------------------

    /** The {@code /status} document. */
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", runtime.name());
        out.put("started_at", startedAt.toString());
        phases.describe(out);
        ShadowReads reads = runtime.shadowReads();
        Map<String, Object> shadow = new LinkedHashMap<>();
        shadow.put("active", reads != null);
        shadow.put("queue_depth", reads == null ? 0 : reads.depth());
        shadow.put("dropped", reads == null ? 0 : reads.dropped());
        out.put("shadow", shadow);
        Mirror mirror = runtime.mirror();
        Map<String, Object> breaker = new LinkedHashMap<>();
        breaker.put("active", mirror != null);
        breaker.put("state", mirror == null ? null : mirror.breaker().getState().name().toLowerCase(Locale.ROOT));
        out.put("breaker", breaker);
        out.put("comparisons", monitor.countsByOutcome());
        DivergenceJournal journal = runtime.journal();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("entries", journal == null ? 0 : journal.entries());
        j.put("failures", journal == null ? 0 : journal.failures());
        out.put("journal", j);
        EventLog e = runtime.events();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("written", e == null ? 0 : e.written());
        ev.put("queue", e == null ? 0 : e.depth());
        ev.put("dropped", e == null ? 0 : e.dropped());
        out.put("events", ev);
        Map<String, Object> dropped = new LinkedHashMap<>();
        dropped.put("events", e == null ? 0 : e.dropped());
        dropped.put("shadow_reads", reads == null ? 0 : reads.dropped());
        HttpShadow http = runtime.extension(HttpShadow.class);
        dropped.put("http", http == null ? 0 : http.dropped());
        dropped.put("timeouts", monitor.count(Outcome.TIMEOUT));
        out.put("dropped", dropped);
        List<Map<String, Object>> top = new ArrayList<>();
        for (EventMonitor.Top t : monitor.top(10)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", t.fingerprint());
            m.put("count", t.count());
            m.put("last_seen", Instant.ofEpochMilli(t.lastSeenMillis()).toString());
            m.put("per_minute", t.perMinute());
            m.put("latest", eventJson(t.latest()));
            top.add(m);
        }
        out.put("top_mismatches", top);
        List<Map<String, Object>> byPath = new ArrayList<>();
        for (EventMonitor.PathRow p : monitor.byPath(20)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p.path());
            m.put("events", p.events());
            m.put("mismatches", p.mismatches());
            m.put("problems", p.problems());
            byPath.add(m);
        }
        out.put("by_path", byPath);
        out.put("fingerprints_not_tracked", monitor.fingerprintsNotTracked());
        out.put("http", httpRoutes.status(http));
        out.put("sync", syncs());
        return out;
    }

    /** The syncs from A's change log running in this runtime: lag and position, counts, errors. */
    private List<Map<String, Object>> syncs() {
        List<Map<String, Object>> out = new ArrayList<>();
        long bound = runtime.phaseControl().lagBound().toMillis();
        for (LagSource s : runtime.phaseControl().lagSources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : s.status().entrySet()) {
                // NaN (no percentile yet) is no JSON number
                m.put(e.getKey(), e.getValue() instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : e.getValue());
            }
            m.put("name", s.name());
            m.put("lag_ms", s.lagMillis());
            m.put("position", s.position());
            m.put("phase_change_lag_ms", bound);
            out.add(m);
        }
        return out;
    }


    /** The {@code /api/series} document: one array per column, as the charts take them. */
    Map<String, Object> seriesJson() {
        List<Series.Sample> samples = series.samples();
        int n = samples.size();
        double[] t = new double[n];
        long[] compared = new long[n];
        long[] mismatched = new long[n];
        long[] failed = new long[n];
        Double[] rate = new Double[n];
        Double[] a = new Double[n];
        Double[] b = new Double[n];
        long[] dropped = new long[n];
        for (int i = 0; i < n; i++) {
            Series.Sample s = samples.get(i);
            t[i] = s.epochSeconds();
            compared[i] = s.compared();
            mismatched[i] = s.mismatched();
            failed[i] = s.failed();
            rate[i] = s.compared() == 0 ? null : s.mismatchRate();
            a[i] = Double.isNaN(s.aMillis()) ? null : s.aMillis();
            b[i] = Double.isNaN(s.bMillis()) ? null : s.bMillis();
            dropped[i] = s.dropped();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("interval_ms", sampleInterval.toMillis());
        out.put("t", t);
        out.put("compared", compared);
        out.put("mismatched", mismatched);
        out.put("mismatch_rate", rate);
        out.put("failed", failed);
        out.put("a_ms", a);
        out.put("b_ms", b);
        out.put("dropped", dropped);
        List<Map<String, Object>> marks = new ArrayList<>();
        for (EventMonitor.PhaseMark p : monitor.phaseMarks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", p.epochMillis() / 1000.0);
            m.put("phase", p.phase());
            m.put("table", p.table());
            marks.add(m);
        }
        out.put("phases", marks);
        return out;
    }

    /** An event exactly as the comparison log writes it. */
    static RawValue eventJson(ComparisonEvent e) {
        StringWriter w = new StringWriter(512);
        try {
            EventLog.write(w, e);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new RawValue(w.toString().strip());
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    // The Prometheus client's exposition content types (its writers are a runtime dependency only).
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final class Endpoints extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long start = System.nanoTime();
            String method = request.getMethod();
            String path = Request.getPathInContext(request);
            int status;
            try {
                String badHost = hosts.refusal(request);
                status = badHost != null ? refuse(response, callback, 421, badHost) : route(method, path, request, response, callback);
            } catch (Exception e) {
                LOG.warn("admin {} {} failed", method, path, e);
                status = 500;
                send(response, callback, 500, "text/plain; charset=utf-8", "internal error: " + e.getClass().getSimpleName());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Dashboards poll the read-only views every few seconds: those go to DEBUG; every
            // request that may change something, and every refusal, is logged at INFO or WARN.
            String from = Request.getRemoteAddr(request);
            if ("GET".equals(method) && status < 400) {
                LOG.debug("admin {} {} -> {} ({} ms, from {})", method, path, status, ms, from);
            } else if (status == 401 || status == 403 || status == 421 || status == 413) {
                LOG.warn("admin {} {} -> {} ({} ms, from {})", method, path, status, ms, from);
            } else {
                LOG.info("admin {} {} -> {} ({} ms, from {})", method, path, status, ms, from);
            }
            return true;
        }

        private int route(String method, String path, Request request, Response response, Callback callback) throws Exception {
            if (path.equals("/phase")) {
                if (!"POST".equals(method)) {
                    return methodNotAllowed(response, callback, "POST");
                }
                return phase(request, response, callback);
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return methodNotAllowed(response, callback, "GET");
            }
            switch (path) {
                case "/metrics" -> {
                    if (prometheus == null) {
                        return send(response, callback, 503, "text/plain; charset=utf-8", "no Prometheus registry");
                    }
                    // Content negotiation as Prometheus does it: OpenMetrics when the scraper accepts it.
                    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                    String type = accept != null && accept.contains("application/openmetrics-text")
                        ? OPENMETRICS : PROMETHEUS_TEXT;
                    return send(response, callback, 200, type, prometheus.scrape(type));
                }
                case "/status" -> {
                    return json(response, callback, 200, status());
                }
                case "/api/series" -> {
                    return json(response, callback, 200, seriesJson());
                }
                case "/mismatches" -> {
                    return mismatches(request, response, callback);
                }
                default -> {
                    String[] file = FILES.get(path.equals("/index.html") ? "/" : path);
                    if (file == null) {
                        return send(response, callback, 404, "text/plain; charset=utf-8", "not found: " + path);
                    }
                    byte[] body = fileCache.computeIfAbsent(file[0], AdminServer::resource);
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, file[1]);
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return 200;
                }
            }
        }

        private int mismatches(Request request, Response response, Callback callback) {
            Fields q = Request.extractQueryParameters(request);
            int limit = 50;
            String l = q.getValue("limit");
            if (l != null) {
                try {
                    limit = Integer.parseInt(l.trim());
                } catch (NumberFormatException e) {
                    return error(response, callback, 400, "limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + l + "'");
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    return error(response, callback, 400, "limit must be an integer from 1 to " + MAX_LIMIT + ", got " + limit);
                }
            }
            Outcome outcome = null;
            String o = blankToNull(q.getValue("outcome"));
            if (o != null) {
                for (Outcome candidate : NotableEvents.OUTCOMES) {
                    if (candidate.value().equals(o)) {
                        outcome = candidate;
                    }
                }
                if (outcome == null) {
                    return error(response, callback, 400, "outcome must be one of mismatch, transient, b_error, timeout; got '" + o + "'");
                }
            }
            List<Object> out = new ArrayList<>();
            for (ComparisonEvent e : monitor.recent(outcome, blankToNull(q.getValue("table")),
                    blankToNull(q.getValue("fingerprint")), blankToNull(q.getValue("path")), limit)) {
                out.add(eventJson(e));
            }
            return json(response, callback, 200, out);
        }

        private int phase(Request request, Response response, Callback callback) throws Exception {
            // Nothing of the body is read before the caller has proven who it is: a refusal is sent
            // over the unread body and the connection closed (Jetty discards what it has not read).
            if (token == null) {
                return refuse(response, callback, 403, "disabled: set " + ConfigKey.ADMIN_TOKEN.key());
            }
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"dualaccess\"");
                return refuse(response, callback, 401, auth == null ? "missing bearer token" : "wrong bearer token");
            }
            if (request.getLength() > MAX_BODY) {
                return refuse(response, callback, 413, "a phase change is a small JSON object; this body has "
                    + request.getLength() + " bytes (at most " + MAX_BODY + ")");
            }
            byte[] body = RequestBodies.readAtMost(request, MAX_BODY);
            if (body == null) {
                // Chunked (no length given) and longer than the cap: at most MAX_BODY + 1 bytes were read.
                return refuse(response, callback, 413, "a phase change is a small JSON object; this body has more than "
                    + MAX_BODY + " bytes");
            }
            JsonNode node;
            try {
                node = PhaseEndpoint.parse(body);
            } catch (IOException e) {
                return error(response, callback, 400, "expected one JSON object such as {\"phase\":\"live\"} or "
                    + "{\"table\":\"orders\",\"phase\":\"shadow\"}: " + PhaseEndpoint.describe(e));
            }
            PhaseEndpoint.Result r = phases.apply(node, "admin@" + Request.getRemoteAddr(request));
            return json(response, callback, r.status(), r.body());
        }

        private int methodNotAllowed(Response response, Callback callback, String allowed) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            return error(response, callback, 405, "method not allowed; use " + allowed);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * An error sent without reading the request's body: the connection is closed after it, so a
     * client still sending learns at once, and nothing more of its body is read.
     */
    private static int refuse(Response response, Callback callback, int status, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return error(response, callback, status, message);
    }

    private static int error(Response response, Callback callback, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return json(response, callback, status, body);
    }

    private static int json(Response response, Callback callback, int status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(response, callback, status, "application/json", text);
    }

    private static int send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return status;
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the uplot webjar on the classpath?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    /** The bundled uPlot version (the webjar's path names it). */
    static final class UPlot {
        static final String VERSION = "1.6.30";

        private UPlot() {
        }
    }
}
