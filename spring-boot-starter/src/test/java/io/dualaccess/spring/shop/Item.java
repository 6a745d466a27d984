package io.dualaccess.spring.shop;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import java.math.BigDecimal;

/** One item of the shop, mapped by Spring Data JDBC. */
@Table("items")
public record Item(@Id Long id, String name, BigDecimal price) {
}
