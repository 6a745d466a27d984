package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Puts dualaccess's meters into the application's {@link MeterRegistry}: the {@code dualaccess.*}
 * meters of each runtime (unless they already reach it through Micrometer's global registry, as
 * with Spring Boot's default {@code management.metrics.use-global-registry=true}: counted once
 * either way), and dualaccess's own HikariCP pools (B's, {@code dualaccess-N-b}, and A's as the
 * shadow side, {@code dualaccess-N-a-shadow}) as {@code hikaricp.*} meters tagged with their pool
 * name, from the moment each pool is made (at start-up, or by a phase change later).
 */
final class DualAccessMeters implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(DualAccessMeters.class);

    private final DataSourceWrapper wrapper;
    private final ObjectProvider<MeterRegistry> registries;
    private MeterRegistry registry;
    private final Set<HikariDataSource> bound = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    DualAccessMeters(DataSourceWrapper wrapper, ObjectProvider<MeterRegistry> registries) {
        this.wrapper = wrapper;
        this.registries = registries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        registry = registries.getIfUnique();
        if (registry == null) {
            return;
        }
        for (DualAccessHandle h : wrapper.handles()) {
            if (!Metrics.globalRegistry.getRegistries().contains(registry)
                    && h.runtime().registry() instanceof CompositeMeterRegistry own) {
                own.add(registry);
            }
            // B's pool is made when the runtime starts or a phase change first needs B.
            h.runtime().phaseControl().addListener(change -> bindPools(h));
            if (h.aShadow() != null) {
                h.aShadow().onStart(this::bind);
            }
            try {
                h.start();
            } catch (Exception e) {
                // the wrapper reports it; meters are not worth failing for
                LOG.debug("dualaccess: runtime {} not started yet: {}", h.runtime().name(), e.toString());
            }
            bindPools(h);
        }
    }

    private void bindPools(DualAccessHandle h) {
        h.pools().forEach(this::bind);
    }

    private void bind(HikariDataSource pool) {
        if (!bound.add(pool)) {
            return;
        }
        try {
            pool.setMetricRegistry(registry);
        } catch (IllegalStateException e) {
            LOG.debug("dualaccess: pool {} already has a meter registry: {}", pool.getPoolName(), e.getMessage());
        }
    }
}
