package io.dualaccess.spring.other;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;

/** An application that makes its own DataSource bean, not a HikariCP pool. */
@SpringBootApplication
public class PlainDataSourceApplication {

    @Bean
    DataSource shopDataSource() {
        return new DriverManagerDataSource("jdbc:h2:mem:plain_a;DB_CLOSE_DELAY=-1", "sa", "");
    }
}
