package io.dualaccess.benchmarks.tpcc;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.SplittableRandom;

/**
 * One TPC-C-like terminal: a home warehouse, and the transactions of the mix, each on a connection
 * borrowed from the pool with auto-commit off, committed at the end (rolled back on failure). It
 * counts the reads it runs, so the share of reads compared is taken against what the application
 * really issued.
 */
final class TpccTerminal {

    /** The transactions of the mix and their share in percent (TPC-C's, without delivery). */
    enum Tx {
        NEW_ORDER(45), PAYMENT(43), ORDER_STATUS(8), STOCK_LEVEL(4);

        final int percent;

        Tx(int percent) {
            this.percent = percent;
        }

        static Tx pick(int percent) {
            int sum = 0;
            for (Tx t : values()) {
                sum += t.percent;
                if (percent < sum) {
                    return t;
                }
            }
            return STOCK_LEVEL;
        }
    }

    private static final String UPD_DISTRICT_NEXT = "UPDATE tpcc_district SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?";
    private static final String INS_ORDERS = "INSERT INTO tpcc_orders (o_w_id, o_d_id, o_id, o_c_id, o_entry_d, "
                + "o_carrier_id, o_ol_cnt) VALUES (?, ?, ?, ?, ?, NULL, ?)";
    private static final String INS_NEW_ORDER = "INSERT INTO tpcc_new_order (no_w_id, no_d_id, no_o_id) VALUES (?, ?, ?)";
    private static final String UPD_STOCK = "UPDATE tpcc_stock SET s_quantity = ?, s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1 WHERE s_w_id = ? AND s_i_id = ?";
    private static final String INS_LINE = "INSERT INTO tpcc_order_line (ol_w_id, ol_d_id, ol_o_id, ol_number, "
                 + "ol_i_id, ol_supply_w_id, ol_delivery_d, ol_quantity, ol_amount) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)";
    private static final String UPD_WAREHOUSE_YTD = "UPDATE tpcc_warehouse SET w_ytd = w_ytd + ? WHERE w_id = ?";
    private static final String UPD_DISTRICT_YTD = "UPDATE tpcc_district SET d_ytd = d_ytd + ? WHERE d_w_id = ? AND d_id = ?";
    private static final String UPD_CUSTOMER = "UPDATE tpcc_customer SET c_balance = c_balance - ?, "
                + "c_ytd_payment = c_ytd_payment + ?, c_payment_cnt = c_payment_cnt + 1 WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?";
    private static final String INS_HISTORY = "INSERT INTO tpcc_history (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, "
                + "h_date, h_amount, h_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource ds;
    /** Mode {@code by-hand}: the writes mirrored to B by this terminal itself; null otherwise. */
    private final HandMirror hand;
    private final int warehouse;
    private final SplittableRandom rnd;
    /** Reads (queries) this terminal ran, and those of them inside a transaction after its first write. */
    long reads;
    long readsAfterWrite;
    private long clock = System.currentTimeMillis();

    TpccTerminal(DataSource ds, int warehouse, long seed) {
        this(ds, null, warehouse, seed);
    }

    TpccTerminal(DataSource ds, HandMirror hand, int warehouse, long seed) {
        this.ds = ds;
        this.hand = hand;
        this.warehouse = warehouse;
        this.rnd = new SplittableRandom(seed);
    }

