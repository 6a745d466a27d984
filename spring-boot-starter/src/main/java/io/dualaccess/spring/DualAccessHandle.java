package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.runtime.DualAccessRuntime;

import java.util.ArrayList;
import java.util.List;

/**
 * One application DataSource bean the starter wrapped: its {@link DualAccessDataSource} (and so its
 * runtime), dualaccess's own A-as-shadow pool when it made one, and the recent notable events the
 * Actuator endpoint shows.
 *
 * @param beanName the DataSource bean's name
 * @param dataSource dualaccess around A
 * @param aShadow the A-as-shadow pool, or null when A's shadow connections come from the bean itself
 * @param recent recent mismatches and failures, bounded
 */
public record DualAccessHandle(String beanName, DualAccessDataSource dataSource, AShadowPool aShadow, RecentEvents recent) {

    /** The runtime behind the wrapped bean. */
    public DualAccessRuntime runtime() {
        return dataSource.runtime();
    }

    /** Starts the runtime (B's pool, the phase's machinery) if no connection has yet. Idempotent. */
    public void start() throws InvalidConfigurationException {
        dataSource.runtime().start();
    }

    /** dualaccess's own pools that exist now: B's, B's read pool (shadow reads), and A's as the shadow side. */
    public List<HikariDataSource> pools() {
        List<HikariDataSource> out = new ArrayList<>(3);
        HikariDataSource b = runtime().bPool();
        if (b != null) {
            out.add(b);
        }
        HikariDataSource bRead = runtime().bReadPool();
        if (bRead != null) {
            out.add(bRead);
        }
        HikariDataSource a = aShadow == null ? null : aShadow.pool();
        if (a != null) {
            out.add(a);
        }
        return out;
    }
}
