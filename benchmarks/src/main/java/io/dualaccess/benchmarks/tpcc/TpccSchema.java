package io.dualaccess.benchmarks.tpcc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The TPC-C-like tables, rebuilt identically on A and B before every run (both sides start equal,
 * as after a backfill), generated inside PostgreSQL so a rebuild takes a second. Smaller than
 * TPC-C's (300 customers per district, 10,000 items), the same shape: one home warehouse per
 * terminal, ten districts each, one initial order per customer with five lines.
 */
final class TpccSchema {

    static final int DISTRICTS = 10;
    static final int CUSTOMERS = 300;
    static final int ITEMS = 10_000;
    static final int INITIAL_LINES = 5;
    /** dualaccess's control table ({@code dualaccess.control.table}) for the run's runtimes, dropped with the tables. */
    static final String CONTROL_TABLE = "tpcc_run_control";
    private static final String[] TABLES = {
        "tpcc_history", "tpcc_order_line", "tpcc_new_order", "tpcc_orders", "tpcc_stock", "tpcc_item", "tpcc_customer",
        "tpcc_district", "tpcc_warehouse", CONTROL_TABLE};

    private TpccSchema() {
    }

    /** Drops and recreates the tables on one database with {@code warehouses} warehouses. */
    static void reset(String url, String user, String password, int warehouses) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            s.execute("CREATE TABLE tpcc_warehouse (w_id int primary key, w_name varchar(10) not null, "
                + "w_tax decimal(4,4) not null, w_ytd decimal(12,2) not null)");
            s.execute("CREATE TABLE tpcc_district (d_w_id int, d_id int, d_name varchar(10) not null, d_tax decimal(4,4) not null, "
                + "d_ytd decimal(12,2) not null, d_next_o_id int not null, primary key (d_w_id, d_id))");
            s.execute("CREATE TABLE tpcc_customer (c_w_id int, c_d_id int, c_id int, c_first varchar(16) not null, "
                + "c_last varchar(16) not null, c_credit char(2) not null, c_discount decimal(4,4) not null, "
                + "c_balance decimal(12,2) not null, c_ytd_payment decimal(12,2) not null, c_payment_cnt int not null, "
                + "primary key (c_w_id, c_d_id, c_id))");
            s.execute("CREATE TABLE tpcc_item (i_id int primary key, i_name varchar(24) not null, i_price decimal(5,2) not null)");
            s.execute("CREATE TABLE tpcc_stock (s_w_id int, s_i_id int, s_quantity int not null, s_ytd int not null, "
                + "s_order_cnt int not null, primary key (s_w_id, s_i_id))");
            s.execute("CREATE TABLE tpcc_orders (o_w_id int, o_d_id int, o_id int, o_c_id int not null, "
                + "o_entry_d timestamp not null, o_carrier_id int, o_ol_cnt int not null, primary key (o_w_id, o_d_id, o_id))");
            s.execute("CREATE INDEX tpcc_orders_customer ON tpcc_orders (o_w_id, o_d_id, o_c_id, o_id)");
            s.execute("CREATE TABLE tpcc_new_order (no_w_id int, no_d_id int, no_o_id int, primary key (no_w_id, no_d_id, no_o_id))");
            s.execute("CREATE TABLE tpcc_order_line (ol_w_id int, ol_d_id int, ol_o_id int, ol_number int, ol_i_id int not null, "
                + "ol_supply_w_id int not null, ol_delivery_d timestamp, ol_quantity int not null, ol_amount decimal(6,2) not null, "
                + "primary key (ol_w_id, ol_d_id, ol_o_id, ol_number))");
            s.execute("CREATE TABLE tpcc_history (h_c_id int not null, h_c_d_id int not null, h_c_w_id int not null, "
                + "h_d_id int not null, h_w_id int not null, h_date timestamp not null, h_amount decimal(6,2) not null, "
                + "h_data varchar(24) not null)");

            String w = "generate_series(1, " + warehouses + ") w";
            s.execute("INSERT INTO tpcc_warehouse SELECT w, 'w-' || w, 0.1, 300000 FROM " + w);
            s.execute("INSERT INTO tpcc_district SELECT w, d, 'd-' || d, (d % 10) / 100.0, 30000, " + (CUSTOMERS + 1)
                + " FROM " + w + ", generate_series(1, " + DISTRICTS + ") d");
            s.execute("INSERT INTO tpcc_customer SELECT w, d, c, 'first-' || c, 'last-' || (c % 100), "
                + "CASE WHEN c % 10 = 0 THEN 'BC' ELSE 'GC' END, (c % 50) / 100.0, -10, 10, 1 FROM " + w
                + ", generate_series(1, " + DISTRICTS + ") d, generate_series(1, " + CUSTOMERS + ") c");
            s.execute("INSERT INTO tpcc_item SELECT i, 'item-' || i, 1 + (i * 37 % 9900) / 100.0 FROM generate_series(1, "
                + ITEMS + ") i");
            s.execute("INSERT INTO tpcc_stock SELECT w, i, 10 + i % 91, 0, 0 FROM " + w + ", generate_series(1, " + ITEMS + ") i");
            s.execute("INSERT INTO tpcc_orders SELECT w, d, o, o, timestamp '2026-01-01 00:00:00' + o * interval '1 second', "
                + "1 + o % 10, " + INITIAL_LINES + " FROM " + w + ", generate_series(1, " + DISTRICTS + ") d, generate_series(1, "
                + CUSTOMERS + ") o");
            s.execute("INSERT INTO tpcc_order_line SELECT w, d, o, l, 1 + (o * 31 + l * 17) % " + ITEMS + ", w, "
                + "timestamp '2026-01-01 00:00:00' + o * interval '1 second', 5, 12.34 FROM " + w + ", generate_series(1, "
                + DISTRICTS + ") d, generate_series(1, " + CUSTOMERS + ") o, generate_series(1, " + INITIAL_LINES + ") l");
            for (String t : TABLES) {
                if (!t.equals(CONTROL_TABLE)) {
                    s.execute("ANALYZE " + t);
                }
            }
        }
    }
}
