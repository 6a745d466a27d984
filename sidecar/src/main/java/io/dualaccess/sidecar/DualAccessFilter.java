package io.dualaccess.sidecar;

import io.dualaccess.context.RequestContext;
import io.dualaccess.context.TraceIds;
import io.dualaccess.sidecar.http.Capture;
import io.dualaccess.sidecar.http.HttpShadow;
import io.dualaccess.sidecar.http.HttpShadows;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Names the request behind every comparison event and journal entry: opens a
 * {@link RequestContext} (request id, method, path) for each request, so events made while serving
 * it carry {@code request.id}, {@code request.method} and {@code request.path}. Register it for
 * {@code REQUEST} and {@code ASYNC} dispatches with async support on (see
 * {@code docs/operations.md}).
 *
 * <p>Init parameters:
 * <ul>
 *   <li>{@code request-id-header} (default {@code X-Request-Id}): the header carrying the caller's
 *       request id; without one the request's trace id is the id (from the span an OpenTelemetry
 *       agent opened for the request, or the W3C {@code traceparent} header), else an id is
 *       generated. The id is echoed in the same response header, and is in SLF4J's MDC as
 *       {@code request_id} while the request is served.</li>
 *   <li>{@code excluded-paths}: comma-separated path prefixes (such as {@code /health,/static/})
 *       whose reads are not shadowed (comparison outcome {@code skipped}, reason
 *       {@code excluded_path}). Their writes are still mirrored: B must not miss them.</li>
 * </ul>
 *
 * <p>With {@code dualaccess.http.candidate} set, requests on {@code dualaccess.http.routes} are also
 * shadowed to the candidate implementation and the answers compared (see
 * {@code docs/http-shadowing.md}); the application's response passes through unchanged.
 *
 * <p>Asynchronous requests keep their context: it rides on a request attribute and is reopened
 * for {@code ASYNC} dispatches, and tasks given to {@link AsyncContext#start(Runnable)} run inside
 * it. Work handed to the application's own executors can carry it with
 * {@link RequestContext#wrap(Runnable)}.
 */
public final class DualAccessFilter implements Filter {

    /** Init parameter: the request id header. */
    public static final String REQUEST_ID_HEADER = "request-id-header";
    /** Init parameter: comma-separated path prefixes whose reads are not shadowed. */
    public static final String EXCLUDED_PATHS = "excluded-paths";
    /** The request attribute holding the request's context across dispatches. */
    public static final String ATTRIBUTE = RequestContext.class.getName();

    /** The W3C Trace Context header. */
    static final String TRACEPARENT = "traceparent";

    private static final int MAX_ID_LENGTH = 128;

    private String header = "X-Request-Id";
    private List<String> excluded = List.of();

    /** A filter with the defaults (for programmatic registration, or configured by init parameters). */
    public DualAccessFilter() {
    }

    /**
     * A filter configured in code.
     *
     * @param requestIdHeader the request id header
     * @param excludedPaths path prefixes whose reads are not shadowed
     */
    public DualAccessFilter(String requestIdHeader, List<String> excludedPaths) {
        this.header = requestIdHeader;
        this.excluded = List.copyOf(excludedPaths);
    }

    @Override
    public void init(FilterConfig config) {
        String h = config.getInitParameter(REQUEST_ID_HEADER);
        if (h != null && !h.isBlank()) {
            header = h.trim();
        }
        String paths = config.getInitParameter(EXCLUDED_PATHS);
        if (paths != null) {
            List<String> list = new ArrayList<>();
            for (String p : paths.split(",")) {
                if (!p.isBlank()) {
                    list.add(p.trim());
                }
            }
            excluded = List.copyOf(list);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        // A re-dispatch (ASYNC, FORWARD, INCLUDE, ERROR) continues the request it belongs to.
        RequestContext context = request.getAttribute(ATTRIBUTE) instanceof RequestContext c ? c : null;
        Capture capture = null;
        if (context == null) {
            context = contextOf(http, httpResponse);
            request.setAttribute(ATTRIBUTE, context);
            HttpShadow shadow = HttpShadows.active();
            capture = shadow == null ? null : shadow.begin(http, httpResponse, context);
        }
        HttpServletRequest served = capture == null ? http : capture.request();
        try (RequestContext.Scope ignored = RequestContext.open(context)) {
            chain.doFilter(request.isAsyncSupported() ? new AsyncAware(served, context) : served,
                capture == null ? response : capture.response());
        }
        if (capture != null) {
            // Replayed once the application has answered (for an asynchronous request: completed).
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(capture);
            } else {
                capture.finish();
            }
        }
    }

    private RequestContext contextOf(HttpServletRequest request, HttpServletResponse response) {
        // The request's trace: the span an OpenTelemetry agent or Micrometer Tracing opened for it
        // (current here, before the application runs), else the caller's W3C traceparent.
        TraceIds trace = TraceIds.current(null);
        if (trace == null) {
            trace = TraceIds.parse(request.getHeader(TRACEPARENT));
        }
        String id = request.getHeader(header);
        if (!acceptable(id)) {
            id = trace != null ? trace.traceId() : UUID.randomUUID().toString();
        }
        response.setHeader(header, id);
        String path = pathOf(request);
        return new RequestContext(id, request.getMethod(), path, excluded(path),
            trace == null ? null : trace.traceId(), trace == null ? null : trace.spanId());
    }

    /** Servlet path and path info: the route inside the application, without its context path. */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        if (path.isEmpty()) {
            String uri = request.getRequestURI();
            String ctx = request.getContextPath();
            path = uri != null && ctx != null && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
        }
        return path == null || path.isEmpty() ? "/" : path;
    }

    private boolean excluded(String path) {
        for (String prefix : excluded) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** An id from the caller is kept when it is short printable ASCII: it goes into logs and a response header. */
    private static boolean acceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch < 0x21 || ch > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /** Hands out async contexts whose {@code start(Runnable)} tasks run inside the request's context. */
    private static final class AsyncAware extends HttpServletRequestWrapper {

        private final RequestContext context;

        AsyncAware(HttpServletRequest request, RequestContext context) {
            super(request);
            this.context = context;
        }

        @Override
        public AsyncContext startAsync() {
            return new ContextAsync(super.startAsync(), context);
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return new ContextAsync(super.startAsync(request, response), context);
        }

        @Override
        public AsyncContext getAsyncContext() {
            AsyncContext ac = super.getAsyncContext();
            return ac == null || ac instanceof ContextAsync ? ac : new ContextAsync(ac, context);
        }
    }

    /** Delegates everything; wraps started tasks so they run inside the request's context. */
    private static final class ContextAsync implements AsyncContext {

        private final AsyncContext delegate;
        private final RequestContext context;

        ContextAsync(AsyncContext delegate, RequestContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public ServletRequest getRequest() {
            return delegate.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return delegate.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return delegate.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            delegate.dispatch();
        }

        @Override
        public void dispatch(String path) {
            delegate.dispatch(path);
        }

        @Override
        public void dispatch(jakarta.servlet.ServletContext context, String path) {
            delegate.dispatch(context, path);
        }

        @Override
        public void complete() {
            delegate.complete();
        }

        @Override
        public void start(Runnable run) {
            delegate.start(() -> {
                try (RequestContext.Scope ignored = RequestContext.open(context)) {
                    run.run();
                }
            });
        }

        @Override
        public void addListener(AsyncListener listener) {
            delegate.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            delegate.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return delegate.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return delegate.getTimeout();
        }
    }
}
