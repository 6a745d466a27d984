package io.dualaccess.sidecar.http;

import io.dualaccess.context.RequestContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shadowed request while the application serves it: the wrappers that copy the request body
 * (for methods with one) and the response, and the hand-off once the application has answered.
 * {@link #finish()} runs on the request thread (or the container's, for asynchronous requests)
 * and only copies and offers; everything else happens on the shadowing threads.
 */
public final class Capture implements AsyncListener {

    private final HttpShadow shadow;
    private final HttpServletRequest original;
    private final RequestCapture request;
    private final ResponseCapture response;
    private final RequestContext context;
    private final String route;
    /** The application's response itself when nothing is copied (a request that will not be replayed). */
    private final HttpServletResponse plain;
    private final long start = System.nanoTime();
    private boolean finished;

    Capture(HttpShadow shadow, HttpServletRequest request, HttpServletResponse response, RequestContext context, String route,
            boolean body, int cap) {
        this.shadow = shadow;
        this.context = context;
        this.original = request;
        this.request = body ? new RequestCapture(request, cap) : null;
        this.response = new ResponseCapture(response, cap);
        this.plain = null;
        this.route = route;
    }

    /** A request on a route that will not be replayed (the breaker is open): nothing is wrapped or copied. */
    private Capture(HttpShadow shadow, HttpServletRequest request, HttpServletResponse response, RequestContext context,
                    String route) {
        this.shadow = shadow;
        this.context = context;
        this.original = request;
        this.request = null;
        this.response = null;
        this.plain = response;
        this.route = route;
    }

    /**
     * A capture that only notes the request as skipped when the application has answered: the
     * breaker is open, so there is nothing to replay and nothing of the answer to copy.
     */
    static Capture notReplayed(HttpShadow shadow, HttpServletRequest request, HttpServletResponse response,
                               RequestContext context, String route) {
        return new Capture(shadow, request, response, context, route);
    }

    /** The request to give the application (the same one unless its body is copied). */
    public HttpServletRequest request() {
        return request == null ? original : request;
    }

    /** The response to give the application (the same one when nothing is copied). */
    public HttpServletResponse response() {
        return response == null ? plain : response;
    }

    /**
     * The application has answered: copies what the replay needs and offers it. For an
     * asynchronous request, call it when the request completes (this is also its
     * {@link AsyncListener}).
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long nanos = System.nanoTime() - start;
        if (response == null) {
            // Counted, on this thread: no copy to hand over, and no other thread to wake for it.
            Answer a = new Answer(plain.getStatus(), Map.of(), plain.getContentType(), new byte[0], false, nanos, null, false);
            shadow.skip(new Exchange(System.currentTimeMillis(), route, original.getMethod(), pathOf(original),
                original.getQueryString(), List.of(), new byte[0], a, context), "breaker_open");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : shadow.comparedHeaders()) {
            String v = response.getHeader(name);
            if (v != null) {
                headers.put(name, v);
            }
        }
        Answer a = new Answer(response.getStatus(), headers, response.getContentType(),
            response.over() ? new byte[0] : response.body(), response.over(), nanos, null, false);
        List<Map.Entry<String, String>> forwarded = new ArrayList<>();
        for (String name : Collections.list(original.getHeaderNames())) {
            if (shadow.forwards(name)) {
                for (String v : Collections.list(original.getHeaders(name))) {
                    forwarded.add(new AbstractMap.SimpleImmutableEntry<>(name, v));
                }
            }
        }
        byte[] body = request == null ? new byte[0] : request.body();
        Exchange e = new Exchange(System.currentTimeMillis(), route, original.getMethod(), pathOf(original),
            original.getQueryString(), List.copyOf(forwarded), body, a, context);
        if (request != null && request.over()) {
            shadow.skip(e, "body_over_cap");
        } else if (request != null && original.getContentLengthLong() > request.bytesRead()) {
            shadow.skip(e, "request_body_unread");
        } else {
            shadow.submit(e);
        }
    }

    /** The request URI inside the application (without its context path), still encoded as sent. */
    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String ctx = request.getContextPath();
        return ctx != null && !ctx.isEmpty() && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finish();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // completes afterwards (onComplete) or not at all: nothing to compare yet
    }

    @Override
    public void onError(AsyncEvent event) {
        // an application error is its answer; onComplete follows
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}
