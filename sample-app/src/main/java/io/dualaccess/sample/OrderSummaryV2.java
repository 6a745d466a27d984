package io.dualaccess.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rewrite of {@code GET /orders/{id}/summary} that HTTP shadowing compares with
 * {@link Shop#orderSummary}: one aggregate query instead of loading the lines, keys in another
 * order, totals without trailing zeros (12.5 for 12.50). Equal JSON otherwise, except for one
 * planted bug: {@code items} counts the order's lines instead of summing their quantities, so
 * every order with a line of quantity above 1 differs at {@code $.items}.
 */
final class OrderSummaryV2 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DataSource dataSource;
    private final transient Clock clock;

    OrderSummaryV2(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] parts = req.getPathInfo() == null ? new String[0] : req.getPathInfo().split("/");
        if (parts.length != 3 || !parts[2].equals("summary")) {
            ShopServlet.send(resp, 404, ShopServlet.error("the rewrite serves /orders/{id}/summary only"));
            return;
        }
        try {
            Map<String, Object> summary = summary(Long.parseLong(parts[1]));
            if (summary == null) {
                ShopServlet.send(resp, 404, ShopServlet.error("no order " + parts[1]));
            } else {
                ShopServlet.send(resp, 200, summary);
            }
        } catch (NumberFormatException e) {
            ShopServlet.send(resp, 400, ShopServlet.error("not a number: " + e.getMessage()));
        } catch (SQLException e) {
            ShopServlet.send(resp, 500, ShopServlet.error("database error: " + e.getMessage()));
        }
    }

    private Map<String, Object> summary(long orderId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT o.id, o.customer_id, o.status, o.total, COUNT(l.line_no) AS line_count"
                     + " FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = ?"
                     + " GROUP BY o.id, o.customer_id, o.status, o.total")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("generated_at", clock.instant().toString());
                BigDecimal total = rs.getBigDecimal("total");
                out.put("total", total.signum() == 0 ? BigDecimal.ZERO : total.stripTrailingZeros());
                out.put("status", rs.getString("status"));
                out.put("order_id", rs.getLong("id"));
                out.put("lines", rs.getInt("line_count"));
                // The planted bug: lines, not units.
                out.put("items", rs.getInt("line_count"));
                out.put("customer_id", rs.getLong("customer_id"));
                return out;
            }
        }
    }
}
