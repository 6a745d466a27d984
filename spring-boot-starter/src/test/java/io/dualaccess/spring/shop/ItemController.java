package io.dualaccess.spring.shop;

import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The shop's items: a write (insert with a generated key) and a read, through Spring Data JDBC. */
@RestController
public class ItemController {

    private final ItemRepository items;

    public ItemController(ItemRepository items) {
        this.items = items;
    }

    @PostMapping("/items")
    public Map<String, Object> add(@RequestParam String name, @RequestParam BigDecimal price) {
        return Map.of("id", items.save(new Item(null, name, price)).id());
    }

    @GetMapping("/items")
    public List<Item> list() {
        return items.findAll(Sort.by("id"));
    }
}
