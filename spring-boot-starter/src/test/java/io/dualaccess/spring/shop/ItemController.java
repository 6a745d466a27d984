package io.dualaccess.spring.shop;

import org.slf4j.MDC;
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

    /** What the application's log lines would carry: the MDC as the request is served. */
    @GetMapping("/mdc")
    public Map<String, String> mdc() {
        String id = MDC.get("request_id");
        return Map.of("request_id", id == null ? "" : id);
    }
}