    void run(Tx tx) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                switch (tx) {
                    case NEW_ORDER -> newOrder(c);
                    case PAYMENT -> payment(c);
                    case ORDER_STATUS -> orderStatus(c);
                    case STOCK_LEVEL -> stockLevel(c);
                    default -> throw new IllegalStateException(tx.name());
                }
                c.commit();
                if (hand != null) {
                    hand.commit();
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                if (hand != null) {
                    try {
                        hand.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                }
                throw e;
            }
        }
    }

    /** Client-side timestamps, strictly increasing: the same value reaches A and B (no now() in mirrored SQL). */
    private Timestamp now() {
        clock = Math.max(clock + 1, System.currentTimeMillis());
        return new Timestamp(clock);
    }

    private void newOrder(Connection c) throws SQLException {
        int d = 1 + rnd.nextInt(TpccSchema.DISTRICTS);
        int cust = 1 + rnd.nextInt(TpccSchema.CUSTOMERS);
        int lines = 5 + rnd.nextInt(11);
        try (PreparedStatement ps = c.prepareStatement("SELECT w_tax FROM tpcc_warehouse WHERE w_id = ?")) {
            ps.setInt(1, warehouse);
            one(ps, false);
        }
        int orderId;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d_tax, d_next_o_id FROM tpcc_district WHERE d_w_id = ? AND d_id = ? FOR UPDATE")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            reads++;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getBigDecimal(1);
                orderId = rs.getInt(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPD_DISTRICT_NEXT)) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(UPD_DISTRICT_NEXT, warehouse, d);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT c_discount, c_last, c_credit FROM tpcc_customer WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, cust);
            one(ps, true);
        }
        try (PreparedStatement ps = c.prepareStatement(INS_ORDERS)) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, orderId);
            ps.setInt(4, cust);
            Timestamp entry = now();
            ps.setTimestamp(5, entry);
            ps.setInt(6, lines);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(INS_ORDERS, warehouse, d, orderId, cust, entry, lines);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INS_NEW_ORDER)) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, orderId);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(INS_NEW_ORDER, warehouse, d, orderId);
            }
        }
        try (PreparedStatement item = c.prepareStatement("SELECT i_price, i_name FROM tpcc_item WHERE i_id = ?");
             PreparedStatement stock = c.prepareStatement(
                 "SELECT s_quantity FROM tpcc_stock WHERE s_w_id = ? AND s_i_id = ? FOR UPDATE");
             PreparedStatement update = c.prepareStatement(UPD_STOCK);
             PreparedStatement line = c.prepareStatement(INS_LINE)) {
            for (int l = 1; l <= lines; l++) {
                int i = 1 + rnd.nextInt(TpccSchema.ITEMS);
                int qty = 1 + rnd.nextInt(10);
                item.setInt(1, i);
                BigDecimal price;
                reads++;
                readsAfterWrite++;
                try (ResultSet rs = item.executeQuery()) {
                    rs.next();
                    price = rs.getBigDecimal(1);
                    rs.getString(2);
                }
                stock.setInt(1, warehouse);
                stock.setInt(2, i);
                int have;
                reads++;
                readsAfterWrite++;
                try (ResultSet rs = stock.executeQuery()) {
                    rs.next();
                    have = rs.getInt(1);
                }
                int left = have >= qty + 10 ? have - qty : have - qty + 91;
                update.setInt(1, left);
                update.setInt(2, qty);
                update.setInt(3, warehouse);
                update.setInt(4, i);
                update.executeUpdate();
                if (hand != null) {
                    hand.write(UPD_STOCK, left, qty, warehouse, i);
                }
                line.setInt(1, warehouse);
                line.setInt(2, d);
                line.setInt(3, orderId);
                line.setInt(4, l);
                line.setInt(5, i);
                line.setInt(6, warehouse);
                line.setInt(7, qty);
                BigDecimal amount = price.multiply(BigDecimal.valueOf(qty));
                line.setBigDecimal(8, amount);
                line.executeUpdate();
                if (hand != null) {
                    hand.write(INS_LINE, warehouse, d, orderId, l, i, warehouse, qty, amount);
                }
            }
        }
    }

    private void payment(Connection c) throws SQLException {
        int d = 1 + rnd.nextInt(TpccSchema.DISTRICTS);
        int cust = 1 + rnd.nextInt(TpccSchema.CUSTOMERS);
        BigDecimal amount = BigDecimal.valueOf(100 + rnd.nextInt(500_000), 2);
        try (PreparedStatement ps = c.prepareStatement("SELECT w_name FROM tpcc_warehouse WHERE w_id = ?")) {
            ps.setInt(1, warehouse);
            one(ps, false);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT d_name FROM tpcc_district WHERE d_w_id = ? AND d_id = ?")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            one(ps, false);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT c_first, c_last, c_balance, c_credit FROM tpcc_customer "
                + "WHERE c_w_id = ? AND c_d_id = ? AND c_id = ? FOR UPDATE")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, cust);
            one(ps, false);
        }
        try (PreparedStatement ps = c.prepareStatement(UPD_WAREHOUSE_YTD)) {
            ps.setBigDecimal(1, amount);
            ps.setInt(2, warehouse);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(UPD_WAREHOUSE_YTD, amount, warehouse);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPD_DISTRICT_YTD)) {
            ps.setBigDecimal(1, amount);
            ps.setInt(2, warehouse);
            ps.setInt(3, d);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(UPD_DISTRICT_YTD, amount, warehouse, d);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPD_CUSTOMER)) {
            ps.setBigDecimal(1, amount);
            ps.setBigDecimal(2, amount);
            ps.setInt(3, warehouse);
            ps.setInt(4, d);
            ps.setInt(5, cust);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(UPD_CUSTOMER, amount, amount, warehouse, d, cust);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INS_HISTORY)) {
            ps.setInt(1, cust);
            ps.setInt(2, d);
            ps.setInt(3, warehouse);
            ps.setInt(4, d);
            ps.setInt(5, warehouse);
            Timestamp date = now();
            ps.setTimestamp(6, date);
            ps.setBigDecimal(7, amount);
            String data = "w-" + warehouse + " d-" + d;
            ps.setString(8, data);
            ps.executeUpdate();
            if (hand != null) {
                hand.write(INS_HISTORY, cust, d, warehouse, d, warehouse, date, amount, data);
            }
        }
    }

    private void orderStatus(Connection c) throws SQLException {
        int d = 1 + rnd.nextInt(TpccSchema.DISTRICTS);
        int cust = 1 + rnd.nextInt(TpccSchema.CUSTOMERS);
        try (PreparedStatement ps = c.prepareStatement("SELECT c_first, c_last, c_balance FROM tpcc_customer "
                + "WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, cust);
            one(ps, false);
        }
        int orderId = -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT o_id, o_carrier_id, o_entry_d FROM tpcc_orders "
                + "WHERE o_w_id = ? AND o_d_id = ? AND o_c_id = ? ORDER BY o_id DESC LIMIT 1")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, cust);
            reads++;
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    orderId = rs.getInt(1);
                    rs.getObject(2);
                    rs.getTimestamp(3);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_delivery_d "
                + "FROM tpcc_order_line WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ? ORDER BY ol_number")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, orderId);
            reads++;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getInt(1);
                    rs.getInt(2);
                    rs.getInt(3);
                    rs.getBigDecimal(4);
                    rs.getTimestamp(5);
                }
            }
        }
    }

    private void stockLevel(Connection c) throws SQLException {
        int d = 1 + rnd.nextInt(TpccSchema.DISTRICTS);
        int next;
        try (PreparedStatement ps = c.prepareStatement("SELECT d_next_o_id FROM tpcc_district WHERE d_w_id = ? AND d_id = ?")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            reads++;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT s.s_i_id) FROM tpcc_order_line ol "
                + "JOIN tpcc_stock s ON s.s_w_id = ol.ol_w_id AND s.s_i_id = ol.ol_i_id "
                + "WHERE ol.ol_w_id = ? AND ol.ol_d_id = ? AND ol.ol_o_id >= ? AND ol.ol_o_id < ? AND s.s_quantity < ?")) {
            ps.setInt(1, warehouse);
            ps.setInt(2, d);
            ps.setInt(3, next - 20);
            ps.setInt(4, next);
            ps.setInt(5, 10 + rnd.nextInt(11));
            one(ps, false);
        }
    }

    /** Runs a query and reads every column of its first row. */
    private void one(PreparedStatement ps, boolean afterWrite) throws SQLException {
        reads++;
        if (afterWrite) {
            readsAfterWrite++;
        }
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                int n = rs.getMetaData().getColumnCount();
                for (int i = 1; i <= n; i++) {
                    rs.getObject(i);
                }
            }
        }
    }
}
