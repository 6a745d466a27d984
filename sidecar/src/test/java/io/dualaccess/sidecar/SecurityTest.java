package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.Phase;
import io.dualaccess.route.PhaseSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin server against a hostile client (issue 16): bodies are never read before the token
 * is checked nor past a hard cap, whatever the transfer encoding; only our own Host names are
 * answered; phase requests are strict JSON; the token stays out of Jetty's logging; values from
 * B's error messages and the control table's size stay out of the endpoints.
 */
class SecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-" + Long.toHexString(System.nanoTime()) + "-sesame";
    private static final long GIGABYTE = 1L << 30;

    @TempDir
    Path dir;

    // ---- bodies: token first, hard cap, chunked too ---------------------------------------------------

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aGigabyteChunkedBodyIsRefusedWithoutBeingReadAndTheHeapStaysFlat() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.token", TOKEN))) {
            long before = usedHeapAfterGc();
            AtomicLong peak = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Upload noToken = chunkedPost(f.admin().port(), null, GIGABYTE);
            Upload wrongToken = chunkedPost(f.admin().port(), TOKEN + "x", GIGABYTE);
            Upload rightToken = chunkedPost(f.admin().port(), TOKEN, GIGABYTE);
            sampler.interrupt();
            sampler.join();
            long after = usedHeapAfterGc();
            System.out.printf("1 GiB chunked POST /phase: no token -> %d after %d bytes sent; wrong token -> %d after %d bytes;"
                    + " right token -> %d after %d bytes; heap used after GC %d MiB before, %d MiB after, peak while uploading %d MiB%n",
                noToken.status, noToken.sent, wrongToken.status, wrongToken.sent, rightToken.status, rightToken.sent,
                before >> 20, after >> 20, peak.get() >> 20);
            // A body held in memory would take a gigabyte; garbage between collections stays far below.
            assertThat(peak.get() - before).as("heap growth while three 1 GiB uploads run").isLessThan(512L << 20);
            assertThat(noToken.status).isEqualTo(401);
            assertThat(wrongToken.status).isEqualTo(401);
            assertThat(rightToken.status).isEqualTo(413);
            // What socket buffers absorb before the server closes the connection, not the gigabyte.
            for (Upload u : List.of(noToken, wrongToken, rightToken)) {
                assertThat(u.sent).as("bytes the server let the client send").isLessThan(64L << 20);
            }
            assertThat(after - before).as("heap growth after three 1 GiB uploads").isLessThan(32L << 20);
            // The server carries on serving.
            assertThat(f.get("/status").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenConfiguredAChunkedBodyIsRefusedUnread() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            Upload u = chunkedPost(f.admin().port(), "anything", 256L << 20);
            assertThat(u.status).isEqualTo(403);
            assertThat(u.sent).isLessThan(64L << 20);
        }
    }

    @Test
    void aSmallChunkedBodyWithTheTokenIsStillAccepted() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.token", TOKEN))) {
            String body = "{\"phase\":\"shadow\"}";
            String response = raw(f.admin().port(), "POST /phase HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(f.runtime().phaseControl().current().phase()).isEqualTo(Phase.SHADOW);
        }
    }

    // ---- Host ------------------------------------------------------------------------------------------

    @Test
    void onlyOurOwnHostNamesAreAnswered() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.hosts", "admin.example.com, 10.1.2.3"))) {
            int port = f.admin().port();
            assertThat(get(port, "/status", "evil.example")).startsWith("HTTP/1.1 421");
            assertThat(get(port, "/mismatches", "evil.example:" + port)).startsWith("HTTP/1.1 421");
            assertThat(get(port, "/status", "localhost.evil.example")).startsWith("HTTP/1.1 421");
            assertThat(get(port, "/status", "127.0.0.1.nip.io")).startsWith("HTTP/1.1 421");
            assertThat(get(port, "/", "rebind.attacker.test")).startsWith("HTTP/1.1 421").doesNotContain("<html");
            assertThat(get(port, "/status", "localhost:" + port)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/status", "LOCALHOST")).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/status", "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/status", "[::1]:" + port)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/status", "admin.example.com:" + port)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/status", "10.1.2.3")).startsWith("HTTP/1.1 200");
            // An absolute request target names the host too (Jetty refuses one that differs from Host itself).
            assertThat(raw(port, "GET http://evil.example/status HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 421");
            assertThat(raw(port, "GET http://evil.example/status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .matches("(?s)HTTP/1.1 (400|421) .*");
        }
    }

    // ---- strict JSON -----------------------------------------------------------------------------------

    @Test
    void phaseRequestsAreStrictJson() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.token", TOKEN))) {
            for (String body : List.of(
                    "{\"phase\":\"off\",\"phase\":\"shadow\"}",
                    "{\"table\":\"orders\",\"phase\":\"shadow\",\"table\":\"customers\"}",
                    "{\"phase\":\"shadow\"} trailing",
                    "{\"phase\":\"shadow\"}{\"phase\":\"off\"}",
                    "{\"phase\":\"shadow\"}]",
                    "{\"phase\":[\"shadow\"]}",
                    "{\"phase\":{\"x\":\"shadow\"}}",
                    "{\"table\":\"orders\",\"clear\":\"yes\"}",
                    "[{\"phase\":\"shadow\"}]",
                    "",
                    "\"shadow\"")) {
                var r = f.post("/phase", body, TOKEN);
                assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            }
            assertThat(f.runtime().phaseControl().current().phase()).isEqualTo(Phase.SHADOW_READ);
            assertThat(f.post("/phase", " {\"phase\":\"shadow\"}\n", TOKEN).statusCode()).isEqualTo(200);
        }
    }

    // ---- the token in logs -----------------------------------------------------------------------------

    @Test
    void jettyLoggingIsRedactedAtEveryLevel() {
        String root = "test.security.jetty" + System.nanoTime();
        Logger parent = Logger.getLogger(root.substring(0, root.lastIndexOf('.')));
        List<String> seen = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        parent.addHandler(capture);
        parent.setUseParentHandlers(false);
        Logger parser = Logger.getLogger(root + ".http.HttpParser");
        parser.setLevel(Level.ALL);
        String token = "jul-" + TOKEN;
        JettyLogRedaction.register(token);
        try {
            JettyLogRedaction.install(root);
            // What Jetty 12's HttpParser and endpoints print at DEBUG (seen with io.dualaccess at FINE).
            parser.fine("HEADER:IN_VALUE --> FIELD(Authorization: Bearer " + token + ")");
            parser.fine("parsedHeader(Authorization: Bearer " + token + ") header=Authorization, headerString=[Authorization],"
                + " valueString=[Bearer " + token + "]");
            parser.fine("filled 187 DirectByteBuffer@1[p=0,l=187]={<<<POST /phase HTTP/1.1\r\nAuthorization: Bearer "
                + token.substring(0, 10) + "...>>>}");
            parser.log(Level.FINEST, "onRequest POST{u=http://localhost/phase?token={0}}", token);
            parser.warning("bad request from client with " + token);
        } finally {
            JettyLogRedaction.unregister(token);
            parent.removeHandler(capture);
        }
        assertThat(seen).hasSize(5).allSatisfy(m -> assertThat(m).doesNotContain(token).doesNotContain(token.substring(0, 10)));
        assertThat(seen.get(0)).contains("Authorization: ****");
    }

    // ---- values and size in the endpoints --------------------------------------------------------------

    @Test
    void aMarkerInBsErrorReachesTheJournalButNoEndpoint() throws Exception {
        String marker = "MARK-" + Long.toHexString(System.nanoTime()) + "'(x) \"y\"";
        try (Fixture f = Fixture.start(dir, Phase.DUAL_WRITE, Map.of())) {
            try (Connection b = DriverManager.getConnection(f.bUrl); Statement st = b.createStatement()) {
                st.execute("insert into orders values (3, 'taken')");
            }
            try (Connection c = f.ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into orders values (?, ?)")) {
                ps.setInt(1, 3);
                ps.setString(2, marker.substring(0, 20));
                ps.executeUpdate();
            }
            Fixture.await("the b_error event", () -> f.logLines().stream().anyMatch(l -> l.contains("b_error")));
            String mismatches = f.get("/mismatches").body();
            String status = f.get("/status").body();
            assertThat(mismatches).contains("b_error", "SQLState 23505", "****").doesNotContain(marker.substring(0, 20));
            assertThat(status).doesNotContain(marker.substring(0, 20));
            assertThat(String.join("\n", f.logLines())).doesNotContain(marker.substring(0, 20));
            assertThat(Files.readString(dir.resolve("journal.jsonl"))).contains(marker.substring(0, 20));
        }
    }

    @Test
    void statusCarriesTheCountAndTheFirstControlTableRowsOnly() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("dualaccess.control.table", "dualaccess_control");
        settings.put("dualaccess.control.poll", "1h");
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, settings)) {
            f.runtime().phaseControl().refresh();
            int rows = 20_000;
            try (Connection b = DriverManager.getConnection(f.bUrl);
                 PreparedStatement ps = b.prepareStatement("insert into dualaccess_control values (?, 'a', 'a', ?, '2026-01-01T00:00:00Z', 'test')")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "t" + i);
                    ps.setLong(2, 1000 + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            PhaseSnapshot s = f.runtime().phaseControl().refresh();
            assertThat(s.tables()).hasSize(rows);
            var r = f.get("/status");
            JsonNode status = JSON.readTree(r.body());
            System.out.printf("/status with %d control-table rows: %d bytes; phase log line %d chars%n",
                rows, r.body().length(), s.toString().length());
            assertThat(status.get("tables_total").asInt()).isEqualTo(rows);
            assertThat(status.get("tables").size()).isEqualTo(PhaseEndpoint.SHOWN_TABLES);
            assertThat(r.body().length()).isLessThan(64 * 1024);
            assertThat(s.toString()).hasSizeLessThan(2_000).contains((rows - PhaseSnapshot.SHOWN_TABLES) + " more");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private record Upload(int status, long sent) {
    }

    /**
     * POSTs a chunked body of {@code total} bytes, made by a generator as it goes (never held), and
     * returns the status the server answered and how many body bytes the client could send before
     * the server closed the connection.
     */
    private static Upload chunkedPost(int port, String token, long total) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /phase HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    out.write("1\r\n{\r\n".getBytes(StandardCharsets.US_ASCII));
                    while (sent.get() < total) {
                        out.write(head);
                        out.write(chunk);
                        out.write(tail);
                        sent.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected: the server answered and closed the connection
                }
            }, "chunked-upload");
            writer.setDaemon(true);
            writer.start();
            String response = readResponse(s.getInputStream());
            writer.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(writer.isAlive()).as("the upload ended (the server closed the connection)").isFalse();
            return new Upload(Integer.parseInt(response.substring(9, 12)), sent.get());
        }
    }

    private static String get(int port, String path, String host) throws IOException {
        return raw(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The response head and as much body as arrives before the server closes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
            }
        } catch (IOException resetAfterResponse) {
            // the server closed with our upload unread: a reset may follow the response
        }
        String r = b.toString(StandardCharsets.UTF_8);
        assertThat(r).as("a response").startsWith("HTTP/1.1 ");
        return r;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
