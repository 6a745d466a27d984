/**
 * HTTP shadowing ({@code dualaccess.http.*}, {@code docs/http-shadowing.md}): the filter's capture
 * of a request and its response ({@link io.dualaccess.sidecar.http.Capture}), the replay to the
 * candidate and primary twin with Jetty's client, the structural comparison of the answers with
 * learned noise, and the {@code kind: http} events. {@link io.dualaccess.sidecar.http.HttpShadowExtension}
 * starts it with a runtime; {@code DualAccessFilter} finds it through
 * {@link io.dualaccess.sidecar.http.HttpShadows}.
 */
package io.dualaccess.sidecar.http;
