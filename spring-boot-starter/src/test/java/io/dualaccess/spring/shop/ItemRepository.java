package io.dualaccess.spring.shop;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;

/** The shop's items, through Spring Data JDBC. */
public interface ItemRepository extends ListCrudRepository<Item, Long>, ListPagingAndSortingRepository<Item, Long> {
}
