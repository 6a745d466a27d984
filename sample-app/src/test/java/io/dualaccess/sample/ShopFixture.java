package io.dualaccess.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One sample shop on a random port with fresh in-memory H2 databases for A and B, its comparison
 * log in a test directory, and HTTP helpers. Configuration goes through {@link SampleConfig#of}
 * and connection properties: never through system properties or the environment.
 */
final class ShopFixture implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** A fixed clock, so two shops given the same requests answer the same bodies. */
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-20T10:15:30Z"), ZoneOffset.UTC);

    final SampleApp app;
    final Path log;
    final String aUrl;
    final String bUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private ShopFixture(SampleApp app, Path log, String aUrl, String bUrl) {
        this.app = app;
        this.log = log;
        this.aUrl = aUrl;
        this.bUrl = bUrl;
    }

    /**
     * @param dir where the comparison log and journal go
     * @param settings {@code sample.*} and {@code dualaccess.*} settings on top of the fixture's
     */
    static ShopFixture start(Path dir, Map<String, String> settings) throws Exception {
        int n = DATABASES.incrementAndGet();
        Map<String, String> all = new HashMap<>();
        all.put("sample.port", "0");
        all.put("sample.a.url", "jdbc:h2:mem:shop_a_" + n + ";DB_CLOSE_DELAY=-1");
        all.put("sample.b.url", "jdbc:h2:mem:shop_b_" + n + ";DB_CLOSE_DELAY=-1");
        all.put("sample.seed.orders", "60");
        all.put("sample.pool.size", "4");
        Path log = dir.resolve("comparisons-" + n + ".jsonl");
        if (!"false".equals(settings.get("sample.proxy"))) {
            all.put("dualaccess.log.file", log.toString());
            all.put("dualaccess.journal.file", dir.resolve("journal-" + n + ".jsonl").toString());
        }
        all.putAll(settings);
        SampleConfig config = SampleConfig.of(all);
        return new ShopFixture(SampleApp.start(config, FIXED), log, config.aUrl(), config.bUrl());
    }

    /** A response: status and body. */
    record Reply(int status, String body) {
    }

    Reply get(String path, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri().resolve(path)).GET();
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    Reply post(String path, String form, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri().resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply post(String path, String form) throws IOException, InterruptedException {
        return post(path, form, null);
    }

    /** Every event of the comparison log so far. */
    List<Map<String, Object>> events() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                out.add(ComparisonLogTail.parse(line));
            }
        }
        return out;
    }

    /**
     * Waits for an event matching {@code what}: shadow reads are compared off the request thread and
     * the log is written by its own thread, so an event appears a moment after the response.
     */
    Map<String, Object> awaitEvent(String description, Predicate<Map<String, Object>> what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = events();
            for (Map<String, Object> e : seen) {
                if (what.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event " + description + " in " + log + " within 30 s; events: " + seen);
    }

    /** The event's {@code request.path}, or null. */
    static Object requestField(Map<String, Object> event, String field) {
        return event.get("request") instanceof Map<?, ?> r ? r.get(field) : null;
    }

    static boolean touches(Map<String, Object> event, String table) {
        return event.get("tables") instanceof List<?> l && l.contains(table);
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
