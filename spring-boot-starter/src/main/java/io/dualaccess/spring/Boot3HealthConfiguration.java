package io.dualaccess.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot 3's health API ({@code org.springframework.boot.actuate.health}). Compiled only
 * against Boot 3.5 (the {@code boot4} build leaves it and {@link Boot3HealthIndicator} out) and
 * imported by name by {@link HealthContributors}, so the rest of the starter compiles against
 * either generation.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnProperty(name = "management.health.dualaccess.enabled", matchIfMissing = true)
class Boot3HealthConfiguration {

    @Bean
    Boot3HealthIndicator dualaccessHealthIndicator(HealthReport report) {
        return new Boot3HealthIndicator(report);
    }
}
