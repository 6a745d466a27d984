package io.dualaccess.sidecar.http;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.runtime.RuntimeExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Starts {@link HttpShadow} for runtimes whose configuration sets {@code dualaccess.http.candidate}
 * and makes it the one {@code DualAccessFilter} uses. Events go to the runtime's comparison log;
 * meters to its registry. Registered in {@code META-INF/services/io.dualaccess.runtime.RuntimeExtension}.
 */
public final class HttpShadowExtension implements RuntimeExtension {

    private static final Logger LOG = LoggerFactory.getLogger(HttpShadowExtension.class);

    /** Called by {@link java.util.ServiceLoader}. */
    public HttpShadowExtension() {
    }

    @Override
    public ConfigKey enabledBy() {
        return ConfigKey.HTTP_CANDIDATE;
    }

    @Override
    public AutoCloseable start(DualAccessRuntime runtime) throws InvalidConfigurationException {
        ShadowSettings settings = ShadowSettings.of(runtime.config());
        EventLog log = runtime.eventLog();
        EventValues values = new EventValues(ValueRenderer.of(runtime.config().text(ConfigKey.LOG_VALUES)), settings.mask());
        HttpEvents events = new HttpEvents(() -> runtime.phaseControl().current().phaseName(), values);
        Replayer replayer = new Replayer(settings, runtime.name() + "-http");
        try {
            replayer.start();
        } catch (Exception e) {
            throw new InvalidConfigurationException("dualaccess: cannot start the HTTP shadowing client for "
                + ConfigKey.HTTP_CANDIDATE.key() + ": " + Replayer.message(e), e);
        }
        RouteMeters meters = new RouteMeters(runtime.registry(), runtime.name());
        HttpShadow shadow = new HttpShadow(settings, replayer, events, e -> {
            meters.count(e.fingerprint().substring(e.fingerprint().indexOf(' ') + 1), e);
            log.publish(e);
        }, breaker(runtime, settings), runtime.name() + "-http");
        bind(runtime.registry(), runtime.name(), shadow);
        HttpShadow before = HttpShadows.activate(shadow);
        if (before != null) {
            LOG.warn("dualaccess: {} replaces an earlier runtime's HTTP shadowing: DualAccessFilter uses one per process", runtime.name());
        }
        LOG.info("{}: HTTP shadowing of {} to {}{} (methods {}, sample rate {})", runtime.name(), settings.routes().templates(),
            settings.candidate(), settings.twin() == null ? "" : ", primary twin " + settings.twin(), settings.methods(),
            settings.sampleRate());
        // Returned as itself, so the admin server finds it (DualAccessRuntime.extension) for its route view.
        return shadow;
    }

    /** The breaker follows the {@code dualaccess.breaker.*} keys, as the mirror's does. */
    private static CircuitBreaker breaker(DualAccessRuntime runtime, ShadowSettings settings) {
        int window = runtime.config().integer(ConfigKey.BREAKER_WINDOW);
        float rate = (float) runtime.config().number(ConfigKey.BREAKER_FAILURE_RATE);
        CircuitBreakerConfig bc = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(window)
            .minimumNumberOfCalls(Math.min(window, 5))
            .failureRateThreshold(rate)
            .slowCallDurationThreshold(settings.timeout())
            .slowCallRateThreshold(rate)
            .waitDurationInOpenState(runtime.config().duration(ConfigKey.BREAKER_OPEN_DURATION))
            .permittedNumberOfCallsInHalfOpenState(3)
            .build();
        CircuitBreaker b = CircuitBreaker.of("dualaccess-http", bc);
        b.getEventPublisher().onStateTransition(e ->
            LOG.warn("dualaccess HTTP shadowing circuit breaker: {} (requests are not replayed to the candidate while open)",
                e.getStateTransition()));
        return b;
    }

    private static void bind(MeterRegistry registry, String runtime, HttpShadow shadow) {
        FunctionCounter.builder("dualaccess.http.dropped", shadow, HttpShadow::dropped)
            .description("HTTP requests not replayed because the shadowing queue was full").tag("runtime", runtime).register(registry);
        Gauge.builder("dualaccess.http.queue", shadow, HttpShadow::depth)
            .description("captured HTTP requests waiting to be replayed").tag("runtime", runtime).register(registry);
        Gauge.builder("dualaccess.http.breaker.state", shadow, s -> switch (s.breaker().getState()) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        }).description("0 closed, 1 open, 2 half-open").tag("runtime", runtime).register(registry);
    }
}
