package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Puts dualaccess under the application's DataSource bean as it is made.
 *
 * <p>A HikariCP pool not yet started (Spring Boot's own, from {@code spring.datasource.*}) keeps
 * being the bean: dualaccess goes <em>beneath</em> it ({@code setDataSource}), so HikariCP pools
 * dualaccess's connections and everything Spring knows about the pool (its {@code hikaricp.*}
 * meters, health, {@code unwrap}, Flyway, Liquibase, {@code spring.datasource.hikari.*}) works as
 * before. A's shadow connections then come from a small pool of dualaccess's own. Any other
 * DataSource is wrapped from outside ({@link DualAccessDataSource} around it; {@code unwrap} still
 * reaches it).
 *
 * <p>With several DataSource beans, the one named by {@code dualaccess.data-source} is wrapped,
 * else the {@code @Primary} one.
 */
public final class DataSourceWrapper implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware,
        SmartInitializingSingleton, DisposableBean, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(DataSourceWrapper.class);

    private final List<DualAccessHandle> handles = new CopyOnWriteArrayList<>();
    private ConfigurableListableBeanFactory beanFactory;
    private Environment environment;
    private DualAccessConfig config;
    private String target;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory f ? f : null;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** After Spring's own post-processors, so {@code spring.datasource.hikari.*} is bound when we look. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    /** The DataSource beans wrapped so far (one, unless the application has several and named them). */
    public List<DualAccessHandle> handles() {
        return List.copyOf(handles);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof DataSource ds) || bean instanceof DualAccessDataSource || !beanName.equals(target())) {
            return bean;
        }
        DualAccessConfig c = config();
        RecentEvents recent = new RecentEvents(100);
        if (bean instanceof HikariDataSource h && !h.isRunning() && !h.isClosed() && h.getDataSource() == null
                && h.getDataSourceClassName() == null && h.getJdbcUrl() != null) {
            if (h.getJdbcUrl().startsWith("jdbc:dualaccess:")) {
                throw new BeanInitializationException("dualaccess: DataSource bean '" + beanName + "' already has a jdbc:dualaccess: URL"
                    + " and the starter is configured too (dualaccess.* in the Spring environment): with the starter, give"
                    + " spring.datasource.url A's own URL (and drop driver-class-name), or set dualaccess.enabled=false to keep the URL route");
            }
            Properties vendor = vendorProperties(h.getDataSourceProperties());
            DataSource a = new DriverDataSource(h.getJdbcUrl(), h.getDriverClassName(), vendor, h.getUsername(), h.getPassword());
            AShadowPool aShadow = new AShadowPool("dualaccess-a-shadow-" + beanName, h.getJdbcUrl(), h.getDriverClassName(),
                h.getUsername(), h.getPassword(), vendor, c);
            DualAccessDataSource dual = new DualAccessDataSource(a, aShadow, c);
            aShadow.name(dual.runtime().name() + "-a-shadow");
            dual.runtime().addEventListener(recent);
            h.setDataSource(dual);
            handles.add(new DualAccessHandle(beanName, dual, aShadow, recent));
            LOG.info("dualaccess: HikariCP pool '{}' (bean {}) now pools connections through {} (phase {}, from {})",
                h.getPoolName(), beanName, dual.runtime().name(), c.phase(), c.origin(ConfigKey.PHASE));
            return h;
        }
        DualAccessDataSource dual = new DualAccessDataSource(ds, c);
        dual.runtime().addEventListener(recent);
        handles.add(new DualAccessHandle(beanName, dual, null, recent));
        LOG.info("dualaccess: DataSource bean {} ({}) is wrapped by {} (phase {}, from {})", beanName, bean.getClass().getName(),
            dual.runtime().name(), c.phase(), c.origin(ConfigKey.PHASE));
        return dual;
    }

    /** A's driver gets its own properties; {@code dualaccess.*} entries belong to the URL route and are left out. */
    private static Properties vendorProperties(Properties all) {
        Properties out = new Properties();
        for (String name : all.stringPropertyNames()) {
            if (!name.startsWith(ConfigKey.PREFIX)) {
                out.setProperty(name, all.getProperty(name));
            }
        }
        return out;
    }

    private synchronized DualAccessConfig config() {
        if (config == null) {
            try {
                config = EnvironmentConfig.bind(environment);
            } catch (InvalidConfigurationException e) {
                throw new BeanInitializationException(e.getMessage(), e);
            }
        }
        return config;
    }

    /** The bean to wrap: {@code dualaccess.data-source}, the only DataSource, or the {@code @Primary} one. */
    private synchronized String target() {
        if (target != null) {
            return target;
        }
        String named = environment.getProperty(StarterKey.DATA_SOURCE.key());
        if (named != null && !named.isBlank()) {
            target = named.trim();
            return target;
        }
        if (beanFactory == null) {
            target = "dataSource";
            return target;
        }
        String[] names = beanFactory.getBeanNamesForType(DataSource.class, true, false);
        if (names.length == 1) {
            target = names[0];
            return target;
        }
        List<String> primary = new ArrayList<>();
        for (String n : names) {
            if (beanFactory.containsBeanDefinition(n) && beanFactory.getBeanDefinition(n).isPrimary()) {
                primary.add(n);
            }
        }
        if (primary.size() != 1) {
            throw new BeanInitializationException("dualaccess: the application has " + names.length + " DataSource beans "
                + Arrays.toString(names) + " and " + (primary.isEmpty() ? "none" : "several") + " is @Primary: set "
                + StarterKey.DATA_SOURCE.key() + " to the name of the one dualaccess should wrap");
        }
        target = primary.get(0);
        return target;
    }

    /** Starts each runtime once the application is up, so a configuration B cannot serve fails at start-up, not at the first request. */
    @Override
    public void afterSingletonsInstantiated() {
        if (environment != null && handles.isEmpty() && beanFactory != null
                && beanFactory.getBeanNamesForType(DataSource.class, true, false).length > 0) {
            LOG.warn("dualaccess: configured, but DataSource bean '{}' was not made; nothing is wrapped", target);
        }
        for (DualAccessHandle h : handles) {
            try {
                h.start();
            } catch (InvalidConfigurationException e) {
                throw new BeanInitializationException(e.getMessage(), e);
            }
        }
    }

    /** Closes each runtime (B's pool, workers, logs) and the A-as-shadow pools, after the application's pools. */
    @Override
    public void destroy() {
        for (DualAccessHandle h : handles) {
            h.dataSource().close();
            if (h.aShadow() != null) {
                h.aShadow().close();
            }
        }
        handles.clear();
    }
}
