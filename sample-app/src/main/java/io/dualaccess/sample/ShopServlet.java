package io.dualaccess.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's JSON API, one servlet per resource; this base turns the path into segments and the
 * shop's exceptions into status codes.
 */
abstract class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ShopServlet.class);

    /** The shop; servlets are built by the app, never serialized. */
    protected final transient Shop shop;

    ShopServlet(Shop shop) {
        this.shop = shop;
    }

    /**
     * Answers one request.
     *
     * @param post whether it is a POST (otherwise a GET)
     * @param path the path after the servlet's mapping, split on '/', without empty segments
     * @return the JSON body (map or list)
     */
    abstract Object handle(boolean post, List<String> path, HttpServletRequest req)
        throws SQLException, Shop.NotFound, Shop.Conflict, MethodNotAllowed;

    /** Thrown by {@link #handle} for a method the path does not take. */
    static final class MethodNotAllowed extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(false, req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(true, req, resp);
    }

    private void serve(boolean post, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> path = new ArrayList<>();
        String info = req.getPathInfo();
        if (info != null) {
            for (String s : info.split("/")) {
                if (!s.isEmpty()) {
                    path.add(s);
                }
            }
        }
        try {
            Object body = handle(post, path, req);
            // Creating (a POST to the collection itself) answers 201; actions on an existing resource 200.
            send(resp, post && path.isEmpty() ? 201 : 200, body);
        } catch (Shop.NotFound e) {
            send(resp, e.getMessage().startsWith("no ") ? 404 : 400, error(e.getMessage()));
        } catch (NumberFormatException e) {
            send(resp, 400, error("not a number: " + e.getMessage()));
        } catch (Shop.Conflict e) {
            send(resp, 409, error(e.getMessage()));
        } catch (MethodNotAllowed e) {
            send(resp, 405, error(req.getMethod() + " is not allowed on " + req.getRequestURI()));
        } catch (SQLException e) {
            LOG.warn("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            send(resp, 500, error("database error: " + e.getMessage()));
        }
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    static int intParam(HttpServletRequest req, String name, int fallback, int min, int max) throws Shop.NotFound {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        int i = Integer.parseInt(v.trim());
        if (i < min || i > max) {
            throw new Shop.NotFound(name + " must be from " + min + " to " + max + ", was " + i);
        }
        return i;
    }

    static String required(HttpServletRequest req, String name) throws Shop.NotFound {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            throw new Shop.NotFound("missing parameter '" + name + "'");
        }
        return v.trim();
    }

    /** {@code GET /products}, {@code GET /products/{id}}, {@code POST /products/{id}/restock?quantity=}. */
    static final class Products extends ShopServlet {
        private static final long serialVersionUID = 1L;

        Products(Shop shop) {
            super(shop);
        }

        @Override
        Object handle(boolean post, List<String> path, HttpServletRequest req)
                throws SQLException, Shop.NotFound, MethodNotAllowed {
            if (path.isEmpty() && !post) {
                return shop.products();
            }
            if (path.size() == 1 && !post) {
                return shop.product(Long.parseLong(path.get(0)));
            }
            if (path.size() == 2 && post && path.get(1).equals("restock")) {
                return shop.restock(Long.parseLong(path.get(0)), intParam(req, "quantity", 10, 1, 100_000));
            }
            throw new MethodNotAllowed();
        }
    }

    /**
     * {@code GET /customers?offset=&limit=}, {@code POST /customers} (name, email),
     * {@code GET /customers/{id}}, {@code GET /customers/{id}/orders?limit=}.
     */
    static final class Customers extends ShopServlet {
        private static final long serialVersionUID = 1L;

        Customers(Shop shop) {
            super(shop);
        }

        @Override
        Object handle(boolean post, List<String> path, HttpServletRequest req)
                throws SQLException, Shop.NotFound, Shop.Conflict, MethodNotAllowed {
            if (path.isEmpty()) {
                if (post) {
                    return shop.createCustomer(required(req, "name"), required(req, "email"));
                }
                return shop.customers(intParam(req, "offset", 0, 0, Integer.MAX_VALUE), intParam(req, "limit", 20, 1, 1000));
            }
            if (path.size() == 1 && !post) {
                return shop.customer(Long.parseLong(path.get(0)));
            }
            if (path.size() == 2 && !post && path.get(1).equals("orders")) {
                return shop.orderHistory(Long.parseLong(path.get(0)), intParam(req, "limit", 10, 1, 100));
            }
            throw new MethodNotAllowed();
        }
    }

    /**
     * {@code POST /orders} (customer, items as {@code productId:quantity,…}), {@code GET /orders/{id}},
     * {@code POST /orders/{id}/cancel}.
     */
    static final class Orders extends ShopServlet {
        private static final long serialVersionUID = 1L;

        Orders(Shop shop) {
            super(shop);
        }

        @Override
        Object handle(boolean post, List<String> path, HttpServletRequest req)
                throws SQLException, Shop.NotFound, Shop.Conflict, MethodNotAllowed {
            if (path.isEmpty() && post) {
                long customer = Long.parseLong(required(req, "customer"));
                List<Shop.Item> items = new ArrayList<>();
                for (String part : required(req, "items").split(",")) {
                    String[] pq = part.trim().split(":");
                    if (pq.length != 2) {
                        throw new Shop.NotFound("items must look like 3:2,5:1 (product:quantity), was '" + part + "'");
                    }
                    items.add(new Shop.Item(Long.parseLong(pq[0].trim()), Integer.parseInt(pq[1].trim())));
                }
                return shop.placeOrder(customer, items);
            }
            if (path.size() == 1 && !post) {
                return shop.order(Long.parseLong(path.get(0)));
            }
            if (path.size() == 2 && !post && path.get(1).equals("summary")) {
                return shop.orderSummary(Long.parseLong(path.get(0)));
            }
            if (path.size() == 2 && post && path.get(1).equals("cancel")) {
                return shop.cancelOrder(Long.parseLong(path.get(0)));
            }
            throw new MethodNotAllowed();
        }
    }

    /** {@code GET /reports/top-products?limit=}, {@code GET /reports/revenue-per-day?days=}. */
    static final class Reports extends ShopServlet {
        private static final long serialVersionUID = 1L;

        Reports(Shop shop) {
            super(shop);
        }

        @Override
        Object handle(boolean post, List<String> path, HttpServletRequest req)
                throws SQLException, Shop.NotFound, MethodNotAllowed {
            if (!post && path.size() == 1 && path.get(0).equals("top-products")) {
                return shop.topProducts(intParam(req, "limit", 5, 1, 100));
            }
            if (!post && path.size() == 1 && path.get(0).equals("revenue-per-day")) {
                return shop.revenuePerDay(intParam(req, "days", 14, 1, 366));
            }
            throw new MethodNotAllowed();
        }
    }
}
