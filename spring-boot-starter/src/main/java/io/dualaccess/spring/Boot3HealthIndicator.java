package io.dualaccess.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code dualaccess} health component on Spring Boot 3 (Actuator's health API). Always UP:
 * B's state is in the details ({@link HealthReport}).
 */
final class Boot3HealthIndicator implements HealthIndicator {

    private final HealthReport report;

    Boot3HealthIndicator(HealthReport report) {
        this.report = report;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(report.details()).build();
    }
}
