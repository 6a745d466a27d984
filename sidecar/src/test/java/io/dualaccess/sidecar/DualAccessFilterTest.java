package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import jakarta.servlet.AsyncContext;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in a real servlet container (embedded Jetty 12, ee10) in front of servlets that
 * query through {@link DualAccessDataSource}s over in-memory H2 (this module does not depend on the
 * driver, whose self-contained jar carries the sidecar): the request ids and paths end up in the
 * JSON-lines comparison log and the journal, for synchronous and asynchronous requests.
 */
class DualAccessFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NAME = "filter_" + ProcessHandle.current().pid();
    private static final String A_URL = "jdbc:h2:mem:" + NAME + "_a;DB_CLOSE_DELAY=-1";
    private static final String B_URL = "jdbc:h2:mem:" + NAME + "_b;DB_CLOSE_DELAY=-1";
    /** One data source per phase the servlet uses, as an application would keep its pools. */
    private static final Map<Phase, DualAccessDataSource> SOURCES = new java.util.EnumMap<>(Phase.class);

    @TempDir
    static Path dir;
    static Server server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        for (String url : List.of(A_URL, B_URL)) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("create table orders (id int primary key, status varchar(20))");
                s.execute("insert into orders values (1, 'paid')");
                if (url.equals(A_URL)) {
                    s.execute("insert into orders values (2, 'new')");
                    s.execute("insert into orders values (3, 'new')");
                }
            }
        }
        for (Phase phase : List.of(Phase.SHADOW_READ, Phase.DUAL_WRITE)) {
            JdbcDataSource a = new JdbcDataSource();
            a.setURL(A_URL);
            SOURCES.put(phase, DualAccessDataSource.builder(a)
                .b(B_URL, null, null)
                .phase(phase)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                // These tests find each statement's event by its request: one line per statement
                // (an aggregate of matches carries no request).
                .set("dualaccess.log.aggregate", "none")
                .build());
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/shop");
        FilterHolder filter = new FilterHolder(DualAccessFilter.class);
        filter.setInitParameter(DualAccessFilter.EXCLUDED_PATHS, "/health, /static/");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        ServletHolder app = new ServletHolder(new ShopServlet());
        app.setAsyncSupported(true);
        context.addServlet(app, "/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/shop";
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        SOURCES.values().forEach(DualAccessDataSource::close);
    }

    /** A tiny shop: reads go through shadow-read, POSTs through dual-write. */
    static final class ShopServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getPathInfo();
            if (path.startsWith("/async-start/")) {
                AsyncContext ac = req.startAsync();
                ac.start(() -> {
                    try {
                        answer(resp, read(id(path)));
                    } catch (Exception e) {
                        resp.setStatus(500);
                    }
                    ac.complete();
                });
            } else if (path.startsWith("/async-dispatch/") && req.getDispatcherType() == DispatcherType.REQUEST) {
                AsyncContext ac = req.startAsync();
                // The answer is made in the ASYNC dispatch, on whatever thread the container picks.
                new Thread(ac::dispatch, "app-callback").start();
            } else {
                try {
                    answer(resp, read(id(path)));
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try (Connection c = connect(Phase.DUAL_WRITE);
                 PreparedStatement ps = c.prepareStatement("update orders set status = ? where id = ?")) {
                ps.setString(1, "shipped");
                ps.setInt(2, id(req.getPathInfo()));
                answer(resp, String.valueOf(ps.executeUpdate()));
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }

        private static int id(String path) {
            return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        }

        private static void answer(HttpServletResponse resp, String body) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print(body);
        }
    }

    static Connection connect(Phase phase) throws SQLException {
        return SOURCES.get(phase).getConnection();
    }

    static String read(int id) throws SQLException {
        try (Connection c = connect(Phase.SHADOW_READ);
             PreparedStatement ps = c.prepareStatement("select status from orders where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                // Read to the end: a result closed part-way is not compared (outcome skipped, partial).
                String status = "none";
                while (rs.next()) {
                    status = rs.getString(1);
                }
                return status;
            }
        }
    }

    private static HttpResponse<String> send(String method, String path, String requestId) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (requestId != null) {
            r.header("X-Request-Id", requestId);
        }
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
        return response;
    }

    /** The events of one request, waiting (bounded) for the shadow worker to write them. */
    private static List<JsonNode> eventsOf(String file, String requestId) throws Exception {
        Path f = dir.resolve(file);
        for (int i = 0; i < 200; i++) {
            List<JsonNode> found = new ArrayList<>();
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = JSON.readTree(line);
                    if (requestId.equals(e.at("/request/id").asText(null))) {
                        found.add(e);
                    }
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(50);
        }
        return List.of();
    }

    @Test
    void aSynchronousRequestNamesItsIdMethodAndPathInTheComparisonLog() throws Exception {
        HttpResponse<String> r = send("GET", "/orders/2", "sync-1");
        assertThat(r.body()).isEqualTo("new");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("sync-1");
        List<JsonNode> events = eventsOf("comparisons.jsonl", "sync-1");
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.get("kind").asText()).isEqualTo("read");
        assertThat(e.get("outcome").asText()).isEqualTo("mismatch");
        assertThat(e.at("/request/method").asText()).isEqualTo("GET");
        assertThat(e.at("/request/path").asText()).isEqualTo("/orders/2");
    }

    @Test
    void withoutAnIdHeaderAnIdIsGeneratedAndEchoed() throws Exception {
        HttpResponse<String> r = send("GET", "/orders/1", null);
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        List<JsonNode> events = eventsOf("comparisons.jsonl", id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("outcome").asText()).isEqualTo("match");
        assertThat(events.get(0).at("/request/path").asText()).isEqualTo("/orders/1");
    }

    /** W3C trace context: the trace id becomes the request id, and the events carry the trace. */
    @Test
    void aTraceparentNamesTheRequestAndItsEventsCarryTheTrace() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/orders/3")).timeout(Duration.ofSeconds(20))
            .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").GET().build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue(trace);
        List<JsonNode> events = eventsOf("comparisons.jsonl", trace);
        assertThat(events).hasSize(1);
        // Read on the shadow worker: the trace came along with the request.
        assertThat(events.get(0).get("trace_id").asText()).isEqualTo(trace);
        assertThat(events.get(0).get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(events.get(0).get("db.operation.name").asText()).isEqualTo("SELECT");
        assertThat(events.get(0).at("/b/db.system.name").asText()).isEqualTo("h2database");
    }

    @Test
    void anAsyncRequestKeepsItsContextInContainerStartedTasks() throws Exception {
        assertThat(send("GET", "/async-start/2", "async-start-1").body()).isEqualTo("new");
        List<JsonNode> events = eventsOf("comparisons.jsonl", "async-start-1");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).at("/request/path").asText()).isEqualTo("/async-start/2");
        assertThat(events.get(0).get("outcome").asText()).isEqualTo("mismatch");
    }

    @Test
    void anAsyncRequestKeepsItsContextInTheAsyncDispatch() throws Exception {
        assertThat(send("GET", "/async-dispatch/1", "async-dispatch-1").body()).isEqualTo("paid");
        List<JsonNode> events = eventsOf("comparisons.jsonl", "async-dispatch-1");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).at("/request/path").asText()).isEqualTo("/async-dispatch/1");
        assertThat(events.get(0).at("/request/method").asText()).isEqualTo("GET");
    }

    @Test
    void excludedPathsAreNotShadowedAndNotCountedAsMismatches() throws Exception {
        assertThat(send("GET", "/health/2", "health-1").body()).isEqualTo("new");
        List<JsonNode> events = eventsOf("comparisons.jsonl", "health-1");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("outcome").asText()).isEqualTo("skipped");
        assertThat(events.get(0).get("reason").asText()).isEqualTo("excluded_path");
    }

    @Test
    void aMirroredWriteThatDivergesIsJournaledWithItsRequest() throws Exception {
        // B lacks order 3: B updates no row, the write is a mismatch and is journaled.
        assertThat(send("POST", "/orders/3", "write-1").body()).isEqualTo("1");
        List<JsonNode> events = eventsOf("comparisons.jsonl", "write-1");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("kind").asText()).isEqualTo("write");
        assertThat(events.get(0).at("/request/method").asText()).isEqualTo("POST");
        List<JsonNode> journal = eventsOf("journal.jsonl", "write-1");
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).at("/request/path").asText()).isEqualTo("/orders/3");
    }
}
