package io.dualaccess.sidecar.http;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a captured request to a base URL with Jetty's asynchronous HTTP client: same method, path,
 * query, body and forwarded headers, plus {@value #MARKER}{@code : 1} so the receiver can tell
 * shadow traffic apart. The response is read up to the cap; the whole exchange is bounded by the
 * timeout. Runs on the client's own daemon threads, never on the application's.
 */
final class Replayer implements AutoCloseable {

    /** The header marking a replayed request. */
    static final String MARKER = "X-Dualaccess-Shadow";

    /** Headers that belong to one connection (RFC 9110 §7.6.1) or that the client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "expect", "accept-encoding", "proxy-authorization",
        MARKER.toLowerCase(Locale.ROOT));

    private final HttpClient client;
    private final ShadowSettings settings;

    Replayer(ShadowSettings settings, String name) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, Math.min(64, settings.concurrency() * 2 + 4)), 2);
        threads.setName(name);
        threads.setDaemon(true);
        this.client = new HttpClient();
        client.setExecutor(threads);
        client.setName(name);
        client.setFollowRedirects(false);
        client.setConnectTimeout(settings.timeout().toMillis());
        client.setIdleTimeout(Math.max(30_000, settings.timeout().toMillis()));
        client.setMaxConnectionsPerDestination(settings.concurrency());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.concurrency() * 4));
        client.setUserAgentField(null);
        // Bodies are compared as the application wrote them: ask for (and decode) no compression.
        client.getContentDecoderFactories().clear();
    }

    /** Whether a request header is replayed. */
    boolean forwards(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !NOT_FORWARDED.contains(n) && (settings.forwardHeaders() == null || settings.forwardHeaders().contains(n));
    }

    void start() throws Exception {
        client.start();
    }

    /** Replays {@code e} to {@code base}; the future completes (never exceptionally) with the answer or the failure. */
    CompletableFuture<Answer> send(String base, Exchange e) {
        CompletableFuture<Answer> done = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            Request r = client.newRequest(base + e.path() + (e.query() == null ? "" : "?" + e.query()))
                .method(e.method())
                .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    for (Map.Entry<String, String> header : e.headers()) {
                        h.add(header.getKey(), header.getValue());
                    }
                    h.put(MARKER, "1");
                });
            if (e.body().length > 0) {
                r.body(new BytesRequestContent(contentType(e.headers()), e.body()));
            }
            r.send(new Collect(settings, start, done));
        } catch (RuntimeException ex) {
            done.complete(Answer.failed(message(ex), false, System.nanoTime() - start));
        }
        return done;
    }

    private static String contentType(List<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("content-type")) {
                return h.getValue();
            }
        }
        return "application/octet-stream";
    }

    static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    /** Keeps the compared headers and the body up to the cap; completes the future once. */
    private static final class Collect implements Response.Listener {
        private final ShadowSettings settings;
        private final long start;
        private final CompletableFuture<Answer> done;
        private final CappedBuffer body;

        Collect(ShadowSettings settings, long start, CompletableFuture<Answer> done) {
            this.settings = settings;
            this.start = start;
            this.done = done;
            this.body = new CappedBuffer(settings.bodyCap());
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int n = content.remaining();
            if (content.hasArray()) {
                body.write(content.array(), content.arrayOffset() + content.position(), n);
            } else {
                byte[] b = new byte[n];
                content.get(b);
                body.write(b, 0, n);
            }
        }

        @Override
        public void onComplete(Result result) {
            long nanos = System.nanoTime() - start;
            if (result.isFailed()) {
                Throwable f = result.getFailure();
                boolean timedOut = f instanceof TimeoutException || f.getCause() instanceof TimeoutException;
                done.complete(Answer.failed(message(f), timedOut, nanos));
                return;
            }
            Response r = result.getResponse();
            HttpFields fields = r.getHeaders();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : settings.compareHeaders()) {
                HttpField f = fields.getField(name);
                if (f != null) {
                    headers.put(name, f.getValue());
                }
            }
            done.complete(new Answer(r.getStatus(), headers, fields.get("content-type"), body.toByteArray(), body.over(),
                nanos, null, false));
        }
    }
}
