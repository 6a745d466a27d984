import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A stand-in application for ShadedJarIT: it knows nothing of dualaccess but its URL, and runs
 * with only the shaded jar and the vendor driver on its classpath.
 */
public class ShadedApp {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", "sa", "");
             Statement s = c.createStatement()) {
            System.out.println("connection " + c.getClass().getName());
            s.execute("create table item(id int primary key, name varchar(20))");
            System.out.println("inserted " + s.executeUpdate("insert into item values (1, 'one'), (2, 'two')"));
            try (ResultSet rs = s.executeQuery("select name from item order by id")) {
                while (rs.next()) {
                    System.out.println("row " + rs.getString(1));
                }
            }
        }
        for (String name : new String[] {"com.zaxxer.hikari.HikariDataSource", "org.slf4j.LoggerFactory"}) {
            try {
                Class.forName(name);
                System.out.println("unrelocated " + name);
            } catch (ClassNotFoundException expected) {
                System.out.println("absent " + name);
            }
        }
        Class.forName("io.dualaccess.shaded.com.zaxxer.hikari.HikariDataSource");
        System.out.println("relocated hikari");

        Properties bad = new Properties();
        bad.setProperty("dualaccess.phase", "shadoww");
        try {
            DriverManager.getConnection("jdbc:dualaccess:h2:mem:app", bad);
        } catch (SQLException e) {
            System.out.println("error " + e.getMessage());
        }

        // dual-write runs the whole relocated stack: B's pool, the SQL parser, the breaker, the JSON writers.
        Properties dual = new Properties();
        dual.setProperty("user", "sa");
        dual.setProperty("password", "");
        dual.setProperty("dualaccess.phase", "dual-write");
        dual.setProperty("dualaccess.b.url", "jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
        dual.setProperty("dualaccess.log.file", args[0] + "/comparisons.jsonl");
        dual.setProperty("dualaccess.journal.file", args[0] + "/journal.jsonl");
        try (Connection b = DriverManager.getConnection("jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
             Statement s = b.createStatement()) {
            s.execute("create table item(id int primary key, name varchar(20))");
        }
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", dual);
             Statement s = c.createStatement()) {
            System.out.println("mirrored " + s.executeUpdate("insert into item values (3, 'three')"));
        }
        try (Connection b = DriverManager.getConnection("jdbc:h2:mem:shadedb");
             Statement s = b.createStatement(); ResultSet rs = s.executeQuery("select name from item")) {
            while (rs.next()) {
                System.out.println("b row " + rs.getString(1));
            }
        }

        // live: B answers (here an in-memory H2), A receives the mirror.
        Properties live = new Properties();
        live.setProperty("dualaccess.phase", "live");
        live.setProperty("dualaccess.b.url", "jdbc:h2:mem:shadedb;DB_CLOSE_DELAY=-1");
        live.setProperty("dualaccess.log.file", args[0] + "/comparisons.jsonl");
        live.setProperty("dualaccess.journal.file", args[0] + "/journal.jsonl");
        live.setProperty("user", "sa");
        live.setProperty("password", "");
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:app;DB_CLOSE_DELAY=-1", live);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from item")) {
            rs.next();
            System.out.println("live rows " + rs.getInt(1));
        }
    }
}
