package io.dualaccess.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code dualaccess} health component on Spring Boot 4 (the health API moved to
 * {@code spring-boot-health}). Always UP: B's state is in the details ({@link HealthReport}).
 */
final class Boot4HealthIndicator implements HealthIndicator {

    private final HealthReport report;

    Boot4HealthIndicator(HealthReport report) {
        this.report = report;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(report.details()).build();
    }
}
