package io.dualaccess.spring.shop;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The shop's items: a write (insert with a generated key) and a read, plain JdbcTemplate. */
@RestController
public class ItemController {

    private final JdbcTemplate jdbc;

    public ItemController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/items")
    @Transactional
    public Map<String, Object> add(@RequestParam String name, @RequestParam BigDecimal price) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into items (name, price) values (?, ?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, name);
            ps.setBigDecimal(2, price);
            return ps;
        }, keys);
        return Map.of("id", keys.getKey().longValue());
    }

    @GetMapping("/items")
    public List<Map<String, Object>> list() {
        return jdbc.queryForList("select id, name, price from items order by id");
    }
}
