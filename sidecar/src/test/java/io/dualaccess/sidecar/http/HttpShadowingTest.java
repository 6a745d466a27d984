package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP shadowing end to end over real HTTP on loopback: the application (embedded Jetty, with
 * {@link DualAccessFilter}), a candidate and a primary twin on their own ports, a runtime
 * configured with {@code dualaccess.http.*} as an application would, and the comparison log read
 * back from disk.
 */
class HttpShadowingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    static Server app;
    static Server candidate;
    static Server twin;
    static String appBase;
    static String candidateBase;
    static String twinBase;
    /** What the candidate received, per request id. */
    static final Map<String, Received> RECEIVED = new ConcurrentHashMap<>();
    static final List<String> CANDIDATE_METHODS = new CopyOnWriteArrayList<>();
    /** Holds the candidate's answer to order 3. */
    static final CountDownLatch SLOW = new CountDownLatch(1);

    record Received(String method, String marker, String authorization, String body) {
    }

    DualAccessDataSource runtime;
    Path log;

    @BeforeAll
    static void start() throws Exception {
        app = server(new OrderSummary(false), "/shop", true);
        candidate = server(new OrderSummary(true), "/", false);
        twin = server(new OrderSummary(false), "/", false);
        appBase = "http://127.0.0.1:" + port(app) + "/shop";
        candidateBase = "http://127.0.0.1:" + port(candidate);
        twinBase = "http://127.0.0.1:" + port(twin);
    }

    @AfterAll
    static void stop() throws Exception {
        SLOW.countDown();
        for (Server s : new Server[] {app, candidate, twin}) {
            s.stop();
        }
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static Server server(HttpServlet servlet, String contextPath, boolean filtered) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        if (filtered) {
            FilterHolder filter = new FilterHolder(DualAccessFilter.class);
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        }
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static int port(Server s) {
        return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
    }

    /**
     * {@code /orders/{id}/summary}. The current implementation writes keys in one order with
     * decimals as 12.50; the candidate (a rewrite) in another order with 12.5 and 2.0, and
     * a planted difference for order 2 (its total). Both stamp {@code generatedAt} with their own
     * clock: the noise. Order 3 is held on the candidate until {@link #SLOW} opens; {@code /email} differs in an e-mail address.
     */
    static final class OrderSummary extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final boolean rewrite;

        OrderSummary(boolean rewrite) {
            this.rewrite = rewrite;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (rewrite) {
                CANDIDATE_METHODS.add(req.getMethod());
                String id = req.getHeader("X-Request-Id");
                if (id != null) {
                    RECEIVED.put(id, new Received(req.getMethod(), req.getHeader("X-Dualaccess-Shadow"),
                        req.getHeader("Authorization"), body));
                }
            }
            String[] parts = req.getPathInfo().split("/");
            String generated = Instant.ofEpochSecond(1_800_000_000L, CLOCK.incrementAndGet() * 1_000).toString();
            String json;
            if (parts.length == 2 && parts[1].equals("email")) {
                json = "{\"customer\":{\"email\":\"" + (rewrite ? "ann@new.example" : "ann@old.example") + "\"}}";
            } else {
                int order = Integer.parseInt(parts[2]);
                if (rewrite && order == 3) {
                    try {
                        // Slow: answers only when the test lets it (after the client had its answer).
                        SLOW.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                json = rewrite
                    ? "{\"generatedAt\":\"" + generated + "\",\"lines\":[{\"qty\":2.0,\"sku\":\"A1\"},{\"qty\":1,\"sku\":\"B2\"}],"
                        + "\"total\":" + (order == 2 ? "12.05" : "12.5") + ",\"status\":\"paid\",\"id\":" + order + "}"
                    : "{\"id\":" + order + ",\"status\":\"paid\",\"total\":12.50,"
                        + "\"lines\":[{\"sku\":\"A1\",\"qty\":2},{\"sku\":\"B2\",\"qty\":1}],\"generatedAt\":\"" + generated + "\"}";
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            resp.setStatus(req.getMethod().equals("POST") ? 201 : 200);
            resp.setContentType(rewrite ? "application/json" : "application/json;charset=utf-8");
            resp.getOutputStream().write(bytes);
        }
    }

    /** A runtime (phase off: no database B needed) configured as an application would. */
    private void runtime(String... keyValues) throws Exception {
        JdbcDataSource a = new JdbcDataSource();
        a.setURL("jdbc:h2:mem:http_shadow_" + IDS.incrementAndGet());
        log = dir.resolve("comparisons-" + IDS.get() + ".jsonl");
        DualAccessDataSource.Builder b = DualAccessDataSource.builder(a).phase(Phase.OFF)
            .set("dualaccess.log.file", log.toString())
            .set("dualaccess.log.values", "full")
            .set("dualaccess.http.routes", "/orders/{id}/summary, /email")
            .set("dualaccess.http.candidate", candidateBase)
            .set("dualaccess.http.timeout", "500ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        runtime = b.build();
        runtime.runtime().start();
    }

    private static HttpResponse<String> send(String method, String path, String requestId, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(appBase + path)).timeout(Duration.ofSeconds(20))
            .header("X-Request-Id", requestId)
            .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"qty\":3}") : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The http event of one request, waiting (bounded) for the replay and the log writer. */
    private JsonNode eventOf(String requestId) throws Exception {
        for (int i = 0; i < 200; i++) {
            for (JsonNode e : events()) {
                if (requestId.equals(e.at("/request/id").asText(null))) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no http event for request " + requestId + " in " + events());
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                JsonNode e = JSON.readTree(line);
                if ("http".equals(e.get("kind").asText())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static JsonNode diffAt(JsonNode event, String path) {
        for (JsonNode d : event.at("/http/diff")) {
            if (d.get("path").asText().equals(path)) {
                return d;
            }
        }
        return null;
    }

    @Test
    void aPlantedJsonDifferenceIsReportedWithItsPathAndBothValues() throws Exception {
        runtime("dualaccess.http.ignore-paths", "$.generatedAt");
        HttpResponse<String> r = send("GET", "/orders/2/summary", "planted-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"total\":12.50");
        JsonNode e = eventOf("planted-1");
        assertThat(e.get("outcome").asText()).isEqualTo("mismatch");
        assertThat(e.get("fingerprint").asText()).isEqualTo("GET /orders/{id}/summary");
        assertThat(e.at("/http/route").asText()).isEqualTo("/orders/{id}/summary");
        assertThat(e.at("/http/status/a").asInt()).isEqualTo(200);
        assertThat(e.at("/http/status/b").asInt()).isEqualTo(200);
        assertThat(e.at("/http/differences").asInt()).isEqualTo(1);
        JsonNode d = diffAt(e, "$.total");
        assertThat(d).as("diff at $.total in %s", e).isNotNull();
        assertThat(d.get("a").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(d.get("b").decimalValue()).isEqualByComparingTo("12.05");
        assertThat(e.at("/request/path").asText()).isEqualTo("/orders/2/summary");
        assertThat(RECEIVED.get("planted-1").marker()).isEqualTo("1");
        assertThat(runtime.runtime().registry().get("dualaccess.http.comparisons").tag("route", "/orders/{id}/summary")
            .tag("outcome", "mismatch").counter().count()).isEqualTo(1);
        assertThat(runtime.runtime().registry().get("dualaccess.comparisons").tag("kind", "http")
            .tag("outcome", "mismatch").counter().count()).isEqualTo(1);
    }

    @Test
    void equalJsonWithOtherKeyOrderAndNumberFormattingMatches() throws Exception {
        runtime("dualaccess.http.ignore-paths", "$.generatedAt");
        send("GET", "/orders/1/summary", "equal-1");
        JsonNode e = eventOf("equal-1");
        assertThat(e.get("outcome").asText()).as("%s", e).isEqualTo("match");
        assertThat(e.at("/http/differences").asInt()).isZero();
        assertThat(e.at("/http/ms/b").asDouble()).isPositive();
    }

    @Test
    void aNoisyTimestampIsLearnedFromThePrimaryTwinAndDiscounted() throws Exception {
        // Without the twin, the candidate's own generatedAt is a difference...
        runtime();
        send("GET", "/orders/1/summary", "noise-0");
        JsonNode before = eventOf("noise-0");
        assertThat(before.get("outcome").asText()).isEqualTo("mismatch");
        assertThat(diffAt(before, "$.generatedAt")).isNotNull();
        runtime.close();
        // ...with it, two runs of the current implementation differ there too: it is noise.
        runtime("dualaccess.http.primary-twin", twinBase);
        send("GET", "/orders/1/summary", "noise-1");
        JsonNode e = eventOf("noise-1");
        assertThat(e.get("outcome").asText()).as("%s", e).isEqualTo("match");
        assertThat(e.at("/http/noise").toString()).contains("$.generatedAt");
        assertThat(e.at("/http/status/twin").asInt()).isEqualTo(200);
        // The planted difference is still found: noise discounts only what the twins disagree on.
        send("GET", "/orders/2/summary", "noise-2");
        JsonNode planted = eventOf("noise-2");
        assertThat(planted.get("outcome").asText()).isEqualTo("mismatch");
        assertThat(diffAt(planted, "$.total")).isNotNull();
        assertThat(diffAt(planted, "$.generatedAt")).isNull();
    }

    @Test
    void aSlowCandidateChangesNothingForTheClient() throws Exception {
        runtime("dualaccess.http.ignore-paths", "$.generatedAt");
        // The candidate answers only after the client has had its answer and the replay timed out:
        // a filter that waited for it would never answer.
        HttpResponse<String> r = send("GET", "/orders/3/summary", "slow-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("id").asInt()).isEqualTo(3);
        JsonNode e = eventOf("slow-1");
        SLOW.countDown();
        assertThat(e.get("outcome").asText()).isEqualTo("timeout");
        assertThat(e.at("/b/error").asText()).contains("imeout");
    }

    @Test
    void aCandidateThatIsDownChangesNothingForTheClient() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        runtime("dualaccess.http.candidate", "http://127.0.0.1:" + closed);
        HttpResponse<String> r = send("GET", "/orders/1/summary", "down-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("total").decimalValue()).isEqualByComparingTo("12.50");
        JsonNode e = eventOf("down-1");
        assertThat(e.get("outcome").asText()).isEqualTo("b_error");
        assertThat(e.at("/b/error").asText()).isNotEmpty();
        assertThat(e.at("/http/route").asText()).isEqualTo("/orders/{id}/summary");
        assertThat(e.at("/http/status/a").asInt()).isEqualTo(200);
    }

    @Test
    void aCandidateThatStaysDownIsLeftAloneWhileTheBreakerIsOpenAndProbedAgainAfterwards() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        runtime("dualaccess.http.candidate", "http://127.0.0.1:" + closed, "dualaccess.breaker.window", "5",
            "dualaccess.breaker.open-duration", "2s");
        HttpShadow shadow = runtime.runtime().extension(HttpShadow.class);
        // One at a time, each until its event: five refusals open the breaker.
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/orders/1/summary", "open-" + i).statusCode()).isEqualTo(200);
            assertThat(eventOf("open-" + i).get("outcome").asText()).isEqualTo("b_error");
        }
        assertThat(shadow.breaker().getState().name()).isEqualTo("OPEN");
        // Open: the client's answer is the same, and the request is counted as skipped, not replayed.
        HttpResponse<String> r = send("GET", "/orders/1/summary", "open-skipped");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("total").decimalValue()).isEqualByComparingTo("12.50");
        JsonNode skipped = eventOf("open-skipped");
        assertThat(skipped.get("outcome").asText()).isEqualTo("skipped");
        assertThat(skipped.get("reason").asText()).isEqualTo("breaker_open");
        assertThat(skipped.at("/http/route").asText()).isEqualTo("/orders/{id}/summary");
        assertThat(skipped.at("/request/path").asText()).isEqualTo("/orders/1/summary");
        assertThat(skipped.at("/b/ms").asDouble()).isZero();
        // After the open duration a request is replayed again (the candidate is still down: b_error).
        Thread.sleep(2_100);
        send("GET", "/orders/1/summary", "open-probe");
        assertThat(eventOf("open-probe").get("outcome").asText()).isEqualTo("b_error");
        assertThat(runtime.runtime().registry().get("dualaccess.http.comparisons").tag("outcome", "skipped").counter().count())
            .isEqualTo(1);
    }

    @Test
    void postsAreNotReplayedUnlessAllowed() throws Exception {
        runtime("dualaccess.http.ignore-paths", "$.generatedAt");
        assertThat(send("POST", "/orders/1/summary", "post-1").statusCode()).isEqualTo(201);
        send("GET", "/orders/1/summary", "post-1-get");
        eventOf("post-1-get");
        assertThat(RECEIVED).doesNotContainKey("post-1");
        assertThat(events()).noneMatch(e -> e.at("/request/id").asText().equals("post-1"));
        runtime.close();

        runtime("dualaccess.http.ignore-paths", "$.generatedAt", "dualaccess.http.methods", "GET,POST",
            "dualaccess.http.allow-unsafe", "true");
        assertThat(send("POST", "/orders/1/summary", "post-2").statusCode()).isEqualTo(201);
        JsonNode e = eventOf("post-2");
        assertThat(e.get("outcome").asText()).isEqualTo("match");
        assertThat(RECEIVED.get("post-2").method()).isEqualTo("POST");
        assertThat(RECEIVED.get("post-2").body()).isEqualTo("{\"qty\":3}");
    }

    @Test
    void credentialsReachTheCandidateButNeverTheLogAndMaskedPathsShowNoValue() throws Exception {
        runtime("dualaccess.http.mask-paths", "$.customer", "dualaccess.http.compare-headers", "Content-Type,Set-Cookie");
        send("GET", "/email", "mask-1", "Authorization", "Bearer s3cr3t-token", "Cookie", "session=c00kie-value");
        JsonNode e = eventOf("mask-1");
        assertThat(RECEIVED.get("mask-1").authorization()).isEqualTo("Bearer s3cr3t-token");
        assertThat(e.get("outcome").asText()).isEqualTo("mismatch");
        JsonNode d = diffAt(e, "$.customer.email");
        assertThat(d).isNotNull();
        assertThat(d.get("a").asText()).isEqualTo("string(15)");
        String file = Files.readString(log);
        assertThat(file).doesNotContain("s3cr3t-token", "c00kie-value", "ann@old.example", "ann@new.example");
    }
}
