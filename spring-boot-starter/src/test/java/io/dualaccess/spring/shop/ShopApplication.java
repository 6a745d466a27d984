package io.dualaccess.spring.shop;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * The Spring Boot variant of the sample shop, as a user writes it: only the starter, Spring Data
 * JDBC and Flyway, and application.yml. dualaccess is configured by {@code dualaccess.*} keys.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    /**
     * Unquoted identifiers: Spring Data JDBC quotes them in the dialect of A (upper case for H2),
     * which another engine as B (PostgreSQL folds to lower case) would not find.
     */
    @Bean
    static BeanPostProcessor unquotedIdentifiers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RelationalMappingContext context) {
                    context.setForceQuote(false);
                }
                return bean;
            }
        };
    }
}
