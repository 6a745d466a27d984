package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.sidecar.http.HttpShadow;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's HTTP shadowing view in headless Chromium, over real HTTP: an application behind
 * {@link DualAccessFilter}, a candidate (a rewrite with a planted difference at {@code $.items} and
 * a route it answers too slowly) and a primary twin, with the admin server of the same runtime.
 * The page lists each route with its matches, mismatches, dropped requests and failures, both
 * sides' latency, the noise learned from the twin, and the latest difference with its JSON path
 * and both values; the numbers are the ones {@code /status} serves.
 */
class HttpShadowingDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong CLOCK = new AtomicLong();

    @TempDir
    Path dir;
    private final List<Server> servers = new ArrayList<>();
    /** Holds the candidate's answers on /slow until the test ends. */
    private final CountDownLatch release = new CountDownLatch(1);
    private DualAccessDataSource ds;
    private Chromium chromium;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (chromium != null) {
            chromium.close();
        }
        if (ds != null) {
            ds.close();
        }
        for (Server s : servers) {
            s.stop();
        }
    }

    /**
     * {@code /orders/{id}/summary}: the current implementation counts units ({@code items} 3 for
     * order 2), the rewrite counts lines (2), with its keys in another order and {@code 12.5} for
     * {@code 12.50}; both stamp {@code generatedAt} (noise). {@code /slow/{id}}: the rewrite waits.
     */
    final class Summary extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final boolean rewrite;

        Summary(boolean rewrite) {
            this.rewrite = rewrite;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String[] parts = req.getPathInfo().split("/");
            int id = Integer.parseInt(parts[2]);
            if (rewrite && parts[1].equals("slow")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String generated = "2027-01-15T10:00:00." + String.format("%06d", CLOCK.incrementAndGet()) + "Z";
            int items = rewrite || id != 2 ? 2 : 3;
            String json = rewrite
                ? "{\"generatedAt\":\"" + generated + "\",\"total\":12.5,\"items\":" + items + ",\"id\":" + id + "}"
                : "{\"id\":" + id + ",\"items\":" + items + ",\"total\":12.50,\"generatedAt\":\"" + generated + "\"}";
            resp.setContentType("application/json");
            resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String server(HttpServlet servlet, boolean filtered) throws Exception {
        Server server = new Server();
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
        servers.add(server);
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static int get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void eachRouteShowsItsOutcomesLatencyNoiseAndLatestDifference() throws Exception {
        String app = server(new Summary(false), true);
        String candidate = server(new Summary(true), false);
        String twin = server(new Summary(false), false);
        JdbcDataSource a = new JdbcDataSource();
        a.setURL("jdbc:h2:mem:http_dashboard");
        ds = DualAccessDataSource.builder(a).phase(Phase.OFF)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.log.values", "full")
            .set("dualaccess.admin.port", "0")
            .set("dualaccess.http.candidate", candidate)
            .set("dualaccess.http.primary-twin", twin)
            .set("dualaccess.http.routes", "/orders/{id}/summary, /slow/{id}")
            .set("dualaccess.http.timeout", "1500ms")
            // One replay at a time and one waiting: a slow candidate makes the next requests drop.
            .set("dualaccess.http.concurrency", "1")
            .set("dualaccess.http.queue", "1")
            .set("dualaccess.breaker.failure-rate", "100")
            .build();
        ds.runtime().start();
        AdminServer admin = ds.runtime().extension(AdminServer.class);
        HttpShadow shadow = ds.runtime().extension(HttpShadow.class);
        assertThat(shadow).isNotNull();

        int sent = 0;
        for (String path : List.of("/orders/1/summary", "/orders/2/summary", "/orders/1/summary")) {
            assertThat(get(app + path)).isEqualTo(200);
            sent++;
            // One at a time, so none of these is dropped.
            int expected = sent;
            Fixture.await("the comparison of " + path, () -> events(admin) >= expected);
        }
        // The candidate holds /slow: the first replay waits for it, the next waits for a permit, one
        // more waits in the queue, and the one after is dropped (the client is answered all along).
        while (shadow.dropped() == 0 && sent < 40) {
            assertThat(get(app + "/slow/" + sent)).isEqualTo(200);
            sent++;
        }
        assertThat(shadow.dropped()).isPositive();
        int all = sent;
        Fixture.await("every request's event (the held replays time out)", () -> events(admin) >= all);

        JsonNode http = JSON.readTree(get(admin, "/status")).get("http");
        assertThat(http.get("active").asBoolean()).isTrue();
        assertThat(http.get("candidate").asText()).isEqualTo(candidate);
        JsonNode orders = route(http, "/orders/{id}/summary");
        assertThat(orders.get("match").asLong()).isEqualTo(2);
        assertThat(orders.get("mismatch").asLong()).isEqualTo(1);
        assertThat(orders.get("noise").toString()).contains("$.generatedAt");
        assertThat(orders.at("/latency_ms/a/samples").asInt()).isEqualTo(3);
        assertThat(orders.at("/latency_ms/b/p99").asDouble()).isPositive();
        JsonNode latest = orders.at("/latest/0/http");
        assertThat(latest.get("path").asText()).isEqualTo("/orders/2/summary");
        assertThat(latest.at("/diff/0/path").asText()).isEqualTo("$.items");
        assertThat(latest.at("/diff/0/a").asInt()).isEqualTo(3);
        assertThat(latest.at("/diff/0/b").asInt()).isEqualTo(2);
        JsonNode slow = route(http, "/slow/{id}");
        assertThat(slow.get("dropped").asLong()).isEqualTo(shadow.dropped());
        assertThat(slow.get("errors").asLong()).isPositive();
        assertThat(slow.at("/outcomes/timeout").asLong()).isEqualTo(slow.get("errors").asLong());
        assertThat(slow.get("match").asLong() + slow.get("mismatch").asLong()).isZero();
        assertThat(slow.at("/last_failure/outcome").asText()).isEqualTo("timeout");

        chromium = Chromium.start(dir);
        chromium.browser.get("http://127.0.0.1:" + admin.port() + "/?refresh=500");
        JavascriptExecutor js = chromium.js();
        new WebDriverWait(chromium.browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js.executeScript(
            "return !document.getElementById('http').hidden"
                + " && document.querySelectorAll('#http-routes tbody tr.http-route').length === 2"
                + " && document.querySelector('#http-routes tr.http-latest table.diff-table') !== null;")));
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) js.executeScript(
            "return Array.from(document.querySelectorAll('#http-routes tbody tr.http-route')).map(function (tr) {"
                + " return Array.from(tr.children).map(function (td) { return td.textContent; }); });");
        assertThat(rows.get(0)).hasSize(9);
        assertThat(rows.get(0).subList(0, 6)).containsExactly("/orders/{id}/summary", "2", "1", "0", "0", "0");
        assertMillis(rows.get(0).get(6), orders.at("/latency_ms/a"));
        assertMillis(rows.get(0).get(7), orders.at("/latency_ms/b"));
        assertThat(rows.get(0).get(8)).isEqualTo("$.generatedAt");
        assertThat(rows.get(1).subList(0, 6)).containsExactly("/slow/{id}", "0", "0", slow.get("dropped").asText(),
            slow.get("errors").asText(), "0");
        assertThat(rows.get(1).get(7)).isEqualTo("–");
        @SuppressWarnings("unchecked")
        List<String> diff = (List<String>) js.executeScript(
            "var box = document.querySelector('#http-routes tr.http-latest .http-event');"
                + "var cells = box.querySelectorAll('table.diff-table tbody td');"
                + "return [box.querySelector('.diff-head').textContent].concat(Array.from(cells).map(function (c) { return c.textContent; }));");
        assertThat(diff.get(0)).startsWith("GET /orders/2/summary").contains("status 200 / 200", "1 difference",
            "noise discounted: $.generatedAt");
        assertThat(diff.subList(1, 4)).containsExactly("$.items", "3", "2");
        assertThat((String) js.executeScript("return document.getElementById('http-summary').textContent;"))
            .contains("candidate " + candidate, "primary twin " + twin, "dropped " + shadow.dropped());
        assertThat((String) js.executeScript("return document.querySelector('#http-routes .http-failure').textContent;"))
            .startsWith("latest failure: timeout /slow/");
        // The route's mismatch is also a top mismatching fingerprint, shown with the same difference.
        @SuppressWarnings("unchecked")
        List<String> top = (List<String>) js.executeScript(
            "var tr = document.querySelector('#top tbody tr.top-row');"
                + "var cells = tr.querySelectorAll('table.diff-table tbody td');"
                + "return [tr.querySelector('td.fp div').textContent, cells[0].textContent, cells[1].textContent,"
                + " cells[2].textContent, document.getElementById('dropped').textContent];");
        assertThat(top).containsExactly("GET /orders/{id}/summary", "$.items", "3", "2", String.valueOf(shadow.dropped()));
        chromium.browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1700));
        Path shot = Path.of("target", "dashboard-http.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, chromium.browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A "p50 / p99" cell shows the served timings to a tenth of a millisecond. */
    private static void assertMillis(String cell, JsonNode t) {
        String[] parts = cell.split(" / ");
        assertThat(parts).as(cell).hasSize(2);
        assertThat(Double.parseDouble(parts[0])).isCloseTo(t.get("p50").asDouble(), org.assertj.core.data.Offset.offset(0.051));
        assertThat(Double.parseDouble(parts[1])).isCloseTo(t.get("p99").asDouble(), org.assertj.core.data.Offset.offset(0.051));
    }

    private static long events(AdminServer admin) {
        try {
            long n = 0;
            for (JsonNode r : JSON.readTree(get(admin, "/status")).at("/http/routes")) {
                n += r.get("events").asLong();
            }
            return n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(AdminServer admin, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode route(JsonNode http, String template) {
        for (JsonNode r : http.get("routes")) {
            if (r.get("route").asText().equals(template)) {
                return r;
            }
        }
        throw new AssertionError("no route " + template + " in " + http);
    }
}
