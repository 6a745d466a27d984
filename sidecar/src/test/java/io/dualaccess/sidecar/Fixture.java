package io.dualaccess.sidecar;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.context.RequestContext;
import io.dualaccess.runtime.DualAccessRuntime;
import org.h2.jdbcx.JdbcDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Two in-memory H2 databases behind a {@link DualAccessDataSource} whose runtime runs the admin
 * server on a free port, with an {@code orders} table that differs between A and B in one row.
 */
final class Fixture implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final DualAccessDataSource ds;
    final Path log;
    final String bUrl;
    private final DualAccessRuntime runtime;
    private final Connection keepA;
    private final Connection keepB;

    private Fixture(DualAccessDataSource ds, Path log, String bUrl, Connection keepA, Connection keepB) throws Exception {
        this.ds = ds;
        this.bUrl = bUrl;
        this.log = log;
        this.keepA = keepA;
        this.keepB = keepB;
        try (Connection c = ds.getConnection()) {
            this.runtime = DualAccessRuntime.of(c);
        }
    }

    /**
     * @param settings extra {@code dualaccess.*} settings (the admin port is 0 unless given)
     */
    static Fixture start(Path dir, Phase phase, Map<String, String> settings) throws Exception {
        int id = IDS.incrementAndGet();
        String name = "sidecar_" + ProcessHandle.current().pid() + "_" + id;
        JdbcDataSource a = new JdbcDataSource();
        a.setURL("jdbc:h2:mem:" + name + "_a;DB_CLOSE_DELAY=-1");
        String bUrl = "jdbc:h2:mem:" + name + "_b;DB_CLOSE_DELAY=-1";
        Connection keepA = a.getConnection();
        Connection keepB = java.sql.DriverManager.getConnection(bUrl);
        for (Connection c : List.of(keepA, keepB)) {
            try (Statement st = c.createStatement()) {
                st.execute("create table orders (id int primary key, status varchar(20))");
                st.execute("create table customers (id int primary key, name varchar(20))");
                st.execute("insert into orders values (1, 'paid'), (2, 'new')");
                st.execute("insert into customers values (1, 'ada')");
            }
        }
        try (Statement st = keepB.createStatement()) {
            st.execute("update orders set status = 'lost' where id = 2");
            st.execute("update customers set name = 'bob' where id = 1");
        }
        Path log = dir.resolve("comparisons.jsonl");
        DualAccessDataSource.Builder b = DualAccessDataSource.builder(a)
            .b(bUrl, null, null)
            .phase(phase)
            .set("dualaccess.log.file", log.toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .set("dualaccess.admin.port", "0")
            .set("dualaccess.admin.sample-interval", "200ms");
        for (Map.Entry<String, String> s : settings.entrySet()) {
            b.set(s.getKey(), s.getValue());
        }
        return new Fixture(b.build(), log, bUrl, keepA, keepB);
    }

    DualAccessRuntime runtime() {
        return runtime;
    }

    /**
     * Statements compared so far (every outcome), as {@code dualaccess.comparisons} counts them: each
     * as it happens, where the log writes matches as one aggregated line per interval.
     */
    long comparisons() {
        return (long) runtime.registry().find("dualaccess.comparisons").counters().stream()
            .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    AdminServer admin() {
        return runtime.extension(AdminServer.class);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + admin().port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Accept", accept).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads one row of {@code table} by id through dualaccess, as the request {@code path}. */
    String read(String table, int id, String path) throws Exception {
        try (RequestContext.Scope ignored = path == null ? null
                : RequestContext.open(new RequestContext("req-" + IDS.incrementAndGet(), "GET", path));
             Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select * from " + table + " where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    out.append(rs.getString(2));
                }
                return out.toString();
            }
        }
    }

    /** Waits (bounded) for something the shadow workers do in the background. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        ds.close();
        for (Connection c : List.of(keepA, keepB)) {
            try (Statement st = c.createStatement()) {
                st.execute("shutdown");
            } catch (java.sql.SQLException ignored) {
                // already gone
            }
            c.close();
        }
    }
}
