import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A stand-in application for ShadedJarIT: it knows nothing of dualaccess but its URL, and runs
 * with only the shaded jar and the vendor driver on its classpath.
 */
public class ShadedApp {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", "sa", "");
             Statement s = c.createStatement()) {
            System.out.println("connection " + c.getClass().getName());
            s.execute("create table item(id int primary key, name varchar(20))");
            System.out.println("inserted " + s.executeUpdate("insert into item values (1, 'one'), (2, 'two')"));
            try (ResultSet rs = s.executeQuery("select name from item order by id")) {
                while (rs.next()) {
                    System.out.println("row " + rs.getString(1));
                }
            }
        }
        for (String name : new String[] {"com.zaxxer.hikari.HikariDataSource", "org.slf4j.LoggerFactory"}) {
            try {
                Class.forName(name);
                System.out.println("unrelocated " + name);
            } catch (ClassNotFoundException expected) {
                System.out.println("absent " + name);
            }
        }
        Class.forName("io.dualaccess.shaded.com.zaxxer.hikari.HikariDataSource");
        System.out.println("relocated hikari");

        Properties bad = new Properties();
        bad.setProperty("dualaccess.phase", "shadoww");
        try {
            DriverManager.getConnection("jdbc:dualaccess:h2:mem:app", bad);
        } catch (SQLException e) {
            System.out.println("error " + e.getMessage());
        }

        // dual-write runs the whole relocated stack: B's pool, the SQL parser, the breaker, the JSON writers.
        Properties dual = new Properties();
        dual.setProperty("user", "sa");
        dual.setProperty("password", "");
        dual.setProperty("dualaccess.phase", "dual-write");
        dual.setProperty("dualaccess.b.url", "jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
        dual.setProperty("dualaccess.log.file", args[0] + "/comparisons.jsonl");
        dual.setProperty("dualaccess.journal.file", args[0] + "/journal.jsonl");
        try (Connection b = DriverManager.getConnection("jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
             Statement s = b.createStatement()) {
            s.execute("create table item(id int primary key, name varchar(20))");
        }
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", dual);
             Statement s = c.createStatement()) {
            System.out.println("mirrored " + s.executeUpdate("insert into item values (3, 'three')"));
        }
        try (Connection b = DriverManager.getConnection("jdbc:h2:mem:shadedb");
             Statement s = b.createStatement(); ResultSet rs = s.executeQuery("select name from item")) {
            while (rs.next()) {
                System.out.println("b row " + rs.getString(1));
            }
        }

        // live: B answers (here an in-memory H2), A receives the mirror.
        Properties live = new Properties();
        live.setProperty("dualaccess.phase", "live");
        live.setProperty("dualaccess.b.url", "jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
        live.setProperty("dualaccess.log.file", args[0] + "/comparisons.jsonl");
        live.setProperty("dualaccess.journal.file", args[0] + "/journal.jsonl");
        live.setProperty("user", "sa");
        live.setProperty("password", "");
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", live);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from item")) {
            rs.next();
            System.out.println("live rows " + rs.getInt(1));
        }

        admin(args[0]);
    }

    /**
     * The admin server from the same jar: shadow-read with dualaccess.admin.port=0, a few reads,
     * then real HTTP requests. Each answer goes to {@code <dir>/<name>.body}, its status to stdout.
     */
    static void admin(String dir) throws Exception {
        Properties admin = new Properties();
        admin.setProperty("user", "sa");
        admin.setProperty("password", "");
        admin.setProperty("dualaccess.phase", "shadow-read");
        admin.setProperty("dualaccess.b.url", "jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
        admin.setProperty("dualaccess.log.file", dir + "/admin-comparisons.jsonl");
        admin.setProperty("dualaccess.journal.file", dir + "/admin-journal.jsonl");
        admin.setProperty("dualaccess.admin.port", "0");
        admin.setProperty("dualaccess.admin.token", "s3cret");
        int port;
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", admin);
             Statement s = c.createStatement()) {
            // The port the server chose: the runtime hands out its started extensions.
            port = io.dualaccess.runtime.DualAccessRuntime.of(c)
                .extension(io.dualaccess.sidecar.AdminServer.class).port();
            // A and B both hold item 3; only A holds item 1: two matches and a mismatch.
            for (int id : new int[] {3, 3, 1}) {
                try (ResultSet rs = s.executeQuery("select name from item where id = " + id)) {
                    while (rs.next()) {
                        System.out.println("admin read " + rs.getString(1));
                    }
                }
            }
        }
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // Shadow reads are compared off the application's thread: wait (bounded) until all three are counted.
        String status = "";
        for (int i = 0; i < 200 && !(status.contains("\"match\":2") && status.contains("\"mismatch\":1")); i++) {
            Thread.sleep(50);
            status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        get(http, base, "/status", dir, "status");
        get(http, base, "/metrics", dir, "metrics");
        get(http, base, "/", dir, "dashboard");
        get(http, base, "/uplot/uPlot.iife.min.js", dir, "uplot");
        post(http, base, "/phase", null, "{\"phase\":\"shadow\"}", dir, "phase-no-token");
        post(http, base, "/phase", "s3cret", "{\"phase\":\"shadow\"}", dir, "phase");
        get(http, base, "/status", dir, "status-after");
    }

    static void get(HttpClient http, String base, String path, String dir, String name) throws Exception {
        record(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()),
            "GET " + path, dir, name);
    }

    static void post(HttpClient http, String base, String path, String token, String body, String dir, String name)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        record(http.send(r.build(), HttpResponse.BodyHandlers.ofString()), "POST " + path + (token == null ? " without token" : ""),
            dir, name);
    }

    static void record(HttpResponse<String> r, String what, String dir, String name) throws Exception {
        System.out.println("http " + what + " " + r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("-"));
        Files.writeString(Path.of(dir, name + ".body"), r.body());
    }
}
