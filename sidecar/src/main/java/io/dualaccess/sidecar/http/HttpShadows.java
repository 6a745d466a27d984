package io.dualaccess.sidecar.http;

/**
 * Where {@code DualAccessFilter} finds the shadowing of the runtime that configured it: the
 * filter is made by the servlet container, the runtime by the first connection, and neither knows
 * the other. One per process (the last started wins, with a warning); none until a runtime with
 * {@code dualaccess.http.candidate} has started, so requests before the first connection are not
 * shadowed.
 */
public final class HttpShadows {

    private static volatile HttpShadow active;

    private HttpShadows() {
    }

    /** The shadowing in force, or null. */
    public static HttpShadow active() {
        return active;
    }

    static synchronized HttpShadow activate(HttpShadow shadow) {
        HttpShadow before = active;
        active = shadow;
        return before;
    }

    static synchronized void deactivate(HttpShadow shadow) {
        if (active == shadow) {
            active = null;
        }
    }
}
