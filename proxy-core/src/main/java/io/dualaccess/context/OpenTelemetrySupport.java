package io.dualaccess.context;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The only class that names the OpenTelemetry API, an optional dependency: used when
 * {@link #PRESENT}, never loaded otherwise.
 */
final class OpenTelemetrySupport {

    /** Whether the OpenTelemetry API (trace and context) is on the class path. */
    static final boolean PRESENT = present("io.opentelemetry.context.Context") && present("io.opentelemetry.api.trace.Span");

    private OpenTelemetrySupport() {
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, OpenTelemetrySupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** The ids of the span current on this thread, or null when none is valid. */
    static TraceIds currentSpan() {
        SpanContext s = Span.current().getSpanContext();
        return s.isValid() ? new TraceIds(s.getTraceId(), s.getSpanId()) : null;
    }

    /** The OpenTelemetry context current on this thread, or null when it is the root (nothing to carry). */
    static Object capture() {
        Context c = Context.current();
        return c == Context.root() ? null : c;
    }

    /** Makes a captured context current until the returned scope is closed. */
    static AutoCloseable open(Object captured) {
        Scope s = ((Context) captured).makeCurrent();
        return s::close;
    }
}
