package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * B applies what A committed, whatever isolation the application asks of A: a small TPC-C-like
 * workload (new-order and payment transactions from several threads, retried on serialization
 * failures and deadlocks as applications do) at SERIALIZABLE and REPEATABLE READ ends with B equal
 * to A and nothing in the journal; a failed batch in a transaction the application rolls back
 * leaves nothing to repair.
 */
class MirrorIsolationTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final String[] TABLES = {"warehouse", "district", "customer", "stock", "orders", "order_line", "history"};
    /** Each table's primary key, in the order of {@link #TABLES}. */
    private static final String[] KEYS = {"1", "1, 2", "1, 2, 3", "1, 2", "1, 2, 3", "1, 2, 3, 4", "1"};

    @TempDir
    Path dir;

    static List<Arguments> workloads() {
        List<Arguments> out = new ArrayList<>();
        for (int level : new int[] {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_REPEATABLE_READ}) {
            out.add(Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL, level));
            out.add(Arguments.of(Engine.MARIADB, Engine.MARIADB, level));
            out.add(Arguments.of(Engine.POSTGRESQL, Engine.MARIADB, level));
        }
        return out;
    }

    private List<String> journal() throws Exception {
        Path j = dir.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    private DualAccessDataSource.Builder dualWrite(TestDb a, TestDb b) {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
    }

    private static String[] schema(String p) {
        return new String[] {
            "create table " + p + "warehouse (w_id int primary key, w_ytd decimal(12,2) not null)",
            "create table " + p + "district (d_w_id int, d_id int, d_next_o_id int not null, d_ytd decimal(12,2) not null, primary key (d_w_id, d_id))",
            "create table " + p + "customer (c_w_id int, c_d_id int, c_id int, c_balance decimal(12,2) not null, c_payment_cnt int not null, primary key (c_w_id, c_d_id, c_id))",
            "create table " + p + "stock (s_w_id int, s_i_id int, s_quantity int not null, s_ytd int not null, s_order_cnt int not null, primary key (s_w_id, s_i_id))",
            "create table " + p + "orders (o_w_id int, o_d_id int, o_id int, o_c_id int not null, o_ol_cnt int not null, primary key (o_w_id, o_d_id, o_id))",
            "create table " + p + "order_line (ol_w_id int, ol_d_id int, ol_o_id int, ol_number int, ol_i_id int not null, ol_quantity int not null, ol_amount decimal(8,2) not null, primary key (ol_w_id, ol_d_id, ol_o_id, ol_number))",
            "create table " + p + "history (h_id bigint primary key, h_c_id int not null, h_d_id int not null, h_amount decimal(8,2) not null)"};
    }

    private static final int DISTRICTS = 2;
    private static final int CUSTOMERS = 5;
    private static final int ITEMS = 12;

    private static void load(TestDb db, String p) throws SQLException {
        db.run(schema(p));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into " + p + "warehouse values (1, 0)");
            for (int d = 1; d <= DISTRICTS; d++) {
                s.execute("insert into " + p + "district values (1, " + d + ", 1, 0)");
                for (int cu = 1; cu <= CUSTOMERS; cu++) {
                    s.execute("insert into " + p + "customer values (1, " + d + ", " + cu + ", 0, 0)");
                }
            }
            for (int i = 1; i <= ITEMS; i++) {
                s.execute("insert into " + p + "stock values (1, " + i + ", 100, 0, 0)");
            }
        }
    }

    @ParameterizedTest(name = "A={0} B={1} isolation={2}")
    @MethodSource("workloads")
    void tpccLikeWorkloadLeavesBEqualToAWithAnEmptyJournal(Engine ea, Engine eb, int isolation) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String p = "tc" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet() + "_";
        load(a, p);
        load(b, p);
        AtomicLong historyIds = new AtomicLong();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        int threads = 4;
        int perThread = 30;
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.b.pool.max-size", "6").build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                done.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        c.setTransactionIsolation(isolation);
                        for (int n = 0; n < perThread; n++) {
                            boolean newOrder = ThreadLocalRandom.current().nextBoolean();
                            for (int attempt = 0; ; attempt++) {
                                try {
                                    if (newOrder) {
                                        newOrder(c, p);
                                    } else {
                                        payment(c, p, historyIds.incrementAndGet());
                                    }
                                    c.commit();
                                    committed.incrementAndGet();
                                    break;
                                } catch (SQLException e) {
                                    c.rollback();
                                    if (!retryable(e) || attempt > 50) {
                                        throw e;
                                    }
                                    retried.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(committed.get()).isEqualTo(threads * perThread);
        for (int i = 0; i < TABLES.length; i++) {
            String t = TABLES[i];
            String q = "select * from " + p + t + " order by " + KEYS[i];
            assertThat(b.rows(q)).as("%s (A had %d retried transactions)", t, retried.get()).isEqualTo(a.rows(q));
        }
        assertThat(journal()).as("journal").isEmpty();
        for (String t : TABLES) {
            a.run("drop table " + p + t);
            b.run("drop table " + p + t);
        }
    }

    private static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private static void newOrder(Connection c, String p) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int d = 1 + r.nextInt(DISTRICTS);
        int customer = 1 + r.nextInt(CUSTOMERS);
        int oid;
        try (PreparedStatement ps = c.prepareStatement("select d_next_o_id from " + p + "district where d_w_id = 1 and d_id = ? for update")) {
            ps.setInt(1, d);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                oid = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update " + p + "district set d_next_o_id = d_next_o_id + 1 where d_w_id = 1 and d_id = ?")) {
            ps.setInt(1, d);
            ps.executeUpdate();
        }
        int lines = 2 + r.nextInt(3);
        try (PreparedStatement ps = c.prepareStatement("insert into " + p + "orders values (1, ?, ?, ?, ?)")) {
            ps.setInt(1, d);
            ps.setInt(2, oid);
            ps.setInt(3, customer);
            ps.setInt(4, lines);
            ps.executeUpdate();
        }
        for (int l = 1; l <= lines; l++) {
            int item = 1 + r.nextInt(ITEMS);
            int qty = 1 + r.nextInt(5);
            int stock;
            try (PreparedStatement ps = c.prepareStatement("select s_quantity from " + p + "stock where s_w_id = 1 and s_i_id = ? for update")) {
                ps.setInt(1, item);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stock = rs.getInt(1);
                }
            }
            int next = stock - qty >= 10 ? stock - qty : stock - qty + 91;
            try (PreparedStatement ps = c.prepareStatement("update " + p + "stock set s_quantity = ?, s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1 where s_w_id = 1 and s_i_id = ?")) {
                ps.setInt(1, next);
                ps.setInt(2, qty);
                ps.setInt(3, item);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + p + "order_line values (1, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, d);
                ps.setInt(2, oid);
                ps.setInt(3, l);
                ps.setInt(4, item);
                ps.setInt(5, qty);
                ps.setBigDecimal(6, BigDecimal.valueOf(qty * 250L, 2));
                ps.executeUpdate();
            }
        }
    }

    private static void payment(Connection c, String p, long historyId) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int d = 1 + r.nextInt(DISTRICTS);
        int customer = 1 + r.nextInt(CUSTOMERS);
        BigDecimal amount = BigDecimal.valueOf(100 + r.nextInt(500_000), 2);
        try (PreparedStatement ps = c.prepareStatement("update " + p + "warehouse set w_ytd = w_ytd + ? where w_id = 1")) {
            ps.setBigDecimal(1, amount);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("update " + p + "district set d_ytd = d_ytd + ? where d_w_id = 1 and d_id = ?")) {
            ps.setBigDecimal(1, amount);
            ps.setInt(2, d);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select c_balance from " + p + "customer where c_w_id = 1 and c_d_id = ? and c_id = ?")) {
            ps.setInt(1, d);
            ps.setInt(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update " + p + "customer set c_balance = c_balance - ?, c_payment_cnt = c_payment_cnt + 1 where c_w_id = 1 and c_d_id = ? and c_id = ?")) {
            ps.setBigDecimal(1, amount);
            ps.setInt(2, d);
            ps.setInt(3, customer);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + p + "history values (?, ?, ?, ?)")) {
            ps.setLong(1, historyId);
            ps.setInt(2, customer);
            ps.setInt(3, d);
            ps.setBigDecimal(4, amount);
            ps.executeUpdate();
        }
    }

    static List<Arguments> engines() {
        return List.of(Arguments.of(Engine.H2), Arguments.of(Engine.POSTGRESQL), Arguments.of(Engine.MARIADB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aFailedBatchInATransactionRolledBackLeavesNoJournalEntry(Engine e) throws Exception {
        TestDb a = e.a();
        TestDb b = e.b();
        String t = "fb" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet();
        a.run("create table " + t + " (id int primary key)", "insert into " + t + " values (2)");
        b.run("create table " + t + " (id int primary key)", "insert into " + t + " values (2)");
        try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?)")) {
                for (int id : new int[] {1, 2, 3}) {
                    ps.setInt(1, id);
                    ps.addBatch();
                }
                assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + t + " values (4)");
            }
            c.commit();
        }
        assertThat(journal()).isEmpty();
        assertThat(b.rows("select id from " + t + " order by id")).isEqualTo(a.rows("select id from " + t + " order by id"));
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    static List<Arguments> writeSkew() {
        return List.of(Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB));
    }

    /**
     * PostgreSQL's serializable isolation refuses the second commit of a write skew (two
     * transactions each reading what the other writes): A rolled that transaction back, so B rolls it
     * back too and nothing is left to repair. The journal stays empty and no intent stays open (a
     * restart would report one as a divergence).
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("writeSkew")
    void aCommitThatASerializationFailureRefusesLeavesNoJournalEntry(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = "ws" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet();
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + t + " (id int primary key, on_call int not null)", "insert into " + t + " values (1, 1), (2, 1)");
        }
        Path journal = dir.resolve("journal.jsonl");
        try (DualAccessDataSource ds = dualWrite(a, b).build();
             Connection c1 = ds.getConnection();
             Connection c2 = ds.getConnection()) {
            for (Connection c : new Connection[] {c1, c2}) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select sum(on_call) from " + t)) {
                    assertThat(rs.next()).isTrue();
                }
            }
            try (Statement s = c1.createStatement()) {
                s.executeUpdate("update " + t + " set on_call = 0 where id = 1");
            }
            try (Statement s = c2.createStatement()) {
                s.executeUpdate("update " + t + " set on_call = 0 where id = 2");
            }
            c1.commit();
            assertThatThrownBy(c2::commit).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("40001"));
            c2.rollback();
        }
        assertThat(journal()).as("journal").isEmpty();
        assertThat(DivergenceJournal.unfinished(journal)).as("open intents").isEmpty();
        String q = "select id, on_call from " + t + " order by id";
        assertThat(b.rows(q)).isEqualTo(a.rows(q)).containsExactly("1|0", "2|1");
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    /**
     * PostgreSQL lets a transaction update a parent row while another holds a key-share lock on it
     * for a child's foreign key; InnoDB's check holds a shared lock that the mirrored update would
     * wait for, until B's statement timeout (and in an application, the two transactions can wait
     * for each other across A and B). B's pool runs without foreign key checks when B's schema has
     * no referential action, so the update applies at once.
     */
    @org.junit.jupiter.api.Test
    void aParentUpdatedOnAWhileBChecksAChildsKeyDoesNotWaitOnB() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        String p = "fk" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet();
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + p + "_parent (id int primary key, v int not null)",
                "create table " + p + "_child (id int primary key, parent_id int not null,"
                    + " foreign key (parent_id) references " + p + "_parent (id))",
                "insert into " + p + "_parent values (1, 0)");
        }
        assertThat(b.rows("select count(*) from information_schema.referential_constraints where constraint_schema = database()"
            + " and (delete_rule not in ('RESTRICT', 'NO ACTION') or update_rule not in ('RESTRICT', 'NO ACTION'))"))
            .as("no referential action in B's schema (the precondition of auto)").containsExactly("0");
        try (DualAccessDataSource ds = dualWrite(a, b).set("dualaccess.b.statement-timeout", "1s").build();
             Connection child = ds.getConnection();
             Connection parent = ds.getConnection()) {
            child.setAutoCommit(false);
            parent.setAutoCommit(false);
            try (Statement s = child.createStatement()) {
                s.executeUpdate("insert into " + p + "_child values (1, 1)");
            }
            try (Statement s = parent.createStatement()) {
                s.executeUpdate("update " + p + "_parent set v = v + 1 where id = 1");
            }
            child.commit();
            parent.commit();
        }
        assertThat(journal()).as("journal").isEmpty();
        for (String t : new String[] {p + "_parent", p + "_child"}) {
            assertThat(b.rows("select * from " + t + " order by id")).as(t).isEqualTo(a.rows("select * from " + t + " order by id"));
        }
        assertThat(b.rows("select v from " + p + "_parent")).containsExactly("1");
        a.run("drop table " + p + "_child", "drop table " + p + "_parent");
        b.run("drop table " + p + "_child", "drop table " + p + "_parent");
    }

    /** Where B's schema cascades, B's pool keeps its foreign key checks: a mirrored delete of a parent takes its children along on B as on A. */
    @org.junit.jupiter.api.Test
    void aCascadeInBsSchemaKeepsForeignKeyChecksOn() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        String p = "fc" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet();
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + p + "_parent (id int primary key)",
                "create table " + p + "_child (id int primary key, parent_id int not null,"
                    + " foreign key (parent_id) references " + p + "_parent (id) on delete cascade)",
                "insert into " + p + "_parent values (1), (2)",
                "insert into " + p + "_child values (10, 1), (20, 2)");
        }
        try {
            try (DualAccessDataSource ds = dualWrite(a, b).build(); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("delete from " + p + "_parent where id = 1");
            }
            assertThat(journal()).as("journal").isEmpty();
            assertThat(b.rows("select id from " + p + "_child order by id")).containsExactly("20")
                .isEqualTo(a.rows("select id from " + p + "_child order by id"));
        } finally {
            a.run("drop table " + p + "_child", "drop table " + p + "_parent");
            b.run("drop table " + p + "_child", "drop table " + p + "_parent");
        }
    }
}
