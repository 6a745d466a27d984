package io.dualaccess.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Creates the shop's tables and seed data on A and on B with plain JDBC connections, never
 * through dualaccess: setting up B is the migration team's job (DDL is not mirrored by default).
 * Tables that exist are kept, and a database that has products is not seeded again, so a
 * restarted app keeps its data.
 */
final class ShopSchema {

    private static final Logger LOG = LoggerFactory.getLogger(ShopSchema.class);

    /** sku, name, price, stock. The last one is the newest product: the {@code missing-row} difference leaves it out of B. */
    static final List<Object[]> PRODUCTS = List.of(
        new Object[] {"KB-101", "Mechanical keyboard", "89.99", 400},
        new Object[] {"MS-220", "Wireless mouse", "24.50", 600},
        new Object[] {"MN-270", "27-inch monitor", "249.00", 150},
        new Object[] {"HS-330", "Headset with microphone", "59.95", 300},
        new Object[] {"WC-040", "HD webcam", "44.99", 250},
        new Object[] {"DK-500", "USB-C dock", "129.90", 200},
        new Object[] {"CB-006", "USB-C cable, 2 m", "9.99", 2000},
        new Object[] {"LS-010", "Laptop stand", "34.00", 350},
        new Object[] {"MP-015", "Mouse pad, large", "14.49", 900},
        new Object[] {"SS-480", "Portable SSD 1 TB", "99.99", 300},
        new Object[] {"HB-007", "USB hub, 7 ports", "27.75", 500},
        new Object[] {"SP-120", "Desk speakers", "64.90", 180},
        new Object[] {"LM-060", "LED desk lamp", "39.99", 260},
        new Object[] {"CH-900", "Office chair", "329.00", 60},
        new Object[] {"DS-140", "Standing desk", "449.50", 40},
        new Object[] {"PN-003", "Stylus pen", "19.95", 700},
        new Object[] {"TB-810", "Drawing tablet", "179.99", 90},
        new Object[] {"MC-210", "USB microphone", "119.00", 120},
        new Object[] {"RT-600", "Wi-Fi router", "149.49", 110},
        new Object[] {"PB-020", "Power bank 20000 mAh", "49.99", 420},
        new Object[] {"CR-001", "SD card reader", "12.90", 800},
        new Object[] {"AD-065", "65 W charger", "39.50", 550},
        new Object[] {"BG-015", "Laptop backpack", "74.99", 230},
        new Object[] {"VR-100", "Ergonomic vertical mouse", "54.99", 140});

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John",
        "Margaret", "Ken", "Radia", "Dennis", "Shafi", "Leslie", "Sophie", "Tim", "Hedy", "Linus", "Katherine", "Niklaus"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
        "McCarthy", "Hamilton", "Thompson", "Perlman", "Ritchie", "Goldwasser", "Lamport", "Wilson", "Berners-Lee",
        "Lamarr", "Torvalds", "Johnson", "Wirth"};

    private ShopSchema() {
    }

    /**
     * Prepares A: tables and the full seed.
     *
     * @param seedTime "now" for the seed's timestamps: the same for A and B, so B is a true copy
     */
    static void prepareA(SampleConfig config, Instant seedTime) throws SQLException {
        prepare(config.aUrl(), config.aUser(), config.aPassword(), 2, true, Set.of(), config, seedTime);
    }

    /** Prepares B: tables (with the planted differences) and, with {@code sample.b-seed=copy}, A's seed. */
    static void prepareB(SampleConfig config, Instant seedTime) throws SQLException {
        Set<Difference> diffs = config.differences();
        int priceScale = diffs.contains(Difference.PRICE_SCALE) ? 1 : 2;
        prepare(config.bUrl(), config.bUser(), config.bPassword(), priceScale, config.bSeed().equals("copy"), diffs,
            config, seedTime);
    }

    private static void prepare(String url, String user, String password, int priceScale, boolean seed,
                                Set<Difference> diffs, SampleConfig config, Instant seedTime) throws SQLException {
        Dialect dialect = Dialect.of(url);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            if (!tableExists(c, "products")) {
                try (Statement s = c.createStatement()) {
                    for (String ddl : dialect.createTables(priceScale)) {
                        s.execute(ddl);
                    }
                }
                LOG.info("created the shop's tables on {}", safeUrl(url));
            }
            if (seed && isEmpty(c)) {
                seed(c, dialect, diffs, config, seedTime);
                LOG.info("seeded {} with {} products, {} customers, {} orders{}", safeUrl(url),
                    PRODUCTS.size() - (diffs.contains(Difference.MISSING_ROW) ? 1 : 0), config.seedCustomers(),
                    config.seedOrders(), diffs.isEmpty() ? "" : " (planted differences: " + diffs + ")");
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : new String[] {table, table.toUpperCase()}) {
            try (ResultSet rs = md.getTables(c.getCatalog(), null, name, new String[] {"TABLE", "BASE TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isEmpty(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /**
     * The same rows on every side (a fixed random seed), with explicit ids so A and B agree; the
     * identity columns are then moved past them.
     */
    private static void seed(Connection c, Dialect dialect, Set<Difference> diffs, SampleConfig config, Instant seedTime)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        Random random = new Random(42);
        Instant now = seedTime.truncatedTo(ChronoUnit.SECONDS);
        int customers = config.seedCustomers();
        int products = PRODUCTS.size();
        try {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, sku, name, price, stock) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < products; i++) {
                    if (i == products - 1 && diffs.contains(Difference.MISSING_ROW)) {
                        continue;
                    }
                    Object[] p = PRODUCTS.get(i);
                    ps.setLong(1, i + 1);
                    ps.setString(2, (String) p[0]);
                    ps.setString(3, (String) p[1]);
                    ps.setBigDecimal(4, new BigDecimal((String) p[2]));
                    ps.setInt(5, (Integer) p[3]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (id, name, email, created_at) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= customers; i++) {
                    String first = FIRST[(i - 1) % FIRST.length];
                    String last = LAST[((i - 1) / FIRST.length + (i - 1)) % LAST.length];
                    ps.setLong(1, i);
                    ps.setString(2, first + " " + last);
                    ps.setString(3, (first + "." + last).toLowerCase().replace(' ', '-') + "." + i + "@example.com");
                    ps.setObject(4, utc(now.minus(30 + (i % 300), ChronoUnit.DAYS)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement order = c.prepareStatement(
                     "INSERT INTO orders (id, customer_id, status, placed_at, total) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement line = c.prepareStatement(
                     "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
                for (int o = 1; o <= config.seedOrders(); o++) {
                    // History only uses products that existed before the newest one, so B's copy is consistent.
                    int lines = 1 + random.nextInt(3);
                    BigDecimal total = BigDecimal.ZERO;
                    List<Integer> used = new ArrayList<>();
                    for (int l = 1; l <= lines; l++) {
                        int product = 1 + random.nextInt(products - 1);
                        if (used.contains(product)) {
                            continue;
                        }
                        used.add(product);
                        int quantity = 1 + random.nextInt(3);
                        BigDecimal price = new BigDecimal((String) PRODUCTS.get(product - 1)[2]);
                        total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
                        line.setLong(1, o);
                        line.setInt(2, used.size());
                        line.setLong(3, product);
                        line.setInt(4, quantity);
                        line.setBigDecimal(5, price);
                        line.addBatch();
                    }
                    order.setLong(1, o);
                    order.setLong(2, 1 + random.nextInt(customers));
                    order.setString(3, random.nextInt(10) == 0 ? "cancelled" : "placed");
                    order.setObject(4, utc(now.minusSeconds(random.nextInt(14 * 24 * 3600))));
                    order.setBigDecimal(5, total);
                    order.addBatch();
                    if (o % 500 == 0) {
                        order.executeBatch();
                        line.executeBatch();
                    }
                }
                order.executeBatch();
                line.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                restart(s, dialect, "products", products + 1);
                restart(s, dialect, "customers", customers + 1);
                restart(s, dialect, "orders", config.seedOrders() + 1L);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void restart(Statement s, Dialect dialect, String table, long next) throws SQLException {
        String sql = dialect.restartIdentity(table, next);
        if (sql != null) {
            s.execute(sql);
        }
    }

    /** Timestamps are stored as UTC wall time, the same on every engine. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The URL without anything after a password-like parameter, for logs. */
    static String safeUrl(String url) {
        int p = url.toLowerCase().indexOf("password");
        return p < 0 ? url : url.substring(0, p) + "****";
    }
}
