package io.dualaccess.sample;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's data access: plain JDBC on the application's pool. Nothing here knows about
 * dualaccess; that is the point of the sample. Every query is portable across H2, PostgreSQL and
 * MariaDB because dualaccess replays it on B, which may be another engine.
 */
public final class Shop {

    /** A request the shop refuses (unknown id, bad input): answered 404 or 400. */
    public static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** A request that conflicts with the data (not enough stock, order already cancelled): answered 409. */
    public static final class Conflict extends Exception {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message);
        }
    }

    /** One line of an order to place. */
    public record Item(long productId, int quantity) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * @param dataSource the application's pool
     * @param clock the time orders and customers are stamped with (fixed in tests)
     */
    public Shop(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** All products, by id. */
    public List<Map<String, Object>> products() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, sku, name, price, stock FROM products ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                out.add(product(rs));
            }
            return out;
        }
    }

    /** One product. */
    public Map<String, Object> product(long id) throws SQLException, NotFound {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, sku, name, price, stock FROM products WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return single(rs, Shop::product, "no product " + id);
            }
        }
    }

    private static Map<String, Object> product(ResultSet rs) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", rs.getLong("id"));
        p.put("sku", rs.getString("sku"));
        p.put("name", rs.getString("name"));
        p.put("price", rs.getBigDecimal("price"));
        p.put("stock", rs.getInt("stock"));
        return p;
    }

    /** Adds stock to a product; returns the product. */
    public Map<String, Object> restock(long productId, int quantity) throws SQLException, NotFound {
        if (quantity <= 0) {
            throw new NotFound("quantity must be positive, was " + quantity);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = stock + ? WHERE id = ?")) {
            ps.setInt(1, quantity);
            ps.setLong(2, productId);
            if (ps.executeUpdate() == 0) {
                throw new NotFound("no product " + productId);
            }
        }
        return product(productId);
    }

    /** A page of customers, by id. */
    public List<Map<String, Object>> customers(int offset, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT id, name, email, created_at FROM customers ORDER BY id LIMIT ? OFFSET ?")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(customer(rs));
                }
                return out;
            }
        }
    }

    /** One customer, with the number of orders and what they spent. */
    public Map<String, Object> customer(long id) throws SQLException, NotFound {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT c.id, c.name, c.email, c.created_at, COUNT(o.id) AS orders, COALESCE(SUM(o.total), 0) AS spent"
                     + " FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'placed'"
                     + " WHERE c.id = ? GROUP BY c.id, c.name, c.email, c.created_at")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return single(rs, r -> {
                    Map<String, Object> out = customer(r);
                    out.put("orders", r.getLong("orders"));
                    out.put("spent", r.getBigDecimal("spent"));
                    return out;
                }, "no customer " + id);
            }
        }
    }

    private static Map<String, Object> customer(ResultSet rs) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", rs.getLong("id"));
        out.put("name", rs.getString("name"));
        out.put("email", rs.getString("email"));
        out.put("created_at", iso(rs.getObject("created_at", LocalDateTime.class)));
        return out;
    }

    /** Registers a customer; the id comes from the database (an identity column). */
    public Map<String, Object> createCustomer(String name, String email) throws SQLException, NotFound, Conflict {
        if (name == null || name.isBlank() || email == null || !email.contains("@")) {
            throw new NotFound("a customer needs a name and an e-mail address");
        }
        long id;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement check = c.prepareStatement("SELECT id FROM customers WHERE email = ?")) {
                check.setString(1, email);
                try (ResultSet rs = check.executeQuery()) {
                    if (optional(rs, r -> r.getLong(1)) != null) {
                        throw new Conflict("e-mail address already registered: " + email);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name.trim());
                ps.setString(2, email.trim());
                ps.setObject(3, now());
                ps.executeUpdate();
                id = generatedId(ps);
            }
        }
        return customer(id);
    }

    /**
     * Places an order in one transaction: the order, its lines at today's prices, and the stock
     * taken (a conditional update, so two buyers never take the same last item).
     */
    public Map<String, Object> placeOrder(long customerId, List<Item> items) throws SQLException, NotFound, Conflict {
        if (items.isEmpty()) {
            throw new NotFound("an order needs at least one item");
        }
        long orderId;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customers WHERE id = ?")) {
                    ps.setLong(1, customerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        single(rs, r -> r.getLong(1), "no customer " + customerId);
                    }
                }
                List<BigDecimal> prices = new ArrayList<>();
                BigDecimal total = BigDecimal.ZERO;
                try (PreparedStatement ps = c.prepareStatement("SELECT price FROM products WHERE id = ?")) {
                    for (Item item : items) {
                        if (item.quantity() <= 0) {
                            throw new NotFound("quantity must be positive, was " + item.quantity());
                        }
                        ps.setLong(1, item.productId());
                        try (ResultSet rs = ps.executeQuery()) {
                            BigDecimal price = single(rs, r -> r.getBigDecimal(1), "no product " + item.productId());
                            prices.add(price);
                            total = total.add(price.multiply(BigDecimal.valueOf(item.quantity())));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO orders (customer_id, status, placed_at, total) VALUES (?, 'placed', ?, ?)",
                         Statement.RETURN_GENERATED_KEYS)) {
                    ps.setLong(1, customerId);
                    // The time is a parameter, not CURRENT_TIMESTAMP: a mirrored write must store the same value on B.
                    ps.setObject(2, now());
                    ps.setBigDecimal(3, total);
                    ps.executeUpdate();
                    orderId = generatedId(ps);
                }
                try (PreparedStatement line = c.prepareStatement(
                         "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)");
                     PreparedStatement stock = c.prepareStatement(
                         "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?")) {
                    // Stock rows are taken in product order, so two orders sharing products cannot
                    // lock them in opposite orders and deadlock; the lines keep the order they came in.
                    List<Item> byProduct = new ArrayList<>(items);
                    byProduct.sort(java.util.Comparator.comparingLong(Item::productId));
                    for (Item item : byProduct) {
                        stock.setInt(1, item.quantity());
                        stock.setLong(2, item.productId());
                        stock.setInt(3, item.quantity());
                        if (stock.executeUpdate() == 0) {
                            throw new Conflict("not enough stock for product " + item.productId());
                        }
                    }
                    for (int i = 0; i < items.size(); i++) {
                        Item item = items.get(i);
                        line.setLong(1, orderId);
                        line.setInt(2, i + 1);
                        line.setLong(3, item.productId());
                        line.setInt(4, item.quantity());
                        line.setBigDecimal(5, prices.get(i));
                        line.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException | NotFound | Conflict e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return order(orderId);
    }

    /** Cancels a placed order and puts its items back in stock, in one transaction. */
    public Map<String, Object> cancelOrder(long orderId) throws SQLException, NotFound, Conflict {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                         "UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'placed'")) {
                    ps.setLong(1, orderId);
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        order(orderId);
                        throw new Conflict("order " + orderId + " is already cancelled");
                    }
                }
                try (PreparedStatement restock = c.prepareStatement(
                         "UPDATE products SET stock = stock + (SELECT SUM(l.quantity) FROM order_lines l"
                             + " WHERE l.order_id = ? AND l.product_id = products.id)"
                             + " WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ?)")) {
                    restock.setLong(1, orderId);
                    restock.setLong(2, orderId);
                    restock.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException | NotFound | Conflict e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return order(orderId);
    }

    /** One order with its lines. */
    public Map<String, Object> order(long orderId) throws SQLException, NotFound {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT o.id, o.customer_id, o.status, o.placed_at, o.total, l.line_no, l.product_id, p.name,"
                     + " l.quantity, l.unit_price FROM orders o JOIN order_lines l ON l.order_id = o.id"
                     + " JOIN products p ON p.id = l.product_id WHERE o.id = ? ORDER BY l.line_no")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> orders = orders(rs);
                if (orders.isEmpty()) {
                    throw new NotFound("no order " + orderId);
                }
                return orders.get(0);
            }
        }
    }

    /**
     * {@code GET /orders/{id}/summary}, the current implementation: the order with its lines, summed
     * up in Java. {@link OrderSummaryV2} is its rewrite, which HTTP shadowing compares it with.
     */
    public Map<String, Object> orderSummary(long orderId) throws SQLException, NotFound {
        Map<String, Object> order = order(orderId);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
        int items = 0;
        for (Map<String, Object> line : lines) {
            items += (Integer) line.get("quantity");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("order_id", order.get("id"));
        out.put("customer_id", order.get("customer_id"));
        out.put("status", order.get("status"));
        out.put("lines", lines.size());
        out.put("items", items);
        out.put("total", order.get("total"));
        out.put("generated_at", clock.instant().toString());
        return out;
    }

    /** A customer's order history, newest first, with lines and product names. */
    public List<Map<String, Object>> orderHistory(long customerId, int limit) throws SQLException, NotFound {
        customer(customerId);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT o.id, o.customer_id, o.status, o.placed_at, o.total, l.line_no, l.product_id, p.name,"
                     + " l.quantity, l.unit_price FROM orders o JOIN order_lines l ON l.order_id = o.id"
                     + " JOIN products p ON p.id = l.product_id"
                     + " WHERE o.id IN (SELECT id FROM (SELECT id FROM orders WHERE customer_id = ?"
                     + " ORDER BY placed_at DESC, id DESC LIMIT ?) recent)"
                     + " ORDER BY o.placed_at DESC, o.id DESC, l.line_no")) {
            ps.setLong(1, customerId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return orders(rs);
            }
        }
    }

    private static List<Map<String, Object>> orders(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> current = null;
        List<Map<String, Object>> lines = null;
        while (rs.next()) {
            long id = rs.getLong("id");
            if (current == null || !current.get("id").equals(id)) {
                current = new LinkedHashMap<>();
                lines = new ArrayList<>();
                current.put("id", id);
                current.put("customer_id", rs.getLong("customer_id"));
                current.put("status", rs.getString("status"));
                current.put("placed_at", iso(rs.getObject("placed_at", LocalDateTime.class)));
                current.put("total", rs.getBigDecimal("total"));
                current.put("lines", lines);
                out.add(current);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", rs.getInt("line_no"));
            line.put("product_id", rs.getLong("product_id"));
            line.put("product", rs.getString("name"));
            line.put("quantity", rs.getInt("quantity"));
            line.put("unit_price", rs.getBigDecimal("unit_price"));
            lines.add(line);
        }
        return out;
    }

    /** Best-selling products of placed orders: units sold and revenue. */
    public List<Map<String, Object>> topProducts(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT p.id, p.name, SUM(l.quantity) AS units, SUM(l.quantity * l.unit_price) AS revenue"
                     + " FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                     + " WHERE o.status = 'placed' GROUP BY p.id, p.name ORDER BY units DESC, p.id LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong("id"));
                    row.put("name", rs.getString("name"));
                    row.put("units", rs.getLong("units"));
                    row.put("revenue", rs.getBigDecimal("revenue").setScale(2, java.math.RoundingMode.HALF_UP));
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Orders and revenue per day (UTC) over the last {@code days} days, oldest first. */
    public List<Map<String, Object>> revenuePerDay(int days) throws SQLException {
        LocalDateTime since = now().truncatedTo(ChronoUnit.DAYS).minusDays(days - 1L);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT CAST(placed_at AS DATE) AS order_day, COUNT(*) AS orders, SUM(total) AS revenue"
                     + " FROM orders WHERE status = 'placed' AND placed_at >= ?"
                     + " GROUP BY CAST(placed_at AS DATE) ORDER BY order_day")) {
            ps.setObject(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("day", rs.getDate("order_day").toLocalDate().toString());
                    row.put("orders", rs.getLong("orders"));
                    row.put("revenue", rs.getBigDecimal("revenue"));
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Whether the database answers (a trivial query through the pool). */
    public boolean healthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Maps one row. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * The one row of a lookup by key. Like Spring's {@code queryForObject}, it reads on to the end
     * to be sure there is no second row; a result read to its end is also one dualaccess can
     * compare (an unordered result read only in part is skipped as {@code partial}).
     */
    private static <T> T single(ResultSet rs, RowMapper<T> mapper, String notFound) throws SQLException, NotFound {
        T value = optional(rs, mapper);
        if (value == null) {
            throw new NotFound(notFound);
        }
        return value;
    }

    private static <T> T optional(ResultSet rs, RowMapper<T> mapper) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        T value = mapper.map(rs);
        if (rs.next()) {
            throw new SQLException("a lookup by key returned more than one row");
        }
        return value;
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated key");
            }
            return keys.getLong(1);
        }
    }

    private static String iso(LocalDateTime t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC).toInstant().toString();
    }
}
