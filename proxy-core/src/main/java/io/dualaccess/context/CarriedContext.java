package io.dualaccess.context;

/**
 * What work handed to another thread (a shadow read and its re-check) takes along from the
 * application's thread that made it: the {@link RequestContext} and, when the OpenTelemetry API
 * is on the class path, the OpenTelemetry context (so spans made while the work runs, such as a
 * JDBC instrumentation's spans for the shadow side's statements, join the request's trace instead
 * of starting traces of their own). Captured when the work is created, opened where it runs.
 *
 * <p>Nothing to carry costs nothing: {@link #capture()} then answers the shared {@link #NONE}.
 */
public final class CarriedContext {

    /** Nothing to carry. */
    public static final CarriedContext NONE = new CarriedContext(null, null);

    private static final Opened NOTHING_OPENED = () -> { };

    private final RequestContext request;
    private final Object openTelemetry;

    private CarriedContext(RequestContext request, Object openTelemetry) {
        this.request = request;
        this.openTelemetry = openTelemetry;
    }

    /** The contexts current on this thread. */
    public static CarriedContext capture() {
        RequestContext r = RequestContext.current();
        Object otel = OpenTelemetrySupport.PRESENT ? OpenTelemetrySupport.capture() : null;
        return r == null && otel == null ? NONE : new CarriedContext(r, otel);
    }

    /** The request the work was made for, or null. */
    public RequestContext request() {
        return request;
    }

    /**
     * Makes the carried contexts current on this thread until the returned scope is closed (on this
     * thread), which restores what was current before.
     */
    public Opened open() {
        if (this == NONE) {
            return NOTHING_OPENED;
        }
        RequestContext.Scope r = request == null ? null : RequestContext.open(request);
        AutoCloseable o = null;
        if (openTelemetry != null) {
            try {
                o = OpenTelemetrySupport.open(openTelemetry);
            } catch (RuntimeException | LinkageError e) {
                // Tracing must never stop the work; it runs without the trace.
                o = null;
            }
        }
        AutoCloseable otel = o;
        return () -> {
            try {
                if (otel != null) {
                    otel.close();
                }
            } catch (Exception ignored) {
                // closing a context scope does not fail in practice; the work is done either way
            } finally {
                if (r != null) {
                    r.close();
                }
            }
        };
    }

    /** An opened carried context; closing it restores the thread's previous contexts. */
    @FunctionalInterface
    public interface Opened extends AutoCloseable {
        @Override
        void close();
    }
}
