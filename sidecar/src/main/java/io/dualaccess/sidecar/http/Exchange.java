package io.dualaccess.sidecar.http;

import io.dualaccess.context.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * What the replay needs, copied off the request when the application has answered: the request
 * (method, path, query, forwarded headers, body) and the application's answer. Immutable; the
 * replay never touches the servlet objects.
 *
 * @param epochMillis when the application answered
 * @param route the matched route template
 * @param method the HTTP method
 * @param path the request URI inside the application (without its context path), still encoded as sent
 * @param query the raw query string, or null
 * @param headers forwarded request headers, in order (names as sent)
 * @param body the request body the application read (empty for none)
 * @param a the application's answer
 * @param request the request context (id, method, path) for the event
 */
record Exchange(long epochMillis, String route, String method, String path, String query,
                List<Map.Entry<String, String>> headers, byte[] body, Answer a, RequestContext request) {
}
