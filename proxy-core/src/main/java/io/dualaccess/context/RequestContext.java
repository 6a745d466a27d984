package io.dualaccess.context;

import org.slf4j.MDC;

import java.util.Objects;

/**
 * The request an application thread is serving (id, method, path), so every comparison event and
 * journal entry made while serving it names it. Opened by the servlet filter of the sidecar, or by
 * any code that serves requests, with {@link #open}; read where events are made with
 * {@link #current()}. Work handed to other threads (shadow reads) captures it on the application
 * thread when the work is created.
 *
 * @param id the request id (from a header such as {@code X-Request-Id}, or generated)
 * @param method the HTTP method, or another verb for non-HTTP work
 * @param path the route or path served
 * @param excluded whether reads made for this request are not shadowed ({@code excluded_path});
 *                 writes are still mirrored, since skipping one would leave B without it
 * @param traceId the W3C trace id of the request ({@code traceparent}, or the active span when the
 *                request began), or null
 * @param spanId the span id that came with it, or null
 */
public record RequestContext(String id, String method, String path, boolean excluded, String traceId, String spanId) {

    /**
     * The key under which the request id is in SLF4J's MDC while a context is open (on the
     * application's thread during the request, and on dualaccess's workers doing its work).
     */
    public static final String MDC_REQUEST_ID = "request_id";

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    /** A context whose reads are shadowed. */
    public RequestContext(String id, String method, String path) {
        this(id, method, path, false);
    }

    /** A context without a trace. */
    public RequestContext(String id, String method, String path, boolean excluded) {
        this(id, method, path, excluded, null, null);
    }

    /** The request's trace, or null. */
    public TraceIds trace() {
        return traceId == null ? null : new TraceIds(traceId, spanId);
    }

    public RequestContext {
        Objects.requireNonNull(id, "id");
    }

    /** The context of the request this thread is serving, or null. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    /**
     * Makes {@code context} current on this thread until the returned scope is closed, which
     * restores whatever was current before (scopes nest).
     */
    public static Scope open(RequestContext context) {
        RequestContext previous = CURRENT.get();
        CURRENT.set(context);
        String previousMdc = MDC.get(MDC_REQUEST_ID);
        putMdc(context);
        return new Scope(context, previous, previousMdc);
    }

    private static void putMdc(RequestContext context) {
        try {
            if (context == null) {
                MDC.remove(MDC_REQUEST_ID);
            } else {
                MDC.put(MDC_REQUEST_ID, context.id);
            }
        } catch (RuntimeException noMdc) {
            // An SLF4J binding without MDC support: the context itself still works.
        }
    }

    /**
     * The task, running with the context that is current now (on the calling thread): for work an
     * application hands to its own executors while serving a request.
     */
    public static Runnable wrap(Runnable task) {
        RequestContext captured = CURRENT.get();
        if (captured == null) {
            return task;
        }
        return () -> {
            try (Scope ignored = open(captured)) {
                task.run();
            }
        };
    }

    /** Whether reads on this thread are currently excluded from shadowing. */
    public static boolean readsExcluded() {
        RequestContext c = CURRENT.get();
        return c != null && c.excluded;
    }

    /** An open context; closing it (once, on the thread that opened it) restores the previous one. */
    public static final class Scope implements AutoCloseable {

        private final RequestContext context;
        private final RequestContext previous;
        private final String previousMdc;
        private boolean closed;

        private Scope(RequestContext context, RequestContext previous, String previousMdc) {
            this.context = context;
            this.previous = previous;
            this.previousMdc = previousMdc;
        }

        /** The context this scope made current. */
        public RequestContext context() {
            return context;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            try {
                if (previousMdc == null) {
                    MDC.remove(MDC_REQUEST_ID);
                } else {
                    MDC.put(MDC_REQUEST_ID, previousMdc);
                }
            } catch (RuntimeException noMdc) {
                // see putMdc
            }
        }
    }
}
