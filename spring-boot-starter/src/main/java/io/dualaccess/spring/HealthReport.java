package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.config.Masking;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.shadow.ShadowReads;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The health details of dualaccess, for both Spring Boot generations' health APIs: the phase,
 * whether B answers, the breaker's state, the shadow queue. It never says DOWN: the application's
 * health is A's (Spring's own {@code db} check); B being down is reported in the details and in
 * {@code b.status}, never by failing a probe that would restart the application.
 *
 * <p>B is checked on a daemon thread at most every {@link #PROBE_INTERVAL}; a health request
 * waits at most {@link #WAIT} for a fresh answer and otherwise shows the last one, so a B that
 * hangs never makes a health probe slow.
 */
public final class HealthReport implements AutoCloseable {

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    static final Duration WAIT = Duration.ofSeconds(1);

    private final DataSourceWrapper wrapper;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dualaccess-health-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Probe> probes = new java.util.concurrent.ConcurrentHashMap<>();

    private record Probe(Instant at, CompletableFuture<Map<String, Object>> result) {
    }

    /** @param wrapper what the starter wrapped */
    public HealthReport(DataSourceWrapper wrapper) {
        this.wrapper = wrapper;
    }

    /** Details for every wrapped data source: flat for one, by bean name for several. */
    public Map<String, Object> details() {
        List<DualAccessHandle> handles = wrapper.handles();
        if (handles.isEmpty()) {
            return Map.of("data_source", "none wrapped");
        }
        if (handles.size() == 1) {
            return details(handles.get(0));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (DualAccessHandle h : handles) {
            out.put(h.beanName(), details(h));
        }
        return out;
    }

    private Map<String, Object> details(DualAccessHandle h) {
        DualAccessRuntime rt = h.runtime();
        PhaseSnapshot s = rt.phaseControl().current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", rt.name());
        out.put("phase", s.phaseName());
        out.put("reads", s.reads().configValue());
        out.put("writes", s.writes().configValue());
        out.put("authoritative", s.bAuthoritative() ? "b" : "a");
        out.put("b", b(h));
        Mirror m = rt.mirror();
        out.put("breaker", m == null ? "inactive" : m.breaker().getState().name().toLowerCase(Locale.ROOT));
        ShadowReads reads = rt.shadowReads();
        if (reads != null) {
            out.put("shadow_queue", reads.depth());
        }
        return out;
    }

    private Map<String, Object> b(DualAccessHandle h) {
        DualAccessRuntime rt = h.runtime();
        if (rt.config().bUrl() == null) {
            return Map.of("status", "not configured");
        }
        Probe p = probes.compute(h.beanName(), (k, old) -> old == null || old.at().plus(PROBE_INTERVAL).isBefore(Instant.now())
            ? new Probe(Instant.now(), CompletableFuture.supplyAsync(() -> probe(rt), prober)) : old);
        Map<String, Object> out;
        try {
            out = new LinkedHashMap<>(p.result().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            out = new LinkedHashMap<>();
            out.put("status", "unknown");
            out.put("error", "B did not answer within " + WAIT.toMillis() + " ms");
        }
        out.put("url", Masking.url(rt.config().bUrl()));
        out.put("checked_at", p.at().toString());
        HikariDataSource pool = rt.bPool();
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            out.put("pool_active", pool.getHikariPoolMXBean().getActiveConnections());
            out.put("pool_total", pool.getHikariPoolMXBean().getTotalConnections());
            out.put("pool_waiting", pool.getHikariPoolMXBean().getThreadsAwaitingConnection());
        }
        HikariDataSource readPool = rt.bReadPool();
        if (readPool != null && readPool.getHikariPoolMXBean() != null) {
            // Where shadow reads replay on B (its sessions read-only): as many connections more as shadow workers.
            out.put("read_pool_active", readPool.getHikariPoolMXBean().getActiveConnections());
            out.put("read_pool_total", readPool.getHikariPoolMXBean().getTotalConnections());
            out.put("read_pool_waiting", readPool.getHikariPoolMXBean().getThreadsAwaitingConnection());
        }
        return out;
    }

    /** One connection to B through its pool (bounded by the pool's timeout), or directly before the pool exists. */
    private static Map<String, Object> probe(DualAccessRuntime rt) {
        Map<String, Object> out = new LinkedHashMap<>();
        HikariDataSource pool = rt.bPool();
        try (Connection c = pool != null ? pool.getConnection() : rt.openB()) {
            out.put("status", c.isValid(1) ? "up" : "down");
        } catch (Exception e) {
            out.put("status", "down");
            out.put("error", Masking.url(rootMessage(e)));
        }
        return out;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
