package io.dualaccess.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when dualaccess is configured: {@code dualaccess.enabled=true}, or {@code dualaccess.b.url} set and not switched off. */
final class OnDualAccessConfigured extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return EnvironmentConfig.enabled(context.getEnvironment())
            ? ConditionOutcome.match("dualaccess.b.url is set or dualaccess.enabled=true")
            : ConditionOutcome.noMatch("neither dualaccess.b.url nor dualaccess.enabled=true is set (or dualaccess.enabled=false)");
    }
}
