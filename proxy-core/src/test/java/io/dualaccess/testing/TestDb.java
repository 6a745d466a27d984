package io.dualaccess.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** One test database: its URL and credentials, a plain DataSource, and helpers to set up and read tables. */
public record TestDb(Engine engine, String url, String user, String password) {

    /** A new connection straight to the database (no dualaccess). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A DataSource that opens plain connections, as an application's pool would. */
    public DataSource dataSource() {
        return new OpeningDataSource((u, p) -> u == null ? connect() : DriverManager.getConnection(url, u, p));
    }

    /** Runs statements directly, each in autocommit. */
    public void run(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Every row of a query as text, one string per row ("1|x|3"), numbers normalised by value. */
    public List<String> rows(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.math.BigDecimal d) {
                        v = d.stripTrailingZeros().toPlainString();
                    } else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                        v = n.longValue();
                    }
                    b.append(i > 1 ? "|" : "").append(v);
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return engine + " " + url;
    }
}
