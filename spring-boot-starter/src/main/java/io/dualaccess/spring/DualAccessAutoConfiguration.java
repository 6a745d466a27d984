package io.dualaccess.spring;

import io.dualaccess.config.ConfigKey;
import io.dualaccess.sidecar.DualAccessFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.List;

/**
 * Spring Boot auto-configuration of dualaccess (Boot 3.5 and 4.0), active when
 * {@code dualaccess.b.url} is set or {@code dualaccess.enabled=true}: wraps the application's
 * DataSource ({@link DataSourceWrapper}), adds the {@code dualaccess} health component and
 * Actuator endpoint when Actuator is present, registers dualaccess's meters and pools with the
 * application's registry, and the request filter for servlet applications. See
 * {@code docs/spring-boot-and-hikari.md}.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
@Conditional(OnDualAccessConfigured.class)
public class DualAccessAutoConfiguration {

    /** Static: a post-processor must exist before the beans it post-processes. */
    @Bean
    static DataSourceWrapper dualAccessDataSourceWrapper() {
        return new DataSourceWrapper();
    }

    @Bean
    @ConditionalOnClass(MeterRegistry.class)
    DualAccessMeters dualAccessMeters(DataSourceWrapper wrapper, ObjectProvider<MeterRegistry> registry) {
        return new DualAccessMeters(wrapper, registry);
    }

    /** Shared by both generations' health components. */
    @Bean
    @ConditionalOnProperty(name = "management.health.dualaccess.enabled", matchIfMissing = true)
    HealthReport dualAccessHealthReport(DataSourceWrapper wrapper) {
        return new HealthReport(wrapper);
    }

    /**
     * The health component of the Boot generation present, imported by name
     * ({@link HealthContributors}): Spring Boot 3's lives in {@code Boot3HealthConfiguration},
     * which only compiles against Boot 3's Actuator, so nothing here names it.
     */
    @Configuration(proxyBeanMethods = false)
    @Import(HealthContributors.class)
    static class Health {
    }

    /** Spring Boot 4's health API (module spring-boot-health). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.dualaccess.enabled", matchIfMissing = true)
    static class Boot4Health {
        @Bean
        Boot4HealthIndicator dualaccessHealthIndicator(HealthReport report) {
            return new Boot4HealthIndicator(report);
        }
    }

    /** The {@code dualaccess} endpoint (exposed like any other: {@code management.endpoints.web.exposure.include}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Endpoint {
        @Bean
        DualAccessEndpoint dualAccessEndpoint(DataSourceWrapper wrapper) {
            return new DualAccessEndpoint(wrapper);
        }

        /** Without Spring Security, the admin token authenticates phase changes. */
        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @ConditionalOnMissingClass("org.springframework.security.core.Authentication")
        FilterRegistrationBean<AdminTokenFilter> dualAccessAdminTokenFilter(Environment env) {
            String base = env.getProperty("management.endpoints.web.base-path", "/actuator");
            FilterRegistrationBean<AdminTokenFilter> bean =
                new FilterRegistrationBean<>(new AdminTokenFilter(env.getProperty(ConfigKey.ADMIN_TOKEN.key())));
            bean.addUrlPatterns(base + "/dualaccess", base + "/dualaccess/*");
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return bean;
        }
    }

    /** The sidecar's request filter, so every event names its HTTP request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "io.dualaccess.sidecar.DualAccessFilter")
    @ConditionalOnProperty(name = "dualaccess.filter.enabled", matchIfMissing = true)
    static class RequestFilter {
        @Bean
        FilterRegistrationBean<DualAccessFilter> dualAccessFilter(Environment env) {
            Binder binder = Binder.get(env);
            String header = binder.bind(StarterKey.FILTER_REQUEST_ID_HEADER.key(), String.class).orElse("X-Request-Id");
            List<String> excluded = binder.bind(StarterKey.FILTER_EXCLUDED_PATHS.key(), Bindable.listOf(String.class))
                .orElse(List.of(env.getProperty("management.endpoints.web.base-path", "/actuator") + "/"));
            FilterRegistrationBean<DualAccessFilter> bean = new FilterRegistrationBean<>(new DualAccessFilter(header, excluded));
            bean.addUrlPatterns("/*");
            bean.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            bean.setAsyncSupported(true);
            // before anything that queries
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return bean;
        }
    }
}
