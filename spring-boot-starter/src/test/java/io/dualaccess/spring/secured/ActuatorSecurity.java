package io.dualaccess.spring.secured;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * How an application secures Actuator with Spring Security, as Spring Boot's documentation shows
 * it: every endpoint needs an authenticated caller (HTTP Basic, the user from
 * {@code spring.security.user.*}); CSRF off for this machine-to-machine API, so a POST is judged
 * by who makes it.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {

    @Bean
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
            .authorizeHttpRequests(a -> a.anyRequest().authenticated())
            .httpBasic(Customizer.withDefaults())
            .csrf(c -> c.disable())
            .build();
    }
}
