package io.dualaccess.spring;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Imports Spring Boot 3's health configuration by name when Boot 3's Actuator health API is
 * present. By name, because that class compiles only against Boot 3: a build of the starter
 * against Boot 4 ({@code -Pboot4}) leaves it out, and nothing may then refer to it.
 */
final class HealthContributors implements ImportSelector, BeanClassLoaderAware {

    static final String BOOT3_API = "org.springframework.boot.actuate.health.HealthIndicator";
    static final String BOOT3_CONFIGURATION = "io.dualaccess.spring.Boot3HealthConfiguration";

    private ClassLoader classLoader = HealthContributors.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public String[] selectImports(AnnotationMetadata importingClass) {
        if (ClassUtils.isPresent(BOOT3_API, classLoader) && ClassUtils.isPresent(BOOT3_CONFIGURATION, classLoader)) {
            return new String[] {BOOT3_CONFIGURATION};
        }
        return new String[0];
    }
}
