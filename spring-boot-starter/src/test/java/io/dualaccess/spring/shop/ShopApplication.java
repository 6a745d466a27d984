package io.dualaccess.spring.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot variant of the sample shop, as a user writes it: only the starter, Spring's own
 * JDBC and Flyway, and application.yml. dualaccess is configured by {@code dualaccess.*} keys.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
